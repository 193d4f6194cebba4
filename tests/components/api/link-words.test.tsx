/**
 * What the page says when its link to the node host fails: in the person's language, the same English as before
 * for an English page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSay } from '@shared/i18n/say';
import { speakWith } from '@shared/i18n/current';
import { checkSession } from '@renderer/api/session';
import { asResult } from '@renderer/api/results';

const unreachable = (() => Promise.reject(new Error('refused'))) as unknown as typeof fetch;
const answering = (status: number, body: unknown) =>
  (() => Promise.resolve(new Response(JSON.stringify(body), { status }))) as unknown as typeof fetch;

afterEach(() => speakWith(() => createSay('en')));

describe('the link to the node host, in words', () => {
  it('says in English what it said before', async () => {
    speakWith(() => createSay('en'));
    expect(await checkSession('t', unreachable)).toEqual({
      kind: 'unreachable',
      message: 'The node host does not answer.',
    });
    expect(await checkSession('t', answering(502, {}))).toEqual({
      kind: 'unreachable',
      message: 'The node host answered HTTP 502.',
    });
    expect(asResult(42)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'The node host sent a malformed answer.' },
    });
  });

  it('says it in German on a German page', async () => {
    speakWith(() => createSay('de', 'de-DE'));
    expect(await checkSession('t', unreachable)).toEqual({
      kind: 'unreachable',
      message: 'Der Knoten-Host antwortet nicht.',
    });
    expect(await checkSession('t', answering(401, {}))).toEqual({
      kind: 'unauthorized',
      message: 'Zugriffstoken fehlt oder ist falsch.',
    });
    expect(await checkSession('t', answering(200, { apiVersion: 'x' }))).toEqual({
      kind: 'unreachable',
      message: 'Der Knoten-Host hat eine Antwort geschickt, die diese Seite nicht versteht.',
    });
    expect(asResult({ ok: false })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Der Knoten-Host hat eine fehlerhafte Antwort geschickt.' },
    });
  });
});
