import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { RELAYED_HEADER, RelayedTaskMark } from '@engine/server/relayed-task';

const req = (headers: Record<string, string | string[]>) => ({ headers }) as unknown as IncomingMessage;

describe('the mark of a task the relay worker handed over', () => {
  it('is recognised only with this process’s own secret', () => {
    const mark = new RelayedTaskMark();
    const other = new RelayedTaskMark();
    expect(mark.matches(req(mark.header))).toBe(true);
    expect(mark.matches(req(other.header))).toBe(false);
    expect(mark.matches(req({}))).toBe(false);
    expect(mark.matches(req({ [RELAYED_HEADER]: '1' }))).toBe(false);
    expect(mark.matches(req({ [RELAYED_HEADER]: [mark.header[RELAYED_HEADER]!, 'x'] }))).toBe(false);
  });
});
