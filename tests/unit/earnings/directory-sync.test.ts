/**
 * Reading the directory's books when some or all of it fails: the Earnings page gets one sentence in
 * plain words (never a route such as /v1/node/<id> or an errno such as ENOTFOUND), and the event log's
 * details keep what each call answered, for whoever looks behind "Details".
 */
import { describe, expect, it } from 'vitest';
import { syncBooks } from '@engine/earnings/directory-sync';

const NODE = '2f1e3d4c-8a9b-4c5d-9e0f-112233445566';
const TOKEN = 'tok-books-0123456789';
const JARGON = /\/v1\/|\bE[A-Z]{3,}\b|\b[a-z]+_[a-z_]+\b|\w+=|\d+\.\d+\.\d+\.\d+/;

type Answer = { status: number; json: unknown } | 'unreachable';

/** A directory by route: each GET answers what the test says, or cannot be reached at all. */
function directory(byRoute: (path: string) => Answer): typeof fetch {
  return (async (input: string | URL | Request) => {
    const path = new URL(String(input)).pathname.replace(/^\/api/, '');
    const answer = byRoute(path);
    if (answer === 'unreachable') {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND iicp.example'), { code: 'ENOTFOUND' }),
      });
    }
    return new Response(JSON.stringify(answer.json), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
}

const healthy = (path: string): Answer => {
  if (path === '/v1/credits/balance') return { status: 200, json: { balance: '12.5000' } };
  if (path === '/v1/credits/summary') return { status: 200, json: { balance: '12.5000', total_earned: '20.0000' } };
  if (path === '/v1/credits/transactions') return { status: 200, json: { transactions: [] } };
  if (path.startsWith('/v1/node/'))
    return { status: 200, json: { reputation_score: 0.9, probation: false, completed_tasks_count: 3 } };
  if (path.startsWith('/v1/registry/nodes/')) return { status: 200, json: { credit_cost_multiplier: 1 } };
  return { status: 200, json: { credit_schedule: { formula: 'x', tokens_per_credit: 1000, tier_weights: {} } } };
};

const sync = (fetchImpl: typeof fetch) =>
  syncBooks({
    baseUrl: 'https://iicp.example/api',
    nodeId: NODE,
    token: TOKEN,
    previous: null,
    now: Date.parse('2026-11-21T10:00:00Z'),
    fetchImpl,
  });

describe("the directory's books, when reading them fails", () => {
  it('reads all of them: no sentence, no details', async () => {
    const r = await sync(directory(healthy));
    expect(r).toMatchObject({ error: null, detail: null, books: { balance: 12.5 } });
  });

  it('a directory that cannot be reached: "your earnings", with why in words; the errno and routes in the details', async () => {
    const r = await sync(directory(() => 'unreachable'));
    expect(r.error).toBe(
      'Could not read your earnings: the directory cannot be reached (the name could not be found).',
    );
    expect(r.detail).toContain('balance: directory request GET /v1/credits/balance getaddrinfo ENOTFOUND iicp.example');
    expect(r.detail).toContain(`node: directory request GET /v1/node/${NODE} getaddrinfo ENOTFOUND iicp.example`);
  });

  it('a node page the directory does not know: the part in words, not its route', async () => {
    const r = await sync(
      directory((path) =>
        path.startsWith('/v1/node/')
          ? { status: 404, json: { error: { code: 'not_found', message: `/v1/node/${NODE}` } } }
          : healthy(path),
      ),
    );
    expect(r.error).toBe(
      "Could not read your node's standing: the directory does not know this node (or the directory address is wrong).",
    );
    expect(JARGON.exec(r.error!)?.[0]).toBeUndefined();
    expect(r.detail).toBe(`node: status=404 code=not_found message: /v1/node/${NODE}`);
    expect(r.books?.balance).toBe(12.5);
  });

  it('parts failing for different reasons: each part with its own, and the credentials never in the details', async () => {
    const r = await sync(
      directory((path) =>
        path === '/v1/credits/balance'
          ? { status: 503, json: { error: { code: 'server_error', message: `down for ${TOKEN}` } } }
          : path === '/v1/stats'
            ? 'unreachable'
            : healthy(path),
      ),
    );
    expect(r.error).toBe(
      'Could not read parts of your earnings. Your balance: the directory has a problem right now; the node will retry by itself. Your credit rates: the directory cannot be reached (the name could not be found).',
    );
    expect(JARGON.exec(r.error!)?.[0]).toBeUndefined();
    expect(r.detail).toBe(
      'balance: status=503 code=server_error message: down for [redacted]; credit schedule: directory request GET /v1/stats getaddrinfo ENOTFOUND iicp.example',
    );
  });
});
