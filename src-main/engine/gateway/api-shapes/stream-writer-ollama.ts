/**
 * Ollama's stream as its server writes it, piece by piece: one JSON object per line, `done: false` with the text
 * (`message` for /api/chat, `response` for /api/generate), then a `done: true` line with `done_reason` and the counts.
 * A failure after the answer began is one line `{"error": "…"}`, which ollama-js throws.
 */
import { errorBody } from './errors';
import { isoTime, nanoseconds } from './stamp';
import { CONTENT_TYPES, ndjsonLine } from './stream';
import type { StreamAsk, StreamWriter } from './stream-types';
import { NO_USAGE } from './tokens';
import type { AnswerStamp } from './types';

export function ollamaStreamWriter(ask: StreamAsk, stamp: AnswerStamp, elapsedMs: () => number): StreamWriter {
  const generate = ask.route === 'ollama.generate';
  const said = (text: string): Record<string, unknown> => (generate ? { response: text } : { message: { role: 'assistant', content: text } });
  const head = () => ({ model: ask.model, created_at: isoTime(stamp.nowMs + elapsedMs()) });
  return {
    contentType: CONTENT_TYPES.ndjson,
    open: () => '',
    // Ollama's own API carries no tool-call fragments (the gateway refuses tools there): text only.
    piece: (d) => (d.text === '' ? '' : ndjsonLine({ ...head(), ...said(d.text), done: false })),
    close(c) {
      const u = c.usage ?? NO_USAGE;
      const total = nanoseconds(elapsedMs());
      return ndjsonLine({
        ...head(),
        ...said(''),
        done: true,
        done_reason: c.finishReason === 'length' ? 'length' : 'stop',
        total_duration: total,
        load_duration: 0,
        prompt_eval_count: u.prompt,
        eval_count: u.completion,
        // Standing in for generation time, so a client's tokens per second stays finite.
        ...(total > 0 ? { eval_duration: total } : {}),
      });
    },
    fail: (status, code, message) => ndjsonLine(errorBody('ollama', status, code, message)),
  };
}
