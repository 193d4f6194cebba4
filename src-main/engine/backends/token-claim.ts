/**
 * How many tokens the node claims for one answer, decided once: the smaller of what the LLM server says, the node's
 * own count with a margin, and what the request could have produced. The consumer's answer (its `usage` and
 * `tokens_used`), the native terminal frame, the ledger row, the receipt and the requests feed all read this one
 * figure, so a server that says 9e15 tokens for three is believed nowhere. Why this way: decision record 0023.
 *
 * The node has no tokenizer. It counts what it can see: the pieces of a streamed answer as they come, and the bytes of
 * what the model wrote and of what the consumer sent, at `BYTES_PER_TOKEN` bytes a token. Pure functions of plain data:
 * the task codec runs them on its worker thread.
 */
import { isPlainObject } from './http';

/**
 * The node's estimate of a token: four bytes of UTF-8, about what English prose runs to (code and other scripts run
 * fewer).
 */
export const BYTES_PER_TOKEN = 4;

/**
 * How much more than the node's estimate a server may count and still be believed. A real tokenizer counts more than
 * four bytes a token for code, other scripts and emoji, down to one token per byte, which no byte-level tokenizer goes
 * below: this many times the estimate is that one token per byte. Set lower, honest servers would be cut.
 */
export const COUNT_MARGIN = BYTES_PER_TOKEN;

/**
 * Tokens a prompt may hold that are in no byte the consumer sent: the chat template's markers, a default system
 * prompt, the instructions a template puts around tools. Generous on purpose; the gateway judges a node's claim with
 * the same room (gateway/spending/token-estimates.ts).
 */
export const TEMPLATE_TOKENS = 1024;

/** Tokens an answer may hold that show no text: its end, the markers around a tool call. */
export const ANSWER_ROOM_TOKENS = 64;

/** The node's estimate of the tokens in so many bytes of text. */
export function estimateTokens(bytes: number): number {
  return bytes > 0 ? Math.ceil(bytes / BYTES_PER_TOKEN) : 0;
}

/** The most tokens a prompt of so many bytes can honestly be said to hold: one a byte, and a template's room. */
export function promptBound(bytes: number): number {
  return Math.max(0, bytes) + TEMPLATE_TOKENS;
}

/** What the request lets an answer cost (plain data: it crosses to the codec's worker thread). */
export interface TokenBound {
  /**
   * The bytes the consumer's payload took (a sealed one's opened text): every token of the prompt is in them or the
   * template.
   */
  promptBytes: number;
  /**
   * The most tokens the answer may have: its `max_tokens` (the node's own limit when the request sets none) times the
   * choices asked for; 0 for embeddings.
   */
  answerTokens: number;
}

/** What the LLM server said it counted; a count it did not give, or gave as no count, is null. */
export interface ServerCount {
  prompt: number | null;
  completion: number | null;
  total: number | null;
  /** It sent a usage, and some of it is no count (negative, a fraction, text, too large to be exact, not an object). */
  unreadable: boolean;
}

/** Why the claim is not the server's own figure. */
export type UsageNoteKind = 'bounded' | 'unreadable';

/**
 * A claim that differs from what the server said: why, what it said (its total, or its parts' sum) and what is claimed.
 */
export interface UsageNote {
  kind: UsageNoteKind;
  server: number | null;
  claimed: number;
}

export interface TokenClaim {
  /** The tokens claimed: the consumer is told them, the ledger books them, the receipt asks for them. */
  total: number;
  /** Of them, the prompt's: the server's (within the bound) when it said, else the node's estimate. */
  prompt: number;
  /** Of them, the answer's: the server's (within the bound) when it said, else the node's count. */
  completion: number;
  /** Set when the claim is not what the server said. */
  note: UsageNote | null;
}

const NO_COUNT: ServerCount = { prompt: null, completion: null, total: null, unreadable: true };

/** A count as a server writes one: a whole number, not negative, small enough to be exact. */
function countOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

/** What an OpenAI-style `usage` says; null when there is none (absent or null). */
export function serverCountOf(usage: unknown): ServerCount | null {
  if (usage === undefined || usage === null) return null;
  if (!isPlainObject(usage)) return NO_COUNT;
  let unreadable = false;
  const read = (field: string): number | null => {
    const v = usage[field];
    if (v === undefined || v === null) return null;
    const n = countOf(v);
    if (n === null) unreadable = true;
    return n;
  };
  const prompt = read('prompt_tokens');
  const completion = read('completion_tokens');
  const total = read('total_tokens');
  return { prompt, completion, total, unreadable };
}

/** llama-server's `timings` as a count: the prompt's tokens and those it wrote (no total). */
export function timingsCount(prompt: number, predicted: number): ServerCount {
  return { prompt, completion: predicted, total: null, unreadable: false };
}

function textBytes(v: unknown): number {
  return typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0;
}

/** A message's content: a text, or parts of which the text ones count. */
function contentBytes(v: unknown): number {
  if (typeof v === 'string') return textBytes(v);
  if (!Array.isArray(v)) return 0;
  let n = 0;
  for (let i = 0; i < v.length && i < MAX_ITEMS; i++) {
    const part: unknown = v[i];
    if (isPlainObject(part)) n += textBytes(part.text);
  }
  return n;
}

/** Choices, tool calls and parts read at most; `n` is never sent on, so an answer past this is no honest one. */
const MAX_ITEMS = 128;

/**
 * The bytes the model wrote in one message or delta: its text, its reasoning, a refusal, its tool calls' names and
 * arguments.
 */
export function writtenBytes(m: Record<string, unknown>): number {
  let n = contentBytes(m.content) + textBytes(m.reasoning_content) + textBytes(m.reasoning) + textBytes(m.refusal);
  const calls = m.tool_calls;
  if (Array.isArray(calls)) {
    for (let i = 0; i < calls.length && i < MAX_ITEMS; i++) {
      const c: unknown = calls[i];
      if (!isPlainObject(c) || !isPlainObject(c.function)) continue;
      const args = c.function.arguments;
      n +=
        textBytes(c.function.name) +
        (typeof args === 'string' ? textBytes(args) : isPlainObject(args) ? textBytes(JSON.stringify(args)) : 0);
    }
  }
  return n;
}

/** The bytes the model wrote in a whole OpenAI-style answer: every choice's message (chat) or text (completion). */
export function answerBytes(result: unknown): number {
  if (!isPlainObject(result) || !Array.isArray(result.choices)) return 0;
  let n = 0;
  const choices = result.choices;
  for (let i = 0; i < choices.length && i < MAX_ITEMS; i++) {
    const c: unknown = choices[i];
    if (!isPlainObject(c)) continue;
    n += textBytes(c.text);
    if (isPlainObject(c.message)) n += writtenBytes(c.message);
  }
  return n;
}

/**
 * The claim for one answer. `server`: what the LLM server said (null: nothing); `answer`: the node's own count of the
 * answer's tokens (the pieces it passed on, or its estimate of what the model wrote, whichever is more).
 *
 * Each part the server gave is held to the smaller of the node's own count with the margin and the request's bound:
 * the prompt to one token per byte of the payload plus a template's room; the answer to `COUNT_MARGIN` times the
 * node's count plus `ANSWER_ROOM_TOKENS`, and never past `max_tokens` × choices. The total is the server's, held to the
 * sum of those parts. A part the server did not give is the node's own count; nothing the server said readably is
 * ever raised.
 */
export function claimTokens(server: ServerCount | null, answer: number, bound: TokenBound): TokenClaim {
  const answerLimit = Math.max(0, bound.answerTokens);
  const ownPrompt = estimateTokens(bound.promptBytes);
  const ownAnswer = Math.min(Math.max(0, answer), answerLimit);
  const promptCap = promptBound(bound.promptBytes);
  const answerCap = Math.min(ownAnswer * COUNT_MARGIN + ANSWER_ROOM_TOKENS, answerLimit);
  const said = { prompt: server?.prompt ?? null, completion: server?.completion ?? null };
  const saidTotal =
    server?.total ?? (said.prompt !== null && said.completion !== null ? said.prompt + said.completion : null);
  const prompt = said.prompt === null ? ownPrompt : Math.min(said.prompt, promptCap);
  const completion = said.completion === null ? ownAnswer : Math.min(said.completion, answerCap);
  const total =
    saidTotal === null
      ? prompt + completion
      : Math.min(
          saidTotal,
          (said.prompt === null ? promptCap : prompt) + (said.completion === null ? answerCap : completion),
        );
  const cut =
    (saidTotal !== null && total < saidTotal) ||
    (said.prompt !== null && prompt < said.prompt) ||
    (said.completion !== null && completion < said.completion);
  const kind: UsageNoteKind | null = cut ? 'bounded' : server?.unreadable ? 'unreadable' : null;
  return { total, prompt, completion, note: kind === null ? null : { kind, server: saidTotal, claimed: total } };
}

/**
 * The `usage` to tell the consumer for a claim the server's own usage did not make: the server's object with each of
 * the three counts it has replaced by the claim's (other fields kept), or the claim's three counts when it sent
 * something that is no object.
 */
export function toldUsage(usage: unknown, c: TokenClaim): Record<string, unknown> {
  const counts: Record<string, number> = {
    prompt_tokens: c.prompt,
    completion_tokens: c.completion,
    total_tokens: c.total,
  };
  if (!isPlainObject(usage)) return counts;
  const out: Record<string, unknown> = { ...usage };
  for (const field of Object.keys(counts)) if (Object.hasOwn(usage, field)) out[field] = counts[field];
  return out;
}
