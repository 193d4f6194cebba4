import { INTENT_CHAT, INTENT_EMBEDDING } from './intents';
import { DEFAULT_MAX_TOKENS } from './openai-compat';

export type Modality = 'text' | 'image' | 'audio';

/** One advertised capability, in the shape the IICP registry expects. */
export interface Capability {
  intent: string;
  models: string[];
  max_tokens: number;
  input_modalities: Modality[];
}

export interface BuildCapabilitiesInput {
  /** Models discovered on the backend, in discovery order. */
  models: readonly string[];
  defaultModel: string | null;
  excludedModels?: Iterable<string>;
  defaultIntent?: string;
  maxTokens?: number;
}

export interface BuiltCapabilities {
  /** The public model set: the default model first, then the other discovered models, minus exclusions. */
  models: string[];
  capabilities: Capability[];
}

/** Embedding models cannot chat, and their names say so; everything else gets the node's default intent. */
export function intentForModel(model: string, defaultIntent: string = INTENT_CHAT): string {
  return model.toLowerCase().includes('embed') ? INTENT_EMBEDDING : defaultIntent;
}

/** Input modalities guessed from the model name, the only signal every backend exposes. */
export function modalitiesForModel(model: string): Modality[] {
  const name = model.toLowerCase();
  const modalities: Modality[] = ['text'];
  const image =
    name.includes('-vl-') ||
    name.endsWith('-vl') ||
    name.includes('vision') ||
    name.includes('llava') ||
    name.includes('omni');
  if (image) modalities.push('image');
  if (name.includes('audio') || name.includes('voxtral') || name.includes('omni')) modalities.push('audio');
  return modalities;
}

/** The ordered public model set (see `BuiltCapabilities.models`). */
export function publicModelSet(
  models: readonly string[],
  defaultModel: string | null,
  excludedModels: Iterable<string> = [],
): string[] {
  const excluded = new Set(excludedModels);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const model of defaultModel ? [defaultModel, ...models] : models) {
    if (!model.trim() || seen.has(model) || excluded.has(model)) continue;
    seen.add(model);
    out.push(model);
  }
  return out;
}

/**
 * Groups the public models into one capability per (intent, modalities), in first-seen order. With no
 * models it still yields the default intent with an empty list, mirroring the reference; registering
 * such a node is the caller's decision to refuse.
 */
export function buildCapabilities(input: BuildCapabilitiesInput): BuiltCapabilities {
  const defaultIntent = input.defaultIntent ?? INTENT_CHAT;
  const maxTokens = input.maxTokens ?? DEFAULT_MAX_TOKENS;
  const models = publicModelSet(input.models, input.defaultModel, input.excludedModels);
  if (models.length === 0) {
    return {
      models,
      capabilities: [{ intent: defaultIntent, models: [], max_tokens: maxTokens, input_modalities: ['text'] }],
    };
  }
  const groups = new Map<string, Capability>();
  for (const model of models) {
    const intent = intentForModel(model, defaultIntent);
    const modalities = modalitiesForModel(model);
    const key = `${intent}\u0000${modalities.join(',')}`;
    const group = groups.get(key);
    if (group) {
      group.models.push(model);
    } else {
      groups.set(key, { intent, models: [model], max_tokens: maxTokens, input_modalities: modalities });
    }
  }
  return { models, capabilities: [...groups.values()] };
}
