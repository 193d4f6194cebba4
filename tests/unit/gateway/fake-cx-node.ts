/**
 * Provider nodes for the gateway's unit tests, behind a `fetch` of their own: each has a real IICP-CX key pair and,
 * when it answers, does the node's side of the protocol with `src-main/engine/cx` — opens the sealed request, checks
 * its task id and intent against the outer task, and seals its answer back as a node's task codec does
 * (`{task_id, status: 'encrypted', iicp_conf_resp}` around `{task_id, status: 'success', result, model_used, …}`).
 * A node can also fail in the ways the gateway must tell apart: an HTTP status, no connection, a hang, an answer in
 * the clear, a tampered answer, an endless answer.
 */
import { cxPublicKeyAdvert, generateCxKeyPair, type CxKeyPair } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import { encryptResponse } from '@engine/cx/response';
import type { OfferedNode } from '@engine/gateway/routing/network-offer';

export type NodeBehaviour =
  | { kind: 'answer'; result?: (payload: Record<string, unknown>) => unknown; modelUsed?: string }
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'unreachable' }
  /** Never answers until the call is cut (its signal aborts); `onCall` runs first (a test moves its clock there). */
  | { kind: 'hang'; onCall?: () => void }
  /** Answers 200 with the plain response, not sealed. */
  | { kind: 'plaintext' }
  /** Seals the answer, then changes one byte of the ciphertext. */
  | { kind: 'tampered' }
  /** A sealed answer sealed for another task id. */
  | { kind: 'other_task' }
  /** Answers 200 with `bytes` of body and no declared length. */
  | { kind: 'endless'; bytes: number };

/** One call a node received, as the node saw it. */
export interface NodeCall {
  nodeId: string;
  url: string;
  headers: Record<string, string>;
  /** The outer task body. */
  body: Record<string, unknown>;
  /** The payload inside `iicp_conf`, opened with the node's key (null if it did not open). */
  payload: Record<string, unknown> | null;
}

export interface FakeNode {
  node: OfferedNode;
  keys: CxKeyPair;
  behaviour: NodeBehaviour;
}

/** A chat answer echoing the last message, OpenAI style, with usage. */
export function echoResult(payload: Record<string, unknown>): unknown {
  const messages = Array.isArray(payload.messages) ? (payload.messages as { content?: unknown }[]) : [];
  const content = String(messages.at(-1)?.content ?? '');
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: String(payload.model ?? ''),
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
  };
}

export function fakeNode(
  nodeId: string,
  o: Partial<Omit<OfferedNode, 'nodeId' | 'cx'>> & { behaviour?: NodeBehaviour } = {},
): FakeNode {
  const keys = generateCxKeyPair();
  const advert = cxPublicKeyAdvert(keys);
  const { behaviour, nativeTransport: stream, ...rest } = o;
  return {
    keys,
    behaviour: behaviour ?? { kind: 'answer' },
    node: {
      nodeId,
      endpoint: `http://${nodeId}.test:8080`,
      cx: { key: advert.key, keyId: advert.key_id },
      models: ['m1'],
      multiplier: 1,
      maxTokens: null,
      operator: null,
      nativeTransport: stream ?? null,
      ...rest,
    },
  };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A `fetch` that reaches the given nodes by their endpoints, and records every call. */
export function nodesFetch(nodes: readonly FakeNode[]): { fetch: typeof fetch; calls: NodeCall[] } {
  const calls: NodeCall[] = [];
  const impl = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const n = nodes.find((x) => url === `${x.node.endpoint}/v1/task`);
    if (!n) throw new TypeError('fetch failed');
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    let opened: ReturnType<typeof decryptRequest> | null;
    try {
      opened = decryptRequest(n.keys, body.iicp_conf);
    } catch {
      opened = null;
    }
    calls.push({
      nodeId: n.node.nodeId,
      url,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body,
      payload: (opened?.payload as Record<string, unknown> | undefined) ?? null,
    });
    const b = n.behaviour;
    if (b.kind === 'unreachable') throw new TypeError('fetch failed');
    if (b.kind === 'status')
      return json(b.status, b.body ?? { status: 'error', error: { code: `IICP-${b.status}`, message: 'refused' } });
    if (b.kind === 'hang') {
      b.onCall?.();
      const signal = init.signal!;
      return new Promise<Response>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (b.kind === 'endless') {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent >= b.bytes) return c.close();
          const chunk = new Uint8Array(Math.min(1024 * 1024, b.bytes - sent)).fill(0x20);
          sent += chunk.length;
          c.enqueue(chunk);
        },
      });
      return new Response(stream, { status: 200 });
    }
    // The node's side of IICP-CX: the sealed request must open and name the outer task.
    if (!opened || opened.taskId !== body.task_id || opened.intent !== body.intent)
      return json(400, { status: 'error', error: { code: 'IICP-E010', message: 'bad envelope' } });
    const payload = opened.payload as Record<string, unknown>;
    const result = b.kind === 'answer' && b.result ? b.result(payload) : echoResult(payload);
    const plain = {
      task_id: body.task_id,
      status: 'success',
      result,
      generated_by_ai: true,
      model_used: b.kind === 'answer' ? (b.modelUsed ?? payload.model) : payload.model,
    };
    if (b.kind === 'plaintext') return json(200, plain);
    const sealed = encryptResponse(
      opened.shared,
      b.kind === 'other_task' ? 'another-task' : String(body.task_id),
      plain,
    );
    if (b.kind === 'tampered') {
      const bytes = Buffer.from(sealed.encrypted_body, 'base64url');
      bytes[bytes.length >> 1]! ^= 0x01;
      sealed.encrypted_body = bytes.toString('base64url');
    }
    return json(200, { task_id: body.task_id, status: 'encrypted', iicp_conf_resp: sealed, generated_by_ai: true });
  };
  return { fetch: impl as typeof fetch, calls };
}
