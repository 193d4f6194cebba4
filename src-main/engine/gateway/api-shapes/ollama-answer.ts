/**
 * Ollama's API, the answer side: a node's result as the body of `/api/chat` (`message`), `/api/generate`
 * (`response`), `/api/embed` (`embeddings`) or `/api/embeddings` (`embedding`), or as Ollama's stream: one JSON
 * object per line, pieces with `done: false`, then a `done: true` line with the counts. And the model list of
 * `GET /api/tags`.
 *
 * Durations are nanoseconds, as Ollama counts them. The gateway knows only the whole request's time
 * (`AnswerStamp.elapsedMs`): it is `total_duration` and, standing in for generation time so a client's tokens per
 * second stays finite, `eval_duration`; without it both are left out or 0.
 *
 * Tool calls are Ollama's `message.tool_calls: [{ function: { name, arguments } }]`, the arguments an object (a
 * node's JSON text that is not one is a refusal, 502), with `done_reason: "stop"` as Ollama ends them; in a stream
 * they come whole in one line before the last.
 */
import { argumentsObject, badArguments, readNodeAnswer, type TextAnswer, type TextChoice } from './node-answer';
import { refuse } from './request-parts';
import { isoTime, nanoseconds, stampOrNow } from './stamp';
import { CONTENT_TYPES, ndjsonLine, textPieces } from './stream';
import type { AnswerResult, AnswerStamp, GatewayAsk, ListedModel, StreamResult } from './types';

function doneFields(answer: TextAnswer, stamp: AnswerStamp): Record<string, unknown> {
  const total = nanoseconds(stamp.elapsedMs);
  return {
    done: true,
    done_reason: answer.choices[0]?.finishReason === 'length' ? 'length' : 'stop',
    total_duration: total,
    load_duration: 0,
    prompt_eval_count: answer.usage.prompt,
    eval_count: answer.usage.completion,
    ...(total > 0 ? { eval_duration: total } : {}),
  };
}

/**
 * The text piece as the route words it: a chat message, or generate's `response`; with a reasoning model's thinking
 * beside it as Ollama writes it (`message.thinking`, generate's `thinking`).
 */
export function ollamaSaid(generate: boolean, text: string, thinking = ''): Record<string, unknown> {
  const thought = thinking === '' ? {} : { thinking };
  return generate ? { response: text, ...thought } : { message: { role: 'assistant', content: text, ...thought } };
}

const said = (ask: GatewayAsk, text: string, thinking = ''): Record<string, unknown> =>
  ollamaSaid(ask.route === 'ollama.generate', text, thinking);

/** A choice's tool calls as Ollama writes them, or null when one's arguments are not a JSON object. */
export function ollamaToolCalls(
  calls: readonly { name: string; arguments: string }[],
): Record<string, unknown>[] | null {
  const out: Record<string, unknown>[] = [];
  for (const c of calls) {
    const args = argumentsObject(c.arguments);
    if (args === null) return null;
    out.push({ function: { name: c.name, arguments: args } });
  }
  return out;
}

/** The chat message with its tool calls; /api/generate takes no tools, so its answer is the text alone. */
function answered(ask: GatewayAsk, choice: TextChoice | undefined): Record<string, unknown> | null {
  const text = choice?.text ?? '';
  const thinking = choice?.reasoning ?? '';
  if (ask.route === 'ollama.generate' || choice === undefined || choice.toolCalls.length === 0)
    return said(ask, text, thinking);
  const calls = ollamaToolCalls(choice.toolCalls);
  const thought = thinking === '' ? {} : { thinking };
  return calls === null ? null : { message: { role: 'assistant', content: text, ...thought, tool_calls: calls } };
}

/** The JSON body of the answer, or a refusal (502) when the node's result is not what the intent promises. */
export function answerForOllama(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): AnswerResult {
  const read = readNodeAnswer(ask, result, stamp?.lowered);
  if (!read.ok) return read;
  const s = stampOrNow(stamp);
  const head = { model: ask.model, created_at: isoTime(s.nowMs) };
  const answer = read.answer;
  if (answer.kind === 'embedding') {
    if (ask.route === 'ollama.embeddings') return { ok: true, body: { embedding: answer.vectors[0] ?? [] } };
    return {
      ok: true,
      body: {
        model: ask.model,
        embeddings: answer.vectors,
        total_duration: nanoseconds(s.elapsedMs),
        load_duration: 0,
        prompt_eval_count: answer.usage.prompt,
      },
    };
  }
  const message = answered(ask, answer.choices[0]);
  if (message === null) return badArguments();
  return { ok: true, body: { ...head, ...message, ...doneFields(answer, s) } };
}

/** The answer as Ollama streams it: newline-delimited JSON, the text in a few `done: false` pieces, then the counts. */
export function streamForOllama(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): StreamResult {
  if (ask.endpoint === 'embedding') return refuse('Embeddings are not streamed.');
  const read = readNodeAnswer(ask, result, stamp?.lowered);
  if (!read.ok) return read;
  if (read.answer.kind !== 'text') return refuse('Embeddings are not streamed.');
  const s = stampOrNow(stamp);
  const head = { model: ask.model, created_at: isoTime(s.nowMs) };
  const choice = read.answer.choices[0];
  const lines = [
    ...textPieces(choice?.reasoning ?? '').map((piece) =>
      ndjsonLine({ ...head, ...said(ask, '', piece), done: false }),
    ),
    ...textPieces(choice?.text ?? '').map((piece) => ndjsonLine({ ...head, ...said(ask, piece), done: false })),
  ];
  const calls = ask.route === 'ollama.chat' && choice !== undefined ? ollamaToolCalls(choice.toolCalls) : [];
  if (calls === null) return badArguments();
  if (calls.length > 0)
    lines.push(ndjsonLine({ ...head, message: { role: 'assistant', content: '', tool_calls: calls }, done: false }));
  lines.push(ndjsonLine({ ...head, ...said(ask, ''), ...doneFields(read.answer, s) }));
  return { ok: true, contentType: CONTENT_TYPES.ndjson, frames: lines };
}

/** `GET /api/tags`: the models the network offers now; sizes and digests belong to files this computer has not got. */
export function tagsForOllama(models: readonly ListedModel[], nowMs?: number): Record<string, unknown> {
  const modifiedAt = isoTime(nowMs ?? Date.now());
  return {
    // An Ollama app chats with what it lists: speech models are not for it.
    models: models
      .filter((m) => m.kind === undefined)
      .map((m) => ({
        name: m.id,
        model: m.id,
        modified_at: modifiedAt,
        size: 0,
        digest: '',
        details: { parent_model: '', format: '', family: '', families: [], parameter_size: '', quantization_level: '' },
      })),
  };
}
