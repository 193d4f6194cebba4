/**
 * When the Earnings page asks for its report again: whenever the engine's earnings move, and whenever the gateway's
 * spending does (a paid request), so the "Earned and spent" figures follow without a task being served.
 */
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useEarningsChangeKey } from '@renderer/pages/earnings/useEarningsReport';
import { connectedTo, snapshot } from '../../support/fixtures';

describe('useEarningsChangeKey', () => {
  it('changes when today’s gateway spending moves, and not when nothing the page shows did', () => {
    const base = snapshot();
    act(() => connectedTo(base));
    const { result } = renderHook(() => useEarningsChangeKey());
    const before = result.current;
    act(() => connectedTo({ ...base, emittedAt: '2026-11-21T10:00:05.000Z' }));
    expect(result.current).toBe(before);
    act(() => connectedTo({ ...base, gateway: { ...base.gateway, spentToday: 0.0375 } }));
    expect(result.current).not.toBe(before);
  });
});
