/**
 * Every byte-to-token reckoning of the gateway, in one place, each for its own question. A try computes them once
 * (`tryTokens`) and hands them down to the call, sealed or streamed:
 * - what a prompt is expected to cost (`promptTokens`, a third of its UTF-8 bytes): it sizes the budget's hold; the
 *   directory's figure replaces it in the books, so it may be a fair guess;
 * - the most a task may honestly be said to use (`claimBound`, one token a byte plus a template's room and the
 *   answer's bound): a bound, not a guess, since no tokenizer makes more than one token of a byte; a node's claim
 *   above it is not believed (claim-check.ts);
 * - how long a streamed piece is (`pieceTokens`, the backends room's `estimateTokens`), to cut a stream that runs far
 *   past its answer's bound before the node's own count arrives.
 * The three answer different questions, so they keep their own ratios; the tests of the budget, the claim bound and
 * the stream's cut hold each.
 */
import { estimateTokens, TEMPLATE_TOKENS } from '../../backends';

/**
 * Tokens a prompt is reckoned at: a third of its UTF-8 bytes, which English, code and most scripts stay under. What a
 * task finally costs is the directory's word on it (the spent book keeps that once read); this only sizes the hold.
 */
export const promptTokens = (payloadJson: string): number => Math.ceil(Buffer.byteLength(payloadJson, 'utf8') / 3);

/**
 * The most tokens a task may honestly be said to use: the payload's bytes, a template's room and the answer's bound.
 */
export function claimBound(payloadJson: string, maxTokens: number | null): number {
  return Buffer.byteLength(payloadJson, 'utf8') + TEMPLATE_TOKENS + (maxTokens ?? 0);
}

/** Tokens a streamed piece of text is reckoned at, before the node's own count arrives. */
export const pieceTokens = (text: string): number => estimateTokens(Buffer.byteLength(text, 'utf8'));

/** A try's token figures, computed once and handed to the call. */
export interface TryTokens {
  /** The prompt's expected tokens (`promptTokens`). */
  prompt: number;
  /** The most the task may honestly be said to use (`claimBound`). */
  claimBound: number;
}

/** The token figures of one try: its request's prompt (computed once per request) and the try's answer bound. */
export function tryTokens(payloadJson: string, prompt: number, maxTokens: number | null): TryTokens {
  return { prompt, claimBound: claimBound(payloadJson, maxTokens) };
}
