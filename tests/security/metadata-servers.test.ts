/**
 * An LLM server address that leads to a cloud provider's metadata service (169.254.169.254, and link-local addresses
 * in general: 169.254.0.0/16, fe80::/10), against a real node through its command dispatcher, as the page and the
 * headless bridge reach it. Such an address is on the LAN by the ranges, so before it was taken and polled like any
 * other server (`addServer http://169.254.169.254` answered with the new settings and the node looked at it at once).
 * Now every way a server address comes in (addServer, chooseBackend, updateSettings, the wizard's search) refuses it
 * with `needs_confirmation` and plain words until the request says the person confirmed it; a name is judged on what
 * it resolves to. "DNS" is tests/support/fake-dns.ts: the node's resolver seam and the process's own `dns.lookup`,
 * so a connection to the name is seen as a lookup of it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContractErrorBody, Settings } from '@shared/contract';
import type { Said } from '@shared/i18n/said';
import { createSay, english } from '@shared/i18n/say';
import { speakWith } from '@shared/i18n/current';
import { resultInPageLanguage } from '@renderer/api/in-page-language';
import { createDispatcher, type Dispatch } from '@shared/contract/dispatch';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { eventually } from '../support/eventually';
import { installFakeDns, type FakeDns } from '../support/fake-dns';
import { startNode, type NodeHarness } from '../support/node-harness';

const METADATA_NAME = 'metadata.cloud-provider.example';
/** Port 9 (discard): once confirmed, the node's looks go to an address that answers nothing, whatever runs the test. */
const METADATA = 'http://169.254.169.254:9';
const LINK_LOCAL_V6 = 'http://[fe80::1]:9';
const BY_NAME = `http://${METADATA_NAME}:9`;
const WORDS =
  "This is a link-local address, like a cloud provider's metadata service. The node does not call it unless you confirm it.";
/** The same words as the sentence a page says in its person's language. */
const LINK_LOCAL: Said = { id: 'setup.problem.linkLocal', values: { byName: 'no' } };
const NAME_WORDS =
  "This name leads to a link-local address, like a cloud provider's metadata service. The node does not call it unless you confirm it.";

let backend: FakeBackend;
let dns: FakeDns;
/** Lookups of the name by the node's judge (its resolver seam); the others are connections. */
let judged = 0;
let h: NodeHarness;
let dispatch: Dispatch;

beforeAll(async () => {
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  dns = installFakeDns((host) => (host === METADATA_NAME ? ['169.254.169.254'] : null));
  const resolve = dns.resolve;
  // No server set up yet and none fixed by the host: every command may change them.
  h = await startNode(
    {},
    { tuning: { resolveHost: async (host) => (host === METADATA_NAME && judged++, resolve(host)) } },
  );
  dispatch = createDispatcher(h.node.commandHandlers());
});

afterAll(async () => {
  await h?.stop();
  dns?.restore();
  await backend?.close();
});

const connectionLookups = () => dns.asked.filter((host) => host === METADATA_NAME).length - judged;
const servers = () => h.node.getSnapshot().backend.servers.map((s) => s.url);
const settings = () => h.node.getSettings();

async function refused(command: string, request: unknown): Promise<ContractErrorBody> {
  const r = await dispatch(command, request);
  if (r.ok) throw new Error(`${command} was accepted`);
  return r.error;
}

async function accepted(command: string, request: unknown): Promise<Settings> {
  const r = await dispatch(command, request);
  if (!r.ok) throw new Error(`${command} was refused: ${JSON.stringify(r.error)}`);
  return r.value as Settings;
}

describe('a link-local LLM server address', () => {
  it('is refused by every command that takes a server address, with a stable code and plain words', async () => {
    for (const url of [
      METADATA,
      'http://169.254.169.254',
      'http://[::ffff:169.254.169.254]/',
      'http://2852039166/',
      LINK_LOCAL_V6,
    ]) {
      expect(await refused('addServer', { url })).toEqual({
        code: 'needs_confirmation',
        message: WORDS,
        said: LINK_LOCAL,
        issues: [{ path: 'url', message: WORDS, said: LINK_LOCAL }],
      });
      expect(await refused('addServer', { url, confirmLinkLocal: false })).toMatchObject({
        code: 'needs_confirmation',
      });
      expect(await refused('chooseBackend', { url, defaultModel: null, excludedModels: [] })).toMatchObject({
        code: 'needs_confirmation',
        message: WORDS,
      });
    }
    // Settings take no confirmation: the refusal says where to give it.
    expect(await refused('updateSettings', { backendUrl: METADATA })).toMatchObject({
      code: 'needs_confirmation',
      message: `${WORDS} To use it, choose it in setup (Settings, Run setup again) or add it under LLM servers, where you can confirm it.`,
      issues: [{ path: 'backendUrl' }],
    });
    expect(await refused('updateSettings', { moreBackends: [{ id: 'meta1', url: LINK_LOCAL_V6 }] })).toMatchObject({
      code: 'needs_confirmation',
      issues: [{ path: 'moreBackends.0.url' }],
    });
    expect(settings()).toMatchObject({ backendUrl: null, moreBackends: [] });
    expect(servers()).toEqual([]);
  });

  it('is refused when a name leads to it, and the node never connects to that name', async () => {
    await accepted('addServer', { url: backend.url });
    expect(await refused('addServer', { url: BY_NAME })).toMatchObject({
      code: 'needs_confirmation',
      message: NAME_WORDS,
    });
    expect(judged).toBeGreaterThan(0);
    // A full round of looks at the node's servers later, still no connection to the name.
    const calls = backend.calls.length;
    await dispatch('checkAgain', {});
    await eventually(() => expect(backend.calls.length).toBeGreaterThan(calls));
    expect(connectionLookups()).toBe(0);
    expect(servers()).toEqual([backend.url]);
  });

  it('is taken once the person confirms it, and only then looked at', async () => {
    const added = await accepted('addServer', { url: BY_NAME, confirmLinkLocal: true });
    expect(added.moreBackends.map((b) => b.url)).toEqual([BY_NAME]);
    await eventually(() => expect(connectionLookups()).toBeGreaterThan(0));
    await accepted('addServer', { url: METADATA, confirmLinkLocal: true });
    await accepted('addServer', { url: LINK_LOCAL_V6, confirmLinkLocal: true });
    expect(servers()).toEqual([backend.url, BY_NAME, METADATA, LINK_LOCAL_V6]);
    // Known now: saving the settings with it again needs no new confirmation.
    await accepted('updateSettings', { moreBackends: settings().moreBackends });
  });

  it('confirming never lets an address off the local network in', async () => {
    for (const url of ['http://8.8.8.8:11434', 'http://[2001:4860::1]:11434', 'http://192.0.2.1:11434']) {
      expect(await refused('addServer', { url, confirmLinkLocal: true }), url).toMatchObject({
        code: 'invalid_request',
        message: 'Only a server on this computer or your local network can be used.',
      });
      expect(
        await refused('chooseBackend', { url, confirmLinkLocal: true, defaultModel: null, excludedModels: [] }),
        url,
      ).toMatchObject({ code: 'invalid_request' });
    }
    expect(await refused('updateSettings', { backendUrl: 'http://8.8.8.8:11434' })).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'backendUrl' }],
    });
  });

  it("the wizard's search asks before it calls one, and calls it once confirmed", async () => {
    const search = async (request: unknown) => {
      const r = await dispatch('detectBackends', request);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const found = (
        r.value as { candidates: { url: string; found: boolean; problem: Said | null; needsConfirmation?: true }[] }
      ).candidates.find((c) => c.url === 'http://169.254.169.254:7');
      // The search's problem travels as a sentence id; the page says it in the person's language, read here in English.
      return found && { ...found, problem: found.problem && english.said(found.problem) };
    };
    expect(await search({ extraUrls: ['http://169.254.169.254:7'] })).toMatchObject({
      found: false,
      needsConfirmation: true,
      problem: WORDS,
    });
    const confirmed = await search({
      extraUrls: ['http://169.254.169.254:7'],
      confirmedUrls: ['http://169.254.169.254:7'],
    });
    expect(confirmed).not.toHaveProperty('needsConfirmation');
    expect(confirmed?.problem).not.toBe(WORDS);
    // The servers the node already uses were confirmed when they came in: the search calls them without asking again.
    const r = await dispatch('detectBackends', { extraUrls: [METADATA] });
    expect(
      r.ok &&
        (r.value as { candidates: { url: string; needsConfirmation?: true }[] }).candidates.find(
          (c) => c.url === METADATA,
        ),
    ).not.toHaveProperty('needsConfirmation');
  });
});

describe('a refusal on a German page', () => {
  afterEach(() => speakWith(() => english));
  const german = createSay('de', 'de-DE');

  it('carries its sentence beside the English message, and the page says both in German', async () => {
    const offNetwork = await dispatch('addServer', { url: 'http://8.8.8.8:11434' });
    const NOT_LOCAL: Said = { id: 'refusal.servers.notLocal' };
    const ENGLISH = 'Only a server on this computer or your local network can be used.';
    expect(offNetwork).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: ENGLISH,
        said: NOT_LOCAL,
        issues: [{ path: 'url', message: ENGLISH, said: NOT_LOCAL }],
      },
    });
    speakWith(() => german);
    const GERMAN = 'Nur ein Server auf diesem Computer oder in Ihrem lokalen Netzwerk kann verwendet werden.';
    expect(resultInPageLanguage(offNetwork)).toMatchObject({
      ok: false,
      error: { message: GERMAN, issues: [{ path: 'url', message: GERMAN }] },
    });
    // A sentence inside a sentence: the link-local problem, then where the person can confirm it.
    const fromSettings = resultInPageLanguage(await dispatch('updateSettings', { backendUrl: 'http://169.254.1.2:9' }));
    expect(fromSettings.ok || fromSettings.error.message).toBe(
      `${german.said(LINK_LOCAL)} Um ihn zu verwenden, wählen Sie ihn in der Einrichtung (Einstellungen, Einrichtung erneut ausführen) oder fügen Sie ihn unter LLM-Server hinzu, wo Sie ihn bestätigen können.`,
    );
    expect(resultInPageLanguage(await dispatch('removeServer', { id: 'nope1' }))).toMatchObject({
      ok: false,
      error: { message: 'Diesen Server gibt es nicht in der Liste.', issues: [{ message: 'Kein solcher Server' }] },
    });
    // The command table's own refusals too.
    expect(resultInPageLanguage(await dispatch('noSuchCommand', {}))).toMatchObject({
      ok: false,
      error: { code: 'unknown_command', message: 'Es gibt keinen Befehl namens "noSuchCommand".' },
    });
  });
});
