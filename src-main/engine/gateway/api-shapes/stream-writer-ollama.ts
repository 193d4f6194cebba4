/**
 * Ollama's stream as its server writes it, piece by piece: one JSON object per line, `done: false` with the text
 * (`message` for /api/chat, `response` for /api/generate), then a `done: true` line with `done_reason` and the counts.
 * A failure after the answer began is one line `{"error": "…"}`, which ollama-js throws.
 *
 * Ollama hands a tool call over whole, its arguments an object, where a node streams OpenAI's fragments: each call's
 * fragments are gathered and the call written in one line once it is complete (when the next call starts, or at the
 * end). A call whose arguments are not a JSON object, or grow past the cap, ends the answer with the error line.
 */
import { errorBody } from './errors';
import { badArguments } from './node-answer';
import { ollamaSaid, ollamaToolCalls } from './ollama-answer';
import { LIMITS } from './request-parts';
import { isoTime, nanoseconds } from './stamp';
import { CONTENT_TYPES, ndjsonLine } from './stream';
import type { StreamAsk, StreamDelta, StreamWriter } from './stream-types';
import { NO_USAGE } from './tokens';
import { SHAPE_CODES, type AnswerStamp } from './types';

export function ollamaStreamWriter(ask: StreamAsk, stamp: AnswerStamp, elapsedMs: () => number): StreamWriter {
  const generate = ask.route === 'ollama.generate';
  const said = (text: string, thinking = ''): Record<string, unknown> => ollamaSaid(generate, text, thinking);
  const head = () => ({ model: ask.model, created_at: isoTime(stamp.nowMs + elapsedMs()) });
  let failed = false;
  /** The one error line; nothing follows it, not even a second one. */
  const fail = (status: number, code: string, message: string): string => {
    if (failed) return '';
    failed = true;
    return ndjsonLine(errorBody('ollama', status, code, message));
  };
  /** The calls being gathered, by the node's index, in the order they started. */
  const calls = new Map<number, { name: string; arguments: string }>();
  /** The gathered calls in one line (or the error line), and none left. */
  const flush = (): string => {
    if (calls.size === 0) return '';
    const written = ollamaToolCalls([...calls.values()]);
    calls.clear();
    if (written === null) {
      const bad = badArguments();
      return fail(bad.status, bad.code, bad.message);
    }
    return ndjsonLine({ ...head(), message: { role: 'assistant', content: '', tool_calls: written }, done: false });
  };
  const gather = (d: StreamDelta): string => {
    let out = '';
    for (const c of d.toolCalls) {
      let call = calls.get(c.index);
      if (call === undefined) {
        // A fragment of a call never named cannot be written: Ollama's clients need its name.
        if (c.function?.name === undefined) continue;
        out += flush();
        if (failed) return out;
        call = { name: c.function.name, arguments: '' };
        calls.set(c.index, call);
      }
      call.arguments += c.function?.arguments ?? '';
      if (call.arguments.length > LIMITS.text) {
        return (
          out +
          fail(
            502,
            SHAPE_CODES.invalidNodeAnswer,
            "The node's answer called a tool with arguments longer than the gateway takes.",
          )
        );
      }
    }
    return out;
  };
  return {
    contentType: CONTENT_TYPES.ndjson,
    open: () => '',
    piece(d) {
      if (failed) return '';
      let out = d.reasoning ? ndjsonLine({ ...head(), ...said('', d.reasoning), done: false }) : '';
      if (d.text !== '') out += ndjsonLine({ ...head(), ...said(d.text), done: false });
      // /api/generate takes no tools: a call there has no place in Ollama's answer.
      return generate ? out : out + gather(d);
    },
    close(c) {
      if (failed) return '';
      const last = flush();
      if (failed) return last;
      const u = c.usage ?? NO_USAGE;
      const total = nanoseconds(elapsedMs());
      return (
        last +
        ndjsonLine({
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
        })
      );
    },
    fail,
  };
}
