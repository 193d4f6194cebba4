import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { DiscoveryClient } from '@engine/directory/discovery-client';
import { electRelay, listRelays, type RelayCandidate } from '@engine/relay/relay-election';
import { relayResult } from '@engine/relay/relay-result';

const relay = (nodeId: string, o: Partial<RelayCandidate> = {}): RelayCandidate => ({
  nodeId,
  url: `http://relay-${nodeId}.example:9484`,
  load: 0,
  reputation: 0.5,
  probation: false,
  ...o,
});
const tie = (self: string, id: string) => createHash('sha256').update(`${self}:${id}`).digest('hex');

describe('relay election', () => {
  it('takes the least loaded relay, comparing load in millionths', () => {
    const r = electRelay(
      'me',
      [relay('a', { load: 0.5 }), relay('b', { load: 0.25 }), relay('c', { load: 0.9 })],
      new Set(),
    );
    expect(r.chosen?.nodeId).toBe('b');
  });

  it('breaks a tie with sha256(self:candidate), so workers spread over equally loaded relays', () => {
    const ids = ['r1', 'r2', 'r3', 'r4'];
    const expected = [...ids].sort((x, y) => (tie('me', x) < tie('me', y) ? -1 : 1))[0];
    expect(
      electRelay(
        'me',
        ids.map((id) => relay(id, { load: 0.1 })),
        new Set(),
      ).chosen?.nodeId,
    ).toBe(expected);
    // Loads that differ below a millionth count as equal.
    expect(
      electRelay(
        'me',
        ids.map((id, i) => relay(id, { load: 0.1 + i * 1e-8 })),
        new Set(),
      ).chosen?.nodeId,
    ).toBe(expected);
  });

  it('never picks itself, a relay that failed recently, or one demoted below reputation 0.1 — and says why', () => {
    const r = electRelay(
      'me',
      [relay('me'), relay('bad', { reputation: 0.05 }), relay('gone'), relay('ok', { load: 0.9 })],
      new Set(['gone']),
    );
    expect(r.chosen?.nodeId).toBe('ok');
    const words = r.steps.map((x) => english.said(x)).join(' ');
    expect(words).toMatch(/reputation \(0\.05\) is too low/);
    expect(words).toMatch(/failed recently/);
  });

  it('prefers an established relay to one on probation, and takes a probationary one only when nothing else is listed', () => {
    expect(
      electRelay('me', [relay('new', { probation: true, load: 0 }), relay('old', { load: 0.8 })], new Set()).chosen
        ?.nodeId,
    ).toBe('old');
    const onlyNew = electRelay('me', [relay('new', { probation: true })], new Set());
    expect(onlyNew.chosen?.nodeId).toBe('new');
    expect(onlyNew.steps.map((x) => english.said(x)).join(' ')).toMatch(/on probation/);
  });

  it('a relay whose reputation is not known is not skipped for it', () => {
    expect(electRelay('me', [relay('x', { reputation: null, probation: null })], new Set()).chosen?.nodeId).toBe('x');
  });

  it('nothing usable: no choice', () => {
    expect(electRelay('me', [], new Set()).chosen).toBeNull();
    expect(electRelay('me', [relay('me')], new Set()).chosen).toBeNull();
  });
});

describe('a directory that will not list relays', () => {
  const refusing = (status: number, body: unknown) =>
    (async () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      })) as unknown as typeof fetch;
  const ask = (fetchImpl: typeof fetch) =>
    listRelays(
      new DiscoveryClient({ directoryUrl: () => 'https://directory.example/api', fetchImpl }),
      'urn:iicp:intent:llm:chat:v1',
      { rules: { allowPrivate: false, ownPorts: [] } },
    ).catch((e: unknown) => (e as Error).message);

  it('is said in our words, with at most its plain code quoted', async () => {
    expect(
      await ask(refusing(503, { error: { code: 'maintenance', message: 'call +1 555 0100 to fix your node' } })),
    ).toBe('the directory answered HTTP 503 with the code “maintenance”');
    expect(await ask(refusing(500, { error: { code: 'call +1 555 0100', message: 'x' } }))).toBe(
      'the directory answered HTTP 500',
    );
    expect(await ask(refusing(502, null))).toBe('the directory answered HTTP 502');
  });
});

describe('what the worker posts as a relayed result', () => {
  it("a served task is the node's own answer: its keys win over the relay's {status: completed}", () => {
    const body = {
      task_id: 't1',
      status: 'encrypted',
      iicp_conf_resp: { version: 1, nonce: 'n', encrypted_body: 'b' },
      generated_by_ai: true,
    };
    expect(relayResult({ task_id: 't1' }, { status: 200, body, retryAfter: null })).toBe(body);
  });

  it('a refusal keeps its error and the wait it asked for, since the relay always answers 200', () => {
    const r = relayResult(
      { task_id: 't2' },
      { status: 429, body: { error: { code: 'IICP-E021', message: 'busy' }, retry_after_ms: 1500 }, retryAfter: '2' },
    );
    expect(r).toEqual({
      task_id: 't2',
      status: 'error',
      error: { code: 'IICP-E021', message: 'busy' },
      http_status: 429,
      retry_after_ms: 2000,
    });
    const noHeader = relayResult(
      { task_id: 't3' },
      { status: 429, body: { error: { code: 'IICP-E021', message: 'busy' }, retry_after_ms: 1500 }, retryAfter: null },
    );
    expect(noHeader.retry_after_ms).toBe(1500);
  });

  it('an unreadable answer becomes a generic error, never an empty success', () => {
    expect(relayResult({ task_id: 't4' }, { status: 502, body: null, retryAfter: null })).toMatchObject({
      status: 'error',
      error: { code: 'backend_error' },
      http_status: 502,
    });
  });
});

describe('the relays listed now', () => {
  it('an election asks the directory again within the pages’ window, so a relay listed a moment ago is found', async () => {
    const lists: unknown[][] = [
      [],
      [{ node_id: 'relay-1', endpoint: 'https://relay-1.example.net', relay_capable: true, load: 0.1 }],
    ];
    let asked = 0;
    const fetchImpl = (async () =>
      new Response(JSON.stringify({ nodes: lists[Math.min(asked++, 1)] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })) as unknown as typeof fetch;
    // The clock stands still: every ask falls inside the window the pages share.
    const discovery = new DiscoveryClient({
      directoryUrl: () => 'https://directory.example/api',
      fetchImpl,
      now: () => 1_000,
    });
    const rules = { allowPrivate: false, ownPorts: [] };
    expect(await listRelays(discovery, 'urn:iicp:intent:llm:chat:v1', { rules })).toEqual([]);
    expect((await listRelays(discovery, 'urn:iicp:intent:llm:chat:v1', { rules })).map((r) => r.nodeId)).toEqual([
      'relay-1',
    ]);
    expect(asked).toBe(2);
    // The fresh answer is the one every other reader of that list is told now.
    expect(
      discovery.last({ intent: 'urn:iicp:intent:llm:chat:v1', relayCapable: true })?.answer?.nodes.map((n) => n.nodeId),
    ).toEqual(['relay-1']);
  });
});
