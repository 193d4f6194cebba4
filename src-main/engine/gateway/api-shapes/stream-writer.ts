/**
 * A streamed answer written as it comes: each piece the node sends becomes the app's API's own frames at once, in the
 * order and shape the real server writes them, so an app's client library parses them unchanged. Pure: the caller
 * reads the node's pieces (already checked, `stream-piece.ts`) and writes what these return.
 */
import { estimateTokens } from '../../backends';
import { endAtBound } from './bound-cut';
import { anthropicStreamWriter } from './stream-writer-anthropic';
import { ollamaStreamWriter } from './stream-writer-ollama';
import { openAIStreamWriter } from './stream-writer-openai';
import { responsesStreamWriter } from './stream-writer-responses';
import type { StreamAsk, StreamDelta, StreamWriter } from './stream-types';
import type { AnswerStamp } from './types';

export type { StreamAsk, StreamClose, StreamDelta, StreamWriter, ToolCallDelta } from './stream-types';

/**
 * The writer for the app's API and route; `elapsedMs` says how long the request has run (Ollama reports it). With
 * `reply.oneToolCall` only the first call the node streams is written: the fragments of any later call, its name and
 * its arguments, never reach the app.
 */
export function streamWriterFor(ask: StreamAsk, stamp: AnswerStamp, elapsedMs: () => number): StreamWriter {
  const writer = endRead(apiWriter(ask, stamp, elapsedMs), stamp.lowered);
  return ask.reply.oneToolCall === true ? firstCallOnly(writer) : writer;
}

/**
 * The end as the app reads it, as a whole answer's is read (node-answer.ts): cut when it reached a bound the gateway
 * lowered (bound-cut.ts), and its usage with the reasoning tokens of the thinking streamed when the node's server
 * gave no figure for them (the node's own estimate of the thinking's bytes, `estimateTokens`).
 */
function endRead(writer: StreamWriter, lowered: number | undefined): StreamWriter {
  let thought = 0;
  return {
    contentType: writer.contentType,
    open: () => writer.open(),
    piece: (d) => {
      if (d.reasoning) thought += Buffer.byteLength(d.reasoning, 'utf8');
      return writer.piece(d);
    },
    close: (c) => {
      const u = c.usage;
      const usage = u && u.reasoning === undefined && thought > 0 ? { ...u, reasoning: estimateTokens(thought) } : u;
      return writer.close({ finishReason: endAtBound(c.finishReason, u?.completion ?? null, lowered), usage });
    },
    fail: (status, code, message) => writer.fail(status, code, message),
  };
}

function apiWriter(ask: StreamAsk, stamp: AnswerStamp, elapsedMs: () => number): StreamWriter {
  switch (ask.api) {
    case 'openai':
      return ask.route === 'openai.responses' ? responsesStreamWriter(ask, stamp) : openAIStreamWriter(ask, stamp);
    case 'ollama':
      return ollamaStreamWriter(ask, stamp, elapsedMs);
    case 'anthropic':
      return anthropicStreamWriter(ask, stamp);
  }
}

function firstCallOnly(writer: StreamWriter): StreamWriter {
  /** The node's index of the first call it streamed; null before any. */
  let first: number | null = null;
  const kept = (d: StreamDelta): StreamDelta => {
    const toolCalls = d.toolCalls.filter((c) => {
      first ??= c.index;
      return c.index === first;
    });
    return toolCalls.length === d.toolCalls.length ? d : { ...d, toolCalls };
  };
  return {
    contentType: writer.contentType,
    open: () => writer.open(),
    piece: (d) => writer.piece(kept(d)),
    close: (c) => writer.close(c),
    fail: (status, code, message) => writer.fail(status, code, message),
  };
}
