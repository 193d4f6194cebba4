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
  buildBackendRequest,
  totalTokens,
  type BackendError,
  type BackendRequest,
  type BuildOptions,
  type BackendErrorKind,
  type BackendResult,
  type InvokeOptions,
  type OpenAiCompatBackendOptions,
} from './openai-compat';
export {
  buildCapabilities,
  intentForModel,
  modalitiesForModel,
  publicModelSet,
  type BuildCapabilitiesInput,
  type BuiltCapabilities,
  type Capability,
  type Modality,
} from './capabilities';
export {
  DISCOVERY_TIMEOUT_MS,
  HEARTBEAT_TIMEOUT_MS,
  detectFlavour,
  listModels,
  liveModels,
  observeStability,
  type BackendFlavour,
  type ModelListStatus,
  type ModelListing,
} from './probe';
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
export { backendApiBase, backendRoot, backendUrlProblem } from './urls';
