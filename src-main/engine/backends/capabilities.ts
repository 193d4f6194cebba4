import { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING } from './intents';
import { completeFacts, type Modality, type ModelFacts } from './model-facts';
import { DEFAULT_MAX_TOKENS } from './openai-compat';

export type { Modality };

/** One advertised capability, in the shape the IICP registry expects. */
export interface Capability {
  intent: string;
  models: string[];
  max_tokens: number;
  input_modalities: Modality[];
}

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
  const first = input.defaultModel ? ordered.findIndex((f) => f.name === input.defaultModel || f.id === input.defaultModel) : -1;
  if (first > 0) ordered.unshift(...ordered.splice(first, 1));
  for (const f of ordered) {
    if (!f.name.trim() || offered.has(f.name) || excluded.has(f.name) || excluded.has(f.id)) continue;
    offered.set(f.name, { ...f, maxTokens: Math.max(1, Math.min(maxTokens, f.contextLength ?? maxTokens)) });
  }
  const models = [...offered.keys()];
  if (models.length === 0) {
    return { models, offered, capabilities: [{ intent: INTENT_CHAT, models: [], max_tokens: maxTokens, input_modalities: ['text'] }] };
  }
  const groups = new Map<string, Capability[]>();
  const add = (intent: string, m: OfferedModel): void => {
    const key = `${intent}\u0000${m.modalities.join(',')}\u0000${m.maxTokens}`;
    const list = groups.get(key) ?? [];
    if (list.length === 0) groups.set(key, list);
    const last = list[list.length - 1];
    if (last && last.models.length < MAX_MODELS_PER_CAPABILITY) last.models.push(m.name);
    else list.push({ intent, models: [m.name], max_tokens: m.maxTokens, input_modalities: [...m.modalities] });
  };
  for (const m of offered.values()) add(m.kind === 'embedding' ? INTENT_EMBEDDING : INTENT_CHAT, m);
  if (input.offerCompletion !== false) for (const m of offered.values()) if (m.kind === 'chat') add(INTENT_COMPLETION, m);
  return { models, offered, capabilities: [...groups.values()].flat() };
}
