import { answerFor, streamFor, usageOf, type AnswerStamp, type GatewayAsk } from '../api-shapes';
import type { WireAsk } from './request-shape';
import { clampResultUsage } from '../spending';

/**
 * An answer ready to send: the body (or the stream's frames) as text, and what the node counted (as it said it): all
 * tokens, and the answer's (null when it did not say).
 */
export type Rendered =
  | { ok: true; contentType: string | null; chunks: string[]; tokens: number; answerTokens: number | null }
  | { ok: false; status: number; code: string; message: string };

const nodeFailed = (code: string, message: string): Rendered => ({ ok: false, status: 502, code, message });

/**
 * The node's opened answer (the plaintext of `iicp_conf_resp`) in the API the app spoke: parsed, checked, reworded
 * and serialised in one step, which runs off the event loop for a large answer (gateway-codec.ts). `contentType` null
 * means JSON.
 */
export function renderAnswer(ask: WireAsk, plaintext: Uint8Array, stamp: AnswerStamp): Rendered {
  let opened: unknown;
  try {
    opened = JSON.parse(Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).toString('utf8'));
  } catch {
    return nodeFailed('invalid_node_answer', 'The node’s answer is not JSON.');
  }
  if (
    !opened ||
    typeof opened !== 'object' ||
    (opened as Record<string, unknown>).status !== 'success' ||
    !('result' in opened)
  ) {
    return nodeFailed('node_error', 'The node could not complete the task.');
  }
  const said = (opened as { result: unknown }).result;
  const usage = usageOf(said);
  const tokens = usage?.total ?? 0;
  const answerTokens = usage?.completion ?? null;
  // The app sees no more usage than the task could have used; the books judge the node's word (claim-check.ts).
  const result = usage && stamp.usageCap !== undefined ? clampResultUsage(said, usage, stamp.usageCap) : said;
  // The answer functions never read the ask's payload, which the wire form keeps only as JSON text.
  const asked = ask as unknown as GatewayAsk;
  if (ask.stream) {
    const s = streamFor(asked, result, stamp);
    return s.ok
      ? { ok: true, contentType: s.contentType, chunks: s.frames, tokens, answerTokens }
      : { ok: false, status: s.status, code: s.code, message: s.message };
  }
  const a = answerFor(asked, result, stamp);
  return a.ok
    ? { ok: true, contentType: null, chunks: [JSON.stringify(a.body)], tokens, answerTokens }
    : { ok: false, status: a.status, code: a.code, message: a.message };
}
