/**
 * A streamed answer written as it comes: each piece the node sends becomes the app's API's own frames at once, in the
 * order and shape the real server writes them, so an app's client library parses them unchanged. Pure: the caller
 * reads the node's pieces (already checked, `stream-piece.ts`) and writes what these return.
 */
import { anthropicStreamWriter } from './stream-writer-anthropic';
import { ollamaStreamWriter } from './stream-writer-ollama';
import { openAIStreamWriter } from './stream-writer-openai';
import { responsesStreamWriter } from './stream-writer-responses';
import type { StreamAsk, StreamWriter } from './stream-types';
import type { AnswerStamp } from './types';

export type { StreamAsk, StreamClose, StreamDelta, StreamWriter, ToolCallDelta } from './stream-types';

/** The writer for the app's API and route; `elapsedMs` says how long the request has run (Ollama reports it). */
export function streamWriterFor(ask: StreamAsk, stamp: AnswerStamp, elapsedMs: () => number): StreamWriter {
  switch (ask.api) {
    case 'openai':
      return ask.route === 'openai.responses' ? responsesStreamWriter(ask, stamp) : openAIStreamWriter(ask, stamp);
    case 'ollama':
      return ollamaStreamWriter(ask, stamp, elapsedMs);
    case 'anthropic':
      return anthropicStreamWriter(ask, stamp);
  }
}
