export {
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  INTENT_PATHS,
  isLlmIntent,
  pathForIntent,
  type LlmIntent,
} from './intents';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_TOKENS,
  OpenAiCompatBackend,
  answerClaim,
  buildBackendRequest,
  type BackendError,
  type BackendRequest,
  type BuildModel,
  type BuildOptions,
  type BackendErrorKind,
  type BackendResult,
  type InvokeOptions,
  type OpenAiCompatBackendOptions,
} from './openai-compat';
export {
  buildCapabilities,
  factsFromIds,
  FEATURE_FILL_IN_MIDDLE,
  FEATURE_TOOL_CALLING,
  MAX_MODELS_PER_CAPABILITY,
  type BuildCapabilitiesInput,
  type BuiltCapabilities,
  type Capability,
  type Modality,
  type OfferedModel,
} from './capabilities';
export {
  completeFacts,
  kindFromName,
  modalitiesFromName,
  type ModelFacts,
  type ModelKind,
  type ReportedFacts,
} from './model-facts';
export { baseModelName, isPathLike, publicNames } from './model-names';
export {
  DISCOVERY_TIMEOUT_MS,
  FAST_PROBE_S,
  HEARTBEAT_TIMEOUT_MS,
  lookAtBackend,
  newLookMemory,
  type BackendFlavour,
  type BackendLook,
  type LookMemory,
  type LookStatus,
} from './probe';
export { ProbeClient, type ProbeAnswer } from './probe-client';
export {
  LOADING_RETRY_S,
  UNSTABLE_RETRY_S,
  modelMatches,
  parseLmStudioModels,
  parseOllamaPs,
  type BackendStability,
  type BackendState,
  type StabilityReason,
} from './stability';
export { sanitizeText, sanitizeUpstreamMessage, MAX_UPSTREAM_MESSAGE_CHARS } from './sanitize';
export { type StreamOptions, type StreamOutcome } from './stream-call';
export { MAX_STREAM_LINE_BYTES, type StreamEnd, type StreamUsage } from './stream-events';
export { DEFAULT_FLUSH_BYTES, DEFAULT_FLUSH_MS, type StreamPiece, type ToolCallDelta } from './stream-pieces';
export { backendApiBase, backendRoot, backendUrlProblem } from './urls';

// The face: what other rooms may use.
export { detectLocalServers } from './backend-detection';
export { LLM_INTENTS, STREAMED_INTENTS } from './intents';
export { ModelPuller } from './model-pull';
export {
  ANSWER_ROOM_TOKENS,
  BYTES_PER_TOKEN,
  COUNT_MARGIN,
  TEMPLATE_TOKENS,
  estimateTokens,
  promptBound,
  toldUsage,
  type TokenBound,
  type TokenClaim,
  type UsageNote,
  type UsageNoteKind,
} from './token-claim';
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
