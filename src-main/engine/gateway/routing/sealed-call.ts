import { randomUUID } from 'node:crypto';
import { sealRequestText } from '../../cx';
import { BodyTooLargeError, readBodyCapped, type PinnedPost } from '../../net';
import type { OfferedNode } from './network-offer';

/** An answer larger than this is not read: a chat answer or a batch of embeddings is far smaller. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export interface SealedTask {
  node: OfferedNode;
  /** The same id on every node tried for one request: a node that did the work once can never be paid twice. */
  taskId: string;
  intent: string;
  /** The payload as JSON text, as sealed. */
  payloadJson: string;
  model: string;
  maxTokens: number | null;
  timeoutMs: number;
  /** This computer's node, which pays (`source_node_id`); null when it has none. */
  sourceNodeId: string | null;
  signal?: AbortSignal;
}

/**
 * How one try ended. `node`: this node failed or hung (the next one is tried, this one skipped for a while);
 * `request`: the request itself was refused (trying another node would not help). A streamed try (stream-route.ts)
 * has already written its answer to the app: `alreadyWritten` says what the node's end reported, and `final` that a
 * failure came after the answer began, so no other node may be tried.
 */
export type CallOutcome =
  | { ok: true; plaintext: Buffer; alreadyWritten?: { tokens: number | null; answerTokens?: number | null } }
  | { ok: false; blame: 'node' | 'request'; status: number; code: string; message: string; final?: boolean };

const nodeFault = (code: string, message: string, status = 502): CallOutcome => ({
  ok: false,
  blame: 'node',
  status,
  code,
  message,
});

function parse(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const errorCode = (body: Record<string, unknown> | null): string | null => {
  const e = body?.error;
  if (e && typeof e === 'object' && typeof (e as Record<string, unknown>).code === 'string')
    return ((e as Record<string, unknown>).code as string).slice(0, 64);
  return null;
};

/**
 * How a node is called: a `fetch` (tests script the network with one), or the address-checked POST of
 * `net/pinned-fetch.ts`, which costs a fraction of a `fetch` per call.
 */
export type NodeTransport = typeof fetch | { post: PinnedPost };

async function postTo(
  transport: NodeTransport,
  url: string,
  p: Parameters<PinnedPost>[1],
): Promise<{ status: number; body: Buffer }> {
  if (typeof transport !== 'function') return transport.post(url, p);
  const res = await transport(url, {
    method: 'POST',
    headers: p.headers,
    body: p.body,
    signal: p.signal,
    redirect: 'manual',
  });
  return { status: res.status, body: await readBodyCapped(res, p.maxBytes) };
}

/**
 * One task to one node, always sealed with IICP-CX to the node's advertised key and with the answer sealed back
 * (`cx_response_encryption: required`): whatever sits on the way (a relay, a tunnel) sees ciphertext only, and an
 * answer that does not open is refused as the node's fault.
 */
/** A sealed task's constraints, the same on the buffered call and the streamed one: its deadline, model and limit. */
export function taskConstraints(t: SealedTask): Record<string, unknown> {
  const constraints: Record<string, unknown> = {
    timeout_ms: Math.max(100, Math.min(300_000, t.timeoutMs)),
    model: t.model,
    qos: 'interactive',
  };
  if (t.maxTokens !== null) constraints.max_tokens = t.maxTokens;
  return constraints;
}

export async function callNode(t: SealedTask, transport: NodeTransport): Promise<CallOutcome> {
  let sealed;
  try {
    sealed = sealRequestText(t.node.cx, t.taskId, t.intent, t.payloadJson);
  } catch {
    return nodeFault('bad_node_key', 'The node advertises an encryption key that cannot be used.');
  }
  const constraints = taskConstraints(t);
  const body: Record<string, unknown> = {
    task_id: t.taskId,
    intent: t.intent,
    iicp_conf: sealed.envelope,
    cx_response_encryption: 'required',
    nonce: randomUUID(),
    constraints,
  };
  if (t.sourceNodeId) body.source_node_id = t.sourceNodeId;
  const timeout = AbortSignal.timeout(t.timeoutMs);
  const signal = t.signal ? AbortSignal.any([t.signal, timeout]) : timeout;
  let status: number;
  let text: string;
  try {
    const res = await postTo(transport, `${t.node.endpoint}/v1/task`, {
      headers: { 'Content-Type': 'application/json', 'X-IICP-Require-E2E': '1' },
      body: JSON.stringify(body),
      signal,
      maxBytes: MAX_ANSWER_BYTES,
    });
    status = res.status;
    text = res.body.toString('utf8');
  } catch (err) {
    if (t.signal?.aborted)
      return { ok: false, blame: 'request', status: 499, code: 'cancelled', message: 'The app closed the request.' };
    if (timeout.aborted) return nodeFault('node_timeout', 'The node did not answer in time.', 504);
    if (err instanceof BodyTooLargeError)
      return nodeFault('answer_too_large', 'The node sent an answer too large to read.');
    return nodeFault('node_unreachable', 'The node could not be reached.');
  }
  const json = parse(text);
  if (status === 200) {
    // Opened here (it says whether the node or something on the way failed); read later, off the event loop when large.
    const plaintext = json?.iicp_conf_resp !== undefined ? sealed.openBytes(json.iicp_conf_resp) : null;
    if (!plaintext)
      return nodeFault(
        'answer_not_sealed',
        'The answer did not open with this request’s key; something on the way may have changed it.',
      );
    return { ok: true, plaintext };
  }
  const code = errorCode(json) ?? `http_${status}`;
  // A request the node judged malformed or too large would be refused by any node; everything else is this node.
  // The app hears 400 for a node's 422: the servers its library knows (OpenAI, Anthropic, Ollama) answer an invalid
  // request 400, and this computer's own refusals are told so too.
  if (status === 400 || status === 413 || status === 422)
    return {
      ok: false,
      blame: 'request',
      status: status === 422 ? 400 : status,
      code,
      message: 'The network refused the request as malformed or too large.',
    };
  if (status === 429 || status === 503) return nodeFault(code, 'The node is busy or not serving right now.', 503);
  return nodeFault(code, `The node answered with HTTP ${status}.`);
}
