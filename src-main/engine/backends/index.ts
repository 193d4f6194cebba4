export { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING, INTENT_PATHS } from './intents';
export {
  OpenAiCompatBackend,
  answerClaim,
  buildBackendRequest,
  type BackendError,
  type BackendRequest,
  type BuildModel,
  type BuildOptions,
  type BackendResult,
  type OpenAiCompatBackendOptions,
} from './openai-compat';
export {
  buildCapabilities,
  factsFromIds,
  FEATURE_FILL_IN_MIDDLE,
  FEATURE_TOOL_CALLING,
  MAX_MODELS_PER_CAPABILITY,
  type BuiltCapabilities,
  type Capability,
} from './capabilities';
export { completeFacts, kindFromName, modalitiesFromName } from './model-facts';
export { baseModelName, isPathLike, publicNames } from './model-names';
export {
  FAST_PROBE_S,
  lookAtBackend,
  newLookMemory,
  type BackendFlavour,
  type BackendLook,
  type LookMemory,
} from './probe';
export { ProbeClient } from './probe-client';
export { LOADING_RETRY_S, modelMatches, parseLmStudioModels, parseOllamaPs } from './stability';
export { sanitizeText } from './sanitize';
export { type StreamOptions, type StreamOutcome } from './stream-call';
export { type StreamEnd, type StreamUsage } from './stream-events';
export { type StreamPiece } from './stream-pieces';
export { backendApiBase, backendRoot } from './urls';

// The face: what other rooms may use.
export { detectLocalServers } from './backend-detection';
export { LLM_INTENTS, STREAMED_INTENTS } from './intents';
export { ModelPuller } from './model-pull';
export { TEMPLATE_TOKENS, estimateTokens, toldUsage, type TokenBound, type UsageNote } from './token-claim';
export { okJson } from './probe-client';
export { CONFIRM_ELSEWHERE, newServerUrls, serverCommands, vetServerUrls } from './server-commands';
export { moreBackendKey, moreBackendKeys } from './server-keys';
export { describeServers } from './server-models';
export {
  MAIN_SERVER,
  ServerSet,
  serverSpecs,
  servesTasks,
  type CombinedObservation,
  type ServerRoute,
  type ServerSpec,
} from './server-set';
export { STABILITY_OK } from './stability';
export { Cancellation } from './transport';
