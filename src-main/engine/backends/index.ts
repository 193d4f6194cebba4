export {
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  INTENT_MODERATE,
  INTENT_SPEECH,
  INTENT_TRANSCRIBE,
  isSpeechIntent,
} from './intents';
export { OpenAiCompatBackend, answerClaim, type BackendError } from './openai-compat';
export {
  buildBackendRequest,
  buildModelOf,
  type BackendRequest,
  type BuildModel,
  type BuildOptions,
} from './backend-request';
export {
  buildCapabilities,
  FEATURE_FILL_IN_MIDDLE,
  FEATURE_TOOL_CALLING,
  type BuiltCapabilities,
  type Capability,
} from './capabilities';
export { isPathLike } from './model-names';
export { samplingOfFeatures, samplingTaken, type SamplingOption } from './sampling-options';
export {
  controlFor,
  thinkingControls,
  thinkingOfFeatures,
  type ThinkingAsk,
  type ThinkingControl,
} from './thinking-controls';
export { ProbeClient } from './probe-client';
export { LOADING_RETRY_S } from './stability';
export { sanitizeText } from './sanitize';
export { thoughtIn, type StreamEnd, type StreamUsage } from './stream-events';
export { type StreamPiece } from './stream-pieces';
export { backendRoot } from './urls';

// The face: what other rooms may use.
export { detectLocalServers } from './backend-detection';
export { LLM_INTENTS, SPEECH_INTENTS, STREAMED_INTENTS, type SpeechIntent } from './intents';
export { ModelPuller } from './model-pull';
export { TEMPLATE_TOKENS, estimateTokens, toldUsage, type TokenBound, type UsageNote } from './token-claim';
export { okJson } from './probe-client';
export { CONFIRM_ELSEWHERE, newServerUrls, serverCommands, vetServerUrls } from './server-commands';
export { moreBackendKey, moreBackendKeys } from './server-keys';
export { describeServers } from './server-models';
export { type CombinedObservation } from './combined-offer';
export { MAIN_SERVER, servesTasks } from './llm-server';
export { ServerSet, serverSpecs, type ServerRoute, type ServerSpec } from './server-set';
export { STABILITY_OK } from './stability';
export { Cancellation } from './transport';
export { speechAnswer } from './speech-answer';
export { type SpeechAsk } from './speech-request';
