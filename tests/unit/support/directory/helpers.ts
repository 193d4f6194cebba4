import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, dig, onCleanup, type CallOptions, type CallResult } from '../../../support/json-call';
import { startTestDirectory, type TestDirectory, type TestDirectoryOptions } from '../../../support/directory';

export { call, dig, onCleanup, type CallOptions, type CallResult } from '../../../support/json-call';

/** A directory closed after the test, with a `call` bound to its `/api` base. */
export async function directory(opts: TestDirectoryOptions = {}) {
  const dir: TestDirectory = await startTestDirectory(opts);
  onCleanup(() => dir.close());
  const api = (method: string, route: string, o?: CallOptions) => call(`${dir.url}${route}`, method, o);
  return { dir, api };
}

/** Loopback endpoints are only registrable with the routability rule off (PHP local/testing env). */
export const LOOPBACK = { routabilityCheck: false, livenessProbe: false } as const;

export function registerBody(endpoint: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    endpoint,
    region: 'eu-central',
    capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: ['llama3.1:8b'], max_tokens: 8192 }],
    limits: { max_concurrent: 4, tokens_per_min: 10000 },
    ...extra,
  };
}

export interface Registered {
  nodeId: string;
  token: string;
  hmacKey: string;
  response: Record<string, unknown>;
}

export async function register(
  api: (method: string, route: string, o?: CallOptions) => Promise<CallResult>,
  body: Record<string, unknown>,
): Promise<Registered> {
  const r = await api('POST', '/v1/register', { body });
  if (r.status !== 201) throw new Error(`register failed: ${r.status} ${r.text}`);
  return {
    nodeId: dig<string>(r.json, 'node_id'),
    token: dig<string>(r.json, 'node_token'),
    hmacKey: dig<string>(r.json, 'node_hmac_key'),
    response: r.json as Record<string, unknown>,
  };
}

/** A stand-in provider endpoint whose `/iicp/health` answers with a configurable status. */
export async function healthServer(initialStatus: number) {
  let status = initialStatus;
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.url === '/iicp/health') hits += 1;
    res.writeHead(req.url === '/iicp/health' ? status : 404, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  onCleanup(close);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setStatus: (s: number) => {
      status = s;
    },
    hits: () => hits,
    close,
  };
}

// Independent re-implementations of the client-side crypto (liveness answer, price and receipt signatures) so the
// stub is checked against the contract, not against itself.
export const hmacHex = (key: string, message: string): string =>
  createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');

export interface Receipt {
  node_id: string;
  task_id: string;
  tokens_used: number;
  amount: number;
  nonce: string;
  expires_at: string;
  response_hash: string;
  signature: string;
  reason: string;
  querying_node_id?: string;
}

export function receipt(
  node: { nodeId: string; hmacKey: string },
  opts: {
    tokens?: number;
    amount?: number;
    expiresInMs?: number;
    querying?: string;
    nonce?: string;
    now?: number;
  } = {},
): Receipt {
  const tokens = opts.tokens ?? 1200;
  const nonce = opts.nonce ?? randomBytes(16).toString('hex');
  const responseHash = createHash('sha256').update('{"text":"hi"}').digest('hex');
  const taskId = `task-${randomBytes(4).toString('hex')}`;
  let canonical = `${taskId}:${tokens}:::${nonce}:${responseHash}`;
  if (opts.querying !== undefined) canonical += `:${opts.querying}`;
  const r: Receipt = {
    node_id: node.nodeId,
    task_id: taskId,
    tokens_used: tokens,
    amount: opts.amount ?? Math.max(tokens, 1) / 1000,
    nonce,
    expires_at: new Date((opts.now ?? Date.now()) + (opts.expiresInMs ?? 300_000)).toISOString(),
    response_hash: responseHash,
    signature: hmacHex(node.hmacKey, canonical),
    reason: 'task_completion',
  };
  if (opts.querying !== undefined) r.querying_node_id = opts.querying;
  return r;
}

export { fakeClock } from '../../../support/fake-clock';
