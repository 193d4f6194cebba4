import { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING } from './intents';
import { completeFacts, intentOfKind, type Modality, type ModelFacts } from './model-facts';
import { DEFAULT_MAX_TOKENS } from './openai-compat';
import { samplingFeature, type SamplingOption } from './sampling-options';
import { thinkingFeatures } from './thinking-controls';

export type { Modality };

/**
 * One advertised capability, in the shape the IICP registry expects. Besides the four fields every node sends, it says
 * what the server itself reported of its models — never what a name suggests — in the fields the production directory
 * validates and keeps: the context a request may use (`limits`), the quantization, tool calling (`features`), the
 * engine, and where the facts came from (`claim_provenance`).
 */
export interface Capability {
  intent: string;
  models: string[];
  max_tokens: number;
  input_modalities: Modality[];
  limits?: { context_tokens: { value: number; unit: 'tokens' } };
  quantization?: string;
  features?: string[];
  inference_engine?: string;
  claim_provenance?: { source: 'runtime_introspection' | 'heuristic_fallback' };
}

/** The `features` name of a model that takes tools. */
export const FEATURE_TOOL_CALLING = 'tool_calling';
/**
 * The `features` name of a completion model that fills in the middle (a prompt and a `suffix`, what an editor's
 * autocomplete sends). The protocol names no such feature; unknown features are ignored by other readers.
 */
export const FEATURE_FILL_IN_MIDDLE = 'fill_in_middle';

/** A public model with the output limit the node holds it to. */
export interface OfferedModel extends ModelFacts {
  /** min(the person's max_tokens, the model's context): what is advertised and what every call is clamped to. */
  maxTokens: number;
}

export interface BuildCapabilitiesInput {
  /** Models the backend offers, in its order. */
  facts: readonly ModelFacts[];
  /** Public name (or, from older settings, the backend id) of the model to list first. */
  defaultModel: string | null;
  /** Public names (or backend ids) the person does not offer. */
  excludedModels?: Iterable<string>;
  maxTokens?: number;
  /** Offer the completion intent (`/v1/completions`) for chat models; on unless the person turned it off. */
  offerCompletion?: boolean;
  /** The engine that runs a model ("ollama", "llama.cpp"), or null when the server did not say what it is. */
  engineOf?: (model: ModelFacts) => string | null;
  /** The sampling settings beyond OpenAI's that the server running a model takes (`sampling-options.ts`). */
  samplingOf?: (model: ModelFacts) => readonly SamplingOption[];
}

export interface BuiltCapabilities {
  /** The public model set: the default model first, then the others in the backend's order, minus exclusions. */
  models: string[];
  /** By public name. */
  offered: ReadonlyMap<string, OfferedModel>;
  capabilities: Capability[];
}

/** The production directory takes at most 64 models per capability object (422 otherwise): larger groups are split. */
export const MAX_MODELS_PER_CAPABILITY = 64;

/** Facts for bare model ids: what a server that says nothing about its models gets (names decide the rest). */
export function factsFromIds(ids: readonly string[]): ModelFacts[] {
  return completeFacts(ids.map((id) => ({ id })));
}

/**
 * Groups the public models into capabilities per (intent, input modalities, max_tokens), in first-seen order:
 * chat models serve chat and, unless turned off, completion; embedding models serve embedding. With no models it
 * yields chat with an empty list, mirroring the reference; registering such a node is the caller's decision to refuse.
 */
export function buildCapabilities(input: BuildCapabilitiesInput): BuiltCapabilities {
  const maxTokens = input.maxTokens ?? DEFAULT_MAX_TOKENS;
  const excluded = new Set(input.excludedModels ?? []);
  const offered = new Map<string, OfferedModel>();
  const ordered = [...input.facts];
  const first = input.defaultModel
    ? ordered.findIndex((f) => f.name === input.defaultModel || f.id === input.defaultModel)
    : -1;
  if (first > 0) ordered.unshift(...ordered.splice(first, 1));
  for (const f of ordered) {
    if (!f.name.trim() || offered.has(f.name) || excluded.has(f.name) || excluded.has(f.id)) continue;
    offered.set(f.name, { ...f, maxTokens: Math.max(1, Math.min(maxTokens, f.contextLength ?? maxTokens)) });
  }
  const models = [...offered.keys()];
  if (models.length === 0) {
    return {
      models,
      offered,
      capabilities: [{ intent: INTENT_CHAT, models: [], max_tokens: maxTokens, input_modalities: ['text'] }],
    };
  }
  const groups = new Map<string, Capability[]>();
  const add = (intent: string, m: OfferedModel): void => {
    const extra = reportedFields(intent, m, input.engineOf?.(m) ?? null, input.samplingOf?.(m) ?? []);
    const key = `${intent}\u0000${m.modalities.join(',')}\u0000${m.maxTokens}\u0000${JSON.stringify(extra)}`;
    const list = groups.get(key) ?? [];
    if (list.length === 0) groups.set(key, list);
    const last = list[list.length - 1];
    if (last && last.models.length < MAX_MODELS_PER_CAPABILITY) last.models.push(m.name);
    else
      list.push({ intent, models: [m.name], max_tokens: m.maxTokens, input_modalities: [...m.modalities], ...extra });
  };
  for (const m of offered.values()) add(intentOfKind(m.kind, INTENT_CHAT), m);
  if (input.offerCompletion !== false)
    for (const m of offered.values()) if (m.kind === 'chat') add(INTENT_COMPLETION, m);
  return { models, offered, capabilities: [...groups.values()].flat() };
}

/**
 * What the server reported of a model, as a capability's optional fields (the same for every model of one capability:
 * models that differ in any of them go to separate capabilities). Tool calling is a chat feature only, filling in the
 * middle a completion one; the sampling settings the server takes are features of both.
 */
function reportedFields(
  intent: string,
  m: OfferedModel,
  engine: string | null,
  sampling: readonly SamplingOption[],
): Omit<Capability, 'intent' | 'models' | 'max_tokens' | 'input_modalities'> {
  const out: Omit<Capability, 'intent' | 'models' | 'max_tokens' | 'input_modalities'> = {};
  if (m.contextLength !== null) out.limits = { context_tokens: { value: m.contextLength, unit: 'tokens' } };
  if (m.quantization !== null) out.quantization = m.quantization;
  const features: string[] = [];
  if (m.tools && intent === INTENT_CHAT) features.push(FEATURE_TOOL_CALLING);
  if (intent === INTENT_CHAT) features.push(...thinkingFeatures(m.thinking));
  if (m.fim && intent === INTENT_COMPLETION) features.push(FEATURE_FILL_IN_MIDDLE);
  if (intent !== INTENT_EMBEDDING) features.push(...sampling.map(samplingFeature));
  if (features.length > 0) out.features = features;
  if (engine !== null) out.inference_engine = engine;
  out.claim_provenance = { source: m.guessed ? 'heuristic_fallback' : 'runtime_introspection' };
  return out;
}
