/**
 * The sampling settings OpenAI does not define but the local servers do (`top_k`, `min_p`, `repeat_penalty`,
 * `typical_p`): which servers take which, under what name, and how a node advertises them. A task carries them under
 * llama.cpp's names, top level; the node writes each in its own server's spelling, or refuses it when the server has
 * none. Ollama's OpenAI API (`/v1`, what the node talks to) reads none of them, so an Ollama node advertises none.
 */
import type { BackendFlavour } from '@shared/contract';

export const SAMPLING_OPTIONS = ['top_k', 'min_p', 'repeat_penalty', 'typical_p'] as const;
export type SamplingOption = (typeof SAMPLING_OPTIONS)[number];

/** Each option a flavour's `/v1/chat/completions` and `/v1/completions` take, and its name there. */
const SPELLING: Partial<Record<BackendFlavour, Partial<Record<SamplingOption, string>>>> = {
  llamacpp: { top_k: 'top_k', min_p: 'min_p', repeat_penalty: 'repeat_penalty', typical_p: 'typical_p' },
  // vLLM's sampling parameters name the repeat penalty `repetition_penalty` and have no typical sampling.
  vllm: { top_k: 'top_k', min_p: 'min_p', repeat_penalty: 'repetition_penalty' },
};

/** The options a server of `flavour` takes (none for a server whose flavour is not known). */
export function samplingTaken(flavour: BackendFlavour | null | undefined): SamplingOption[] {
  const spelled = flavour ? SPELLING[flavour] : undefined;
  return SAMPLING_OPTIONS.filter((o) => spelled?.[o] !== undefined);
}

/** The name a server of `flavour` reads `option` under, or null when it takes no such option. */
export function serverSpelling(flavour: BackendFlavour | null | undefined, option: SamplingOption): string | null {
  return (flavour ? SPELLING[flavour]?.[option] : undefined) ?? null;
}

/**
 * The `features` name of a model whose server takes `option` (`sampling:top_k`). The protocol names no such feature;
 * unknown features are ignored by other readers.
 */
export const samplingFeature = (option: SamplingOption): string => `sampling:${option}`;

/** The options a capability's `features` say the server takes. */
export function samplingOfFeatures(features: readonly string[]): SamplingOption[] {
  return SAMPLING_OPTIONS.filter((o) => features.includes(samplingFeature(o)));
}
