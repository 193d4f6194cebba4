import { describe, expect, it } from 'vitest';
import { findOwnerTools } from '@engine/owner/tool-paths';

describe('findOwnerTools for Windows’ tools', () => {
  it('looks for typeperf and tasklist only on Windows', () => {
    if (process.platform === 'win32') return;
    expect(findOwnerTools()).toMatchObject({ typeperf: null, tasklist: null });
    expect(findOwnerTools({ tools: { typeperf: null, tasklist: null } })).toMatchObject({
      typeperf: null,
      tasklist: null,
    });
  });

  it('takes the paths a tuning gives, on any platform (tests point them at fakes)', () => {
    const tools = findOwnerTools({
      tools: { nvidiaSmi: null, rocmSmi: null, typeperf: '/fake/typeperf', tasklist: '/fake/tasklist' },
    });
    expect(tools).toMatchObject({
      nvidiaSmi: null,
      rocmSmi: null,
      typeperf: '/fake/typeperf',
      tasklist: '/fake/tasklist',
    });
  });
});
