/**
 * Streams built from a buffered answer: the text cut into a few pieces, and the frames of the two wire formats
 * apps read (server-sent events, newline-delimited JSON). A node answers a task whole today; an app that asked for
 * a stream still gets a well-formed one, and a provider's real partial results can later feed the same frames.
 */

/** How many pieces a text is cut into at most, and how short a piece may be; "a few" keeps the frames cheap. */
const MAX_PIECES = 6;
const MIN_PIECE = 12;
/** How far past an even cut a piece may run to end after a space rather than inside a word. */
const WORD_REACH = 16;

/**
 * The text in a few pieces that join back to exactly the text. Cuts fall between code points (never inside a
 * surrogate pair) and, where a space is near, just after it. An empty text has no pieces.
 */
export function textPieces(text: string): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const count = Math.min(MAX_PIECES, Math.ceil(chars.length / MIN_PIECE));
  const size = Math.ceil(chars.length / count);
  const pieces: string[] = [];
  let from = 0;
  while (from < chars.length) {
    let to = Math.min(chars.length, from + size);
    for (let k = to; k < Math.min(chars.length, to + WORD_REACH); k++) {
      if (chars[k - 1] === ' ') {
        to = k;
        break;
      }
    }
    pieces.push(chars.slice(from, to).join(''));
    from = to;
  }
  return pieces;
}

/** One server-sent event carrying JSON; JSON text has no raw line breaks, so one `data:` line holds it. */
export function sseData(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/** A named server-sent event, as Anthropic's stream has them. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The end of an OpenAI stream. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** One line of an Ollama stream. */
export function ndjsonLine(data: unknown): string {
  return `${JSON.stringify(data)}\n`;
}

export const CONTENT_TYPES = Object.freeze({
  sse: 'text/event-stream; charset=utf-8',
  ndjson: 'application/x-ndjson',
  json: 'application/json; charset=utf-8',
});
