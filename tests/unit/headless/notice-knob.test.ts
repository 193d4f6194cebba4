/** The headless host's test knob for the notice debounce: environment only, a whole number of milliseconds. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseHeadlessConfig } from '@main/headless/config';

const parse = (env: NodeJS.ProcessEnv) => parseHeadlessConfig([], { HOME: '/home/test', ...env });

describe('IICP_NOTICE_DEBOUNCE_MS', () => {
  it('is absent unless set (the engine keeps its 60 s)', () => {
    expect(parse({})).not.toHaveProperty('noticeDebounceMs');
    expect(parse({ IICP_NOTICE_DEBOUNCE_MS: '' })).not.toHaveProperty('noticeDebounceMs');
  });

  it('shortens the debounce for a test', () => {
    expect(parse({ IICP_NOTICE_DEBOUNCE_MS: '1500' })).toMatchObject({ noticeDebounceMs: 1500 });
  });

  it('refuses anything but a whole number of milliseconds up to an hour', () => {
    for (const bad of ['soon', '-1', '1.5', '3600001']) {
      expect(() => parse({ IICP_NOTICE_DEBOUNCE_MS: bad }), bad).toThrow(ConfigError);
    }
  });
});
