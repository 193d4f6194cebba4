/**
 * The gateway bench's baseline client: an app that talks IICP-CX to the provider node itself. It seals each task with
 * the same `node:crypto` consumer half the gateway uses (`@engine/cx/seal-request`), builds the same task body the
 * gateway's `callNode` sends (sealed payload, `cx_response_encryption: required`, a fresh nonce, the same constraints
 * and `source_node_id`), and opens the sealed answer — so the provider node does the same work for both paths, and
 * the client here does the crypto the gateway does for an app.
 */
import { randomUUID } from 'node:crypto';
import { sealRequest, type SealedRequest } from '@engine/cx/seal-request';

export interface CxTarget {
  /** The provider node's advertised IICP-CX key, as discovery lists it. */
  cx: { key: string; keyId: string };
  /** The node the tasks are paid from (`source_node_id`), as the gateway names it. */
  sourceNodeId: string;
  intent: string;
  model: string;
  payload: Record<string, unknown>;
  maxTokens: number;
  timeoutMs: number;
}

export interface CxClient {
  /** A freshly sealed task body (a new task id, nonce and ephemeral key). */
  body(): string;
  /** Opens the answer to `sentBody`: true when it authenticates and carries a chat completion. */
  verify(sentBody: string, answer: Buffer): boolean;
  /** Sealed tasks whose answers were not judged yet (one per connection in flight). */
  pending(): number;
}

export function cxClient(t: CxTarget): CxClient {
  // The answer's key lives with the request that made it; a connection has one request in flight at a time.
  const open = new Map<string, SealedRequest['openResponse']>();
  return {
    body() {
      const taskId = randomUUID();
      const sealed = sealRequest(t.cx, taskId, t.intent, t.payload);
      const text = JSON.stringify({
        task_id: taskId,
        intent: t.intent,
        iicp_conf: sealed.envelope,
        cx_response_encryption: 'required',
        nonce: randomUUID(),
        constraints: { timeout_ms: t.timeoutMs, model: t.model, qos: 'interactive', max_tokens: t.maxTokens },
        source_node_id: t.sourceNodeId,
      });
      open.set(text, sealed.openResponse);
      return text;
    },
    verify(sentBody, answer) {
      const openResponse = open.get(sentBody);
      open.delete(sentBody);
      if (!openResponse) return false;
      const outer = JSON.parse(answer.toString('utf8')) as { iicp_conf_resp?: unknown };
      const plain = openResponse(outer.iicp_conf_resp) as { status?: unknown; result?: { choices?: unknown } } | null;
      return plain !== null && plain.status === 'success' && Array.isArray(plain.result?.choices);
    },
    pending: () => open.size,
  };
}

/** The app's side of the gateway path: a plain OpenAI answer, parsed as any client library would. */
export function verifyChatCompletion(_sentBody: string, answer: Buffer): boolean {
  const j = JSON.parse(answer.toString('utf8')) as { object?: unknown; choices?: unknown };
  return j.object === 'chat.completion' && Array.isArray(j.choices);
}
