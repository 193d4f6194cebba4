/**
 * A refusal reaches the page in the person's language: the engine raises it as a sentence, the body carries that
 * sentence beside its English message, and every command's answer is said in the page's language on the way in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, type ProviderApi, type Result } from '@shared/contract';
import { COMMAND_NAMES } from '@shared/contract/channels';
import { said } from '@shared/i18n/said';
import { createSay, english } from '@shared/i18n/say';
import { speakWith } from '@shared/i18n/current';
import { inPageLanguage } from '@renderer/api/in-page-language';

afterEach(() => speakWith(() => english));

const LINK_LOCAL = said('setup.problem.linkLocal', { byName: 'no' });

/** An API whose every command answers with `result`, and whose events are counted. */
function answering(result: Result<unknown>): ProviderApi & { listened: number } {
  const api = { apiVersion: 1, transport: 'ipc', listened: 0 } as Record<string, unknown> & { listened: number };
  for (const name of COMMAND_NAMES) api[name] = () => Promise.resolve(result);
  api.onSnapshot = () => {
    api.listened += 1;
    return () => undefined;
  };
  api.onEngineEvent = api.onSnapshot;
  return api as unknown as ProviderApi & { listened: number };
}

describe('a refusal in the page language', () => {
  it('carries the English message for logs and the sentence for pages', () => {
    const err = new ContractError('needs_confirmation', LINK_LOCAL, [
      { path: 'url', message: LINK_LOCAL },
      { path: 'port', message: 'plain' },
    ]);
    expect(err.message).toBe(english.said(LINK_LOCAL));
    expect(err.body).toEqual({
      code: 'needs_confirmation',
      message: english.said(LINK_LOCAL),
      said: LINK_LOCAL,
      issues: [
        { path: 'url', message: english.said(LINK_LOCAL), said: LINK_LOCAL },
        { path: 'port', message: 'plain' },
      ],
    });
    expect(new ContractError('internal', 'a plain message').body).toEqual({
      code: 'internal',
      message: 'a plain message',
    });
  });

  it('says the message and the field problems in German on a German page, for every command', async () => {
    speakWith(() => createSay('de', 'de-DE'));
    const body = new ContractError('needs_confirmation', LINK_LOCAL, [{ path: 'url', message: LINK_LOCAL }]).body;
    const api = inPageLanguage(answering({ ok: false, error: body }));
    const german = createSay('de', 'de-DE').said(LINK_LOCAL);
    expect(german).not.toBe(body.message);
    for (const name of COMMAND_NAMES) {
      const r = await (api[name] as (q: unknown) => Promise<Result<unknown>>)({});
      expect(r, name).toEqual({
        ok: false,
        error: { ...body, message: german, issues: [{ ...body.issues![0], message: german }] },
      });
    }
  });

  it('leaves answers, plain messages and events as they came', async () => {
    speakWith(() => createSay('de', 'de-DE'));
    expect(await inPageLanguage(answering({ ok: true, value: 7 })).getSnapshot({})).toEqual({ ok: true, value: 7 });
    const plain = {
      ok: false as const,
      error: { code: 'internal' as const, message: 'The node host does not answer.' },
    };
    expect(await inPageLanguage(answering(plain)).pause({})).toEqual(plain);
    const raw = answering(plain);
    const api = inPageLanguage(raw);
    api.onSnapshot(() => undefined);
    api.onEngineEvent(() => undefined);
    expect(raw.listened).toBe(2);
    expect(api.transport).toBe('ipc');
  });
});
