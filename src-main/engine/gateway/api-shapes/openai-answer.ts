/**
 * OpenAI's API, the answer side: a node's result as the body of `chat.completion`, `text_completion` or an
 * embedding list, or as the server-sent events of a stream (`chat.completion.chunk` / `text_completion` chunks, then
 * `data: [DONE]`). Every body is built afresh from the checked result (`node-answer.ts`), with this gateway's id,
 * the model the app asked for, and zeros for a usage the node did not report.
 */
import { readNodeAnswer, type EmbeddingAnswer, type TextAnswer, type TextChoice } from './node-answer';
import { refuse } from './request-parts';
import { stampOrNow, unixSeconds } from './stamp';
import { CONTENT_TYPES, SSE_DONE, sseData, textPieces } from './stream';
import type { TokenUsage } from './tokens';
import type { AnswerResult, AnswerStamp, GatewayAsk, StreamResult } from './types';

export function usageBody(u: TokenUsage): Record<string, unknown> {
  const base = { prompt_tokens: u.prompt, completion_tokens: u.completion, total_tokens: u.total };
  // As OpenAI's own: the thinking's tokens are part of completion_tokens, and said apart.
  return u.reasoning === undefined ? base : { ...base, completion_tokens_details: { reasoning_tokens: u.reasoning } };
}

function toolCallsBody(choice: TextChoice): Record<string, unknown>[] {
  return choice.toolCalls.map((c) => ({
    id: c.id,
    type: 'function',
    function: { name: c.name, arguments: c.arguments },
  }));
}

/**
 * A reasoning model's thinking as OpenAI-compatible servers write it: under both names, `reasoning_content`
 * (llama.cpp, DeepSeek, what Open WebUI and LangChain read) and `reasoning` (newer vLLM, Ollama, OpenRouter).
 */
export function reasoningFields(text: string): Record<string, string> {
  return text === '' ? {} : { reasoning_content: text, reasoning: text };
}

function chatMessage(choice: TextChoice): Record<string, unknown> {
  const thought = reasoningFields(choice.reasoning);
  if (choice.toolCalls.length === 0) return { role: 'assistant', content: choice.text, refusal: null, ...thought };
  // OpenAI's own answers carry null content beside tool calls when the model said nothing else.
  return {
    role: 'assistant',
    content: choice.text === '' ? null : choice.text,
    refusal: null,
    ...thought,
    tool_calls: toolCallsBody(choice),
  };
}

function textBody(ask: GatewayAsk, answer: TextAnswer, stamp: AnswerStamp): Record<string, unknown> {
  const head = {
    id: responseId(ask, stamp),
    object: ask.endpoint === 'chat' ? 'chat.completion' : 'text_completion',
    created: unixSeconds(stamp),
    model: ask.model,
  };
  const choices = answer.choices.map((choice, index) =>
    ask.endpoint === 'chat'
      ? { index, message: chatMessage(choice), logprobs: null, finish_reason: choice.finishReason }
      : { text: choice.text, index, logprobs: null, finish_reason: choice.finishReason },
  );
  return { ...head, choices, usage: usageBody(answer.usage) };
}

/** float32 little-endian bytes in base64, as OpenAI answers `encoding_format: "base64"`. */
function base64Floats(vector: readonly number[]): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return Buffer.from(bytes).toString('base64');
}

function embeddingBody(ask: GatewayAsk, answer: EmbeddingAnswer): Record<string, unknown> {
  const base64 = ask.reply.embeddingFormat === 'base64';
  return {
    object: 'list',
    data: answer.vectors.map((v, index) => ({ object: 'embedding', index, embedding: base64 ? base64Floats(v) : v })),
    model: ask.model,
    usage: { prompt_tokens: answer.usage.prompt, total_tokens: answer.usage.total },
  };
}

function responseId(ask: GatewayAsk, stamp: AnswerStamp): string {
  return `${ask.endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-${stamp.id}`;
}

/** The JSON body of the answer, or a refusal (502) when the node's result is not what the intent promises. */
export function answerForOpenAI(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): AnswerResult {
  const read = readNodeAnswer(ask, result, stamp?.lowered);
  if (!read.ok) return read;
  const s = stampOrNow(stamp);
  return {
    ok: true,
    body: read.answer.kind === 'embedding' ? embeddingBody(ask, read.answer) : textBody(ask, read.answer, s),
  };
}

/**
 * The answer as OpenAI streams it: per choice a first chunk with the role, the text in a few pieces, the tool calls,
 * a last chunk with the finish reason; then the usage when the app asked for it (`stream_options.include_usage`,
 * which also puts `usage: null` on every other chunk, as OpenAI does); then `[DONE]`.
 */
export function streamForOpenAI(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): StreamResult {
  if (ask.endpoint === 'embedding') return refuse('Embeddings are not streamed.');
  const read = readNodeAnswer(ask, result, stamp?.lowered);
  if (!read.ok) return read;
  if (read.answer.kind !== 'text') return refuse('Embeddings are not streamed.');
  const s = stampOrNow(stamp);
  const chat = ask.endpoint === 'chat';
  const head = {
    id: responseId(ask, s),
    object: chat ? 'chat.completion.chunk' : 'text_completion',
    created: unixSeconds(s),
    model: ask.model,
  };
  const withUsage = ask.reply.includeUsage ? { usage: null } : {};
  const frame = (choice: Record<string, unknown>): string => sseData({ ...head, choices: [choice], ...withUsage });
  const frames: string[] = [];
  read.answer.choices.forEach((choice, index) => {
    frames.push(...(chat ? chatFrames(choice, index, frame) : completionFrames(choice, index, frame)));
  });
  if (ask.reply.includeUsage) frames.push(sseData({ ...head, choices: [], usage: usageBody(read.answer.usage) }));
  frames.push(SSE_DONE);
  return { ok: true, contentType: CONTENT_TYPES.sse, frames };
}

type Frame = (choice: Record<string, unknown>) => string;

function chatFrames(choice: TextChoice, index: number, frame: Frame): string[] {
  const delta = (d: Record<string, unknown>, finish: string | null = null): string =>
    frame({ index, delta: d, logprobs: null, finish_reason: finish });
  const frames = [delta({ role: 'assistant', content: '' })];
  for (const piece of textPieces(choice.reasoning)) frames.push(delta(reasoningFields(piece)));
  for (const piece of textPieces(choice.text)) frames.push(delta({ content: piece }));
  if (choice.toolCalls.length > 0)
    frames.push(delta({ tool_calls: toolCallsBody(choice).map((call, k) => ({ index: k, ...call })) }));
  frames.push(delta({}, choice.finishReason));
  return frames;
}

function completionFrames(choice: TextChoice, index: number, frame: Frame): string[] {
  const text = (t: string, finish: string | null = null): string =>
    frame({ text: t, index, logprobs: null, finish_reason: finish });
  return [...textPieces(choice.text).map((piece) => text(piece)), text('', choice.finishReason)];
}
