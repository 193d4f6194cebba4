/**
 * The gateway's translation layer, pure: an app's request in OpenAI's, Ollama's or Anthropic's API read into one
 * `GatewayAsk` (`askFrom…`), and the node's result turned back into that API's answer, whole (`answerFor`) or as
 * its stream (`streamFor`), or its error shape (`errorBody`). Nothing here does I/O or throws on foreign input.
 */
import { answerForAnthropic, streamForAnthropic } from './anthropic-answer';
import { answerForOllama, streamForOllama } from './ollama-answer';
import { answerForOpenAI, streamForOpenAI } from './openai-answer';
import { answerForResponses, streamForResponses } from './responses-answer';
import type { AnswerResult, AnswerStamp, GatewayAsk, StreamResult } from './types';

export { askFromAnthropic } from './anthropic';
export { answerForAnthropic, streamForAnthropic } from './anthropic-answer';
export { errorBody, refusalBody } from './errors';
export { readNodeAnswer, type NodeAnswer } from './node-answer';
export { askFromOllama, type OllamaRoute } from './ollama';
export { answerForOllama, streamForOllama, tagsForOllama } from './ollama-answer';
export { askFromOpenAI, modelsForOpenAI } from './openai';
export { answerForOpenAI, streamForOpenAI } from './openai-answer';
export { askFromResponses } from './openai-responses';
export { answerForResponses, streamForResponses } from './responses-answer';
export { CONTENT_TYPES } from './stream';
export { usageOf, type TokenUsage } from './tokens';
export * from './types';
export { LIMITS, ModelName } from './request-parts';
export { isoTime } from './stamp';
export { readStreamEnd, readStreamPiece } from './stream-piece';
export { streamWriterFor, type StreamAsk, type StreamClose, type StreamDelta } from './stream-writer';

/** The node's result as the buffered answer in the API the app spoke. */
export function answerFor(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): AnswerResult {
  switch (ask.api) {
    case 'openai':
      return ask.route === 'openai.responses'
        ? answerForResponses(ask, result, stamp)
        : answerForOpenAI(ask, result, stamp);
    case 'ollama':
      return answerForOllama(ask, result, stamp);
    case 'anthropic':
      return answerForAnthropic(ask, result, stamp);
  }
}

/** The node's result as the stream the app asked for, in its API's framing. */
export function streamFor(ask: GatewayAsk, result: unknown, stamp?: AnswerStamp): StreamResult {
  switch (ask.api) {
    case 'openai':
      return ask.route === 'openai.responses'
        ? streamForResponses(ask, result, stamp)
        : streamForOpenAI(ask, result, stamp);
    case 'ollama':
      return streamForOllama(ask, result, stamp);
    case 'anthropic':
      return streamForAnthropic(ask, result, stamp);
  }
}
export { MAX_FORM_BYTES, speechAskFor, type SpeechAsk, type SpeechRoute } from './speech-asks';
export { renderSpeech, renderSpeechResult, type SpeechRendered } from './speech-answers';
