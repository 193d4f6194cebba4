import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-preload/contract';
import { toFormValues, toPatch } from '../../../src-renderer/src/settings-form';

describe('the settings form', () => {
  it('turns the completion check box into a boolean patch, and sends nothing when it is unchanged', () => {
    const saved = { ...DEFAULT_SETTINGS };
    const values = toFormValues(saved);
    expect(values.offerCompletion).toBe('true');
    expect(toPatch(values, saved).patch).toEqual({});
    expect(toPatch({ ...values, offerCompletion: 'false' }, saved).patch).toEqual({ offerCompletion: false });
  });

  it('never sends a field the host fixed for this run', () => {
    const saved = { ...DEFAULT_SETTINGS };
    const values = { ...toFormValues(saved), offerCompletion: 'false', maxTokens: '512' };
    expect(toPatch(values, saved, new Set(['offerCompletion'])).patch).toEqual({ maxTokens: 512 });
  });
});
