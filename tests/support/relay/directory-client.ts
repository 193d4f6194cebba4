/**
 * The relay as a directory client: REGISTER as a relay-capable node, heartbeat every 30 s, re-register on
 * 401/404/410 and DEREGISTER on a graceful stop — what RS-SDK's `register()` / heartbeat loop / shutdown do
 * (iicp-client-rust src/node.rs). Also fetches the directory key for tickets.
 */
import type { KeyObject } from 'node:crypto';
import { publicKeyFromHex } from './ticket';
import type { RegisterWithOptions, RelayRegistration } from './types';

const DIRECTORY_TIMEOUT_MS = 7_000;
const CHAT = 'urn:iicp:intent:llm:chat:v1';

export interface Identity {
  nodeId: string;
  endpoint: string;
}

const base = (url: string): string => url.replace(/\/+$/, '');

async function send(
  url: string,
  init: { method: string; token?: string; body?: unknown },
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url, {
    method: init.method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(DIRECTORY_TIMEOUT_MS),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, json: text };
  }
}

/** Fields the PHP directory requires (tests/support/directory/register-schema.ts) plus the relay flag. */
export function registerBody(id: Identity, opts: RegisterWithOptions): Record<string, unknown> {
  return {
    node_id: id.nodeId,
    endpoint: id.endpoint,
    region: opts.region ?? 'eu-central',
    capabilities: [
      {
        intent: opts.intent ?? CHAT,
        models: [opts.model ?? 'relay-stand-in'],
        max_tokens: 8192,
        input_modalities: ['text'],
      },
    ],
    limits: { max_concurrent: 4, tokens_per_min: 10_000 },
    relay_capable: true,
    implementation_name: 'iicp-test-relay',
    implementation_version: '1.0.0',
    ...opts.extra,
  };
}

export async function register(directoryUrl: string, body: Record<string, unknown>): Promise<RelayRegistration> {
  const r = await send(`${base(directoryUrl)}/v1/register`, { method: 'POST', body });
  const json = (r.json ?? {}) as Record<string, unknown>;
  const token =
    typeof json.node_token === 'string' ? json.node_token : typeof json.token === 'string' ? json.token : null;
  if (r.status !== 201 && r.status !== 200)
    throw new Error(`relay REGISTER refused: ${r.status} ${JSON.stringify(r.json)}`);
  if (token === null) throw new Error(`relay REGISTER answered without node_token: ${JSON.stringify(r.json)}`);
  const nodeId = typeof json.node_id === 'string' ? json.node_id : String(body.node_id);
  return { directoryUrl, nodeId, nodeToken: token, response: json };
}

/**
 * Heartbeats on a timer until `stop()`. A beat answered 401/404/410 re-registers with the same body and carries
 * on with the new token (RS-SDK #399); other failures are retried at the next beat.
 */
export function startHeartbeats(
  registration: RelayRegistration,
  body: Record<string, unknown>,
  intervalMs: number,
  onRenewed: (r: RelayRegistration) => void,
): { stop: () => void } {
  let current = registration;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const beat = async (): Promise<void> => {
    const r = await send(`${base(current.directoryUrl)}/v1/heartbeat`, {
      method: 'POST',
      token: current.nodeToken,
      body: {
        node_id: current.nodeId,
        node_token: current.nodeToken,
        status: 'available',
        available: true,
        max_concurrent: 4,
        metrics: {},
      },
    });
    if ([401, 404, 410].includes(r.status) && !stopped) {
      current = await register(current.directoryUrl, body);
      onRenewed(current);
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void beat()
        .catch(() => undefined)
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** Best effort, like RS-SDK's shutdown: a directory that is already gone must not block the stop. */
export async function deregister(registration: RelayRegistration): Promise<void> {
  try {
    await send(`${base(registration.directoryUrl)}/v1/register`, {
      method: 'DELETE',
      token: registration.nodeToken,
      body: { node_id: registration.nodeId },
    });
  } catch {
    // Unreachable directory: the node simply goes dormant there after 90 s.
  }
}

/** `GET {dir}/v1/directory-key`, fetched once (as the SDKs cache it). A relay that cannot get it refuses to start. */
export async function fetchDirectoryKey(directoryUrl: string): Promise<KeyObject> {
  const r = await send(`${base(directoryUrl)}/v1/directory-key`, { method: 'GET' });
  const hex = (r.json as { public_key?: unknown } | null)?.public_key;
  const key = r.status === 200 && typeof hex === 'string' ? publicKeyFromHex(hex) : null;
  if (!key) throw new Error(`directory key unavailable: ${r.status} ${JSON.stringify(r.json)}`);
  return key;
}
