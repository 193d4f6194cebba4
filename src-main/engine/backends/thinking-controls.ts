/**
 * What a request may ask of a reasoning model's thinking, which servers can do it, and how a node advertises it. A
 * task carries the ask top level as Ollama spells it, `think`: `true` (think), `false` (do not), or an effort
 * (`"low"`, `"medium"`, `"high"`). The node writes it in its own server's spelling, or refuses it naming `think` when
 * the model cannot do it: a setting that is dropped would look like an answer to what was asked.
 *
 * What each server shows of a model's thinking, and what it takes per request:
 * - Ollama (`/api/show` `capabilities`): a model with `thinking` thinks by default and its OpenAI API (`/v1`, what a
 *   node calls) turns it off with `reasoning_effort: "none"`; only gpt-oss (its harmony format) takes an effort, and it
 *   cannot stop thinking. A model listed without `thinking` never thinks, and Ollama refuses to make it.
 * - llama.cpp (`/props`): the loaded chat template says it. One that reads `enable_thinking` (Qwen3) is switched by
 *   `chat_template_kwargs`, one that reads `reasoning_effort` (gpt-oss) takes an effort there, but only a build that
 *   reports its template's capabilities runs the template with such arguments; a template that writes a think tag
 *   and takes neither thinks always; one with none of these does not think.
 * - vLLM, LM Studio and unknown servers: no endpoint says what the model does with thinking (vLLM's reasoning parser
 *   is a launch flag it does not report), so nothing is claimed and every thinking setting is refused there.
 */
import type { BackendFlavour } from '@shared/contract';
import { isPlainObject } from './http';

/**
 * How a model thinks, as its server showed: `never`; `always` (it cannot be turned off or steered here); `switchable`
 * (on by default, off per request); `levels` (always, with a low, medium or high effort per request).
 */
export type ThinkingKind = 'never' | 'always' | 'switchable' | 'levels';

export const THINKING_EFFORTS = ['low', 'medium', 'high'] as const;
export type ThinkingEffort = (typeof THINKING_EFFORTS)[number];

/** What a request asks of the thinking: on, off, or an effort (which is on, at that effort). */
export type ThinkingAsk = boolean | ThinkingEffort;

/** What a model lets a request do with its thinking: ask for it, turn it off, set its effort. */
export type ThinkingControl = 'on' | 'off' | 'effort';

/** The `features` name of a chat model that thinks before it answers. */
export const FEATURE_THINKING = 'thinking';
/** The `features` name of a chat model a request may ask not to think (one that never does, or can stop). */
export const FEATURE_THINKING_OFF = 'thinking:off';
/** The `features` name of a chat model that takes a thinking effort (`low`, `medium`, `high`). */
export const FEATURE_THINKING_EFFORT = 'thinking:effort';

const FEATURE_OF: Readonly<Record<ThinkingControl, string>> = {
  on: FEATURE_THINKING,
  off: FEATURE_THINKING_OFF,
  effort: FEATURE_THINKING_EFFORT,
};

const CONTROLS: Readonly<Record<ThinkingKind, readonly ThinkingControl[]>> = {
  never: ['off'],
  always: ['on'],
  switchable: ['on', 'off'],
  levels: ['on', 'effort'],
};

/** What a model of `kind` lets a request do; nothing for a model whose thinking is not known. */
export const thinkingControls = (kind: ThinkingKind | null | undefined): readonly ThinkingControl[] =>
  kind ? CONTROLS[kind] : [];

/** The features a chat model of `kind` is advertised with. */
export const thinkingFeatures = (kind: ThinkingKind | null | undefined): string[] =>
  thinkingControls(kind).map((c) => FEATURE_OF[c]);

/** The controls a capability's `features` say its models take. */
export const thinkingOfFeatures = (features: readonly string[]): ThinkingControl[] =>
  (Object.keys(FEATURE_OF) as ThinkingControl[]).filter((c) => features.includes(FEATURE_OF[c]));

/** The control an ask needs of the model. */
export const controlFor = (ask: ThinkingAsk): ThinkingControl =>
  ask === true ? 'on' : ask === false ? 'off' : 'effort';

/** A task's `think` as an ask, or null when it is none of the values a task may carry. */
export function thinkingAsk(v: unknown): ThinkingAsk | null {
  if (typeof v === 'boolean') return v;
  return typeof v === 'string' && (THINKING_EFFORTS as readonly string[]).includes(v) ? (v as ThinkingEffort) : null;
}

/** Why a model of `kind` cannot do what `ask` asks ("this model does not think"), or null when it can. */
export function thinkingRefusal(ask: ThinkingAsk, kind: ThinkingKind | null | undefined): string | null {
  if (thinkingControls(kind).includes(controlFor(ask))) return null;
  if (!kind) return "this node's server does not say what the model does with thinking";
  if (kind === 'never') return 'this model does not think';
  if (ask === false) return 'this model always thinks; it cannot be turned off';
  return 'this model takes no thinking effort';
}

/**
 * The body fields that ask a server of `flavour` for `ask` on a model of `kind` (already judged possible by
 * `thinkingRefusal`): nothing where the server's default is what is asked.
 */
export function thinkingFields(
  flavour: BackendFlavour | null | undefined,
  kind: ThinkingKind | null | undefined,
  ask: ThinkingAsk,
): Record<string, unknown> {
  if (kind === 'never' || kind === 'always' || !kind) return {};
  if (flavour === 'ollama') {
    // Ollama's /v1 turns thinking off with "none"; an effort only for a model with levels (it refuses one otherwise).
    if (ask === false) return { reasoning_effort: 'none' };
    return typeof ask === 'string' && kind === 'levels' ? { reasoning_effort: ask } : {};
  }
  if (flavour === 'llamacpp') {
    if (kind === 'switchable' && typeof ask === 'boolean') return { chat_template_kwargs: { enable_thinking: ask } };
    if (kind === 'levels' && typeof ask === 'string') return { chat_template_kwargs: { reasoning_effort: ask } };
  }
  return {};
}

/** Longest chat template read for the words that say how it thinks; a longer one says nothing. */
const MAX_TEMPLATE_CHARS = 256 * 1024;

/**
 * How a model thinks, from llama.cpp's `/props`: the loaded chat template's words, and whether the build reports its
 * template's capabilities (only those builds pass `chat_template_kwargs` to the template). Null when it shows no
 * template.
 */
export function llamaCppThinking(props: unknown): ThinkingKind | null {
  if (!isPlainObject(props)) return null;
  const template = props.chat_template;
  if (typeof template !== 'string' || template === '' || template.length > MAX_TEMPLATE_CHARS) return null;
  const kwargs = isPlainObject(props.chat_template_caps);
  if (template.includes('enable_thinking')) return kwargs ? 'switchable' : 'always';
  if (template.includes('reasoning_effort')) return kwargs ? 'levels' : 'always';
  return /<think>|<\/think>|\[THINK\]|<\|channel\|>/.test(template) ? 'always' : 'never';
}

/**
 * How a model thinks, from Ollama's `/api/show`: `capabilities` with `thinking`, and gpt-oss (its architecture) for
 * efforts; a list without `thinking` is a model that never thinks. Null when it lists no capabilities.
 */
export function ollamaThinking(caps: readonly string[] | null, architecture: string | null): ThinkingKind | null {
  if (caps === null) return null;
  if (!caps.includes('thinking')) return 'never';
  return architecture === 'gptoss' ? 'levels' : 'switchable';
}
