/**
 * How the fake servers play a reasoning model (`modelFacts[m].thinks`): what they show of it, and what a request may
 * do with its thinking, as each server does it.
 * - Ollama: `/api/show` lists `thinking` (gpt-oss: architecture `gptoss`). Its OpenAI API reads `reasoning_effort`
 *   (or `reasoning.effort`): `none` is thinking off; `low`/`medium`/`high` only for gpt-oss ("think value … is not
 *   supported for this model" otherwise, as server/routes.go answers); any effort on a model that does not think is
 *   "does not support thinking"; another value "invalid reasoning value" (openai/openai.go FromChatRequest). gpt-oss
 *   takes `none` and thinks anyway (its harmony format always reasons).
 * - llama.cpp: `/props` `chat_template` is the model's own template (Qwen3's reads `enable_thinking`, gpt-oss's
 *   `reasoning_effort`, R1's writes `<think>`); `chat_template_kwargs` reach the template only on builds that report
 *   `chat_template_caps` (older builds ignore them, as b4748 does).
 */
import type { Flavour, State } from './fake-types';
import type { Refusal } from './fake-generation';

/** The thought a reasoning model writes when the test gives none. */
export const DEFAULT_THOUGHT = 'The user asks something; I think it over first.';

type Thinks = 'switchable' | 'levels' | 'always';

export const thinksOf = (state: State, model: string): Thinks | null => state.modelFacts[model]?.thinks ?? null;

/** Parts of the real chat templates that say how each kind of model thinks. */
const TEMPLATES: Record<Thinks, string> = {
  switchable:
    "{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}",
  levels: '{%- if reasoning_effort is defined %}{{- "Reasoning: " + reasoning_effort }}{%- endif %}<|channel|>analysis',
  always: "{% set content = content.split('</think>')[-1] %}{{'<｜Assistant｜><think>\\n'}}",
};

export const templateFor = (thinks: Thinks | null): string | null => (thinks ? TEMPLATES[thinks] : null);

const ollamaError = (message: string): Refusal => ({
  ok: false,
  status: 400,
  body: { error: { message, type: 'invalid_request_error', param: null, code: null } },
});

/**
 * What the model thinks for this chat request: the thought, null for none, or the server's refusal of the request's
 * thinking setting. `kwargs`: whether this llama.cpp build passes `chat_template_kwargs` on.
 */
export function thoughtFor(
  flavour: Flavour,
  state: State,
  model: string,
  body: Record<string, unknown>,
  kwargs: boolean,
): string | null | Refusal {
  const thinks = thinksOf(state, model);
  const thought = thinks ? (state.thinking ?? DEFAULT_THOUGHT) : state.thinking;
  if (flavour === 'ollama') {
    const reasoning = body.reasoning as { effort?: unknown } | undefined;
    const effort = reasoning?.effort ?? body.reasoning_effort;
    if (effort === undefined || effort === null || effort === '') return thought;
    if (typeof effort !== 'string' || !['high', 'medium', 'low', 'none'].includes(effort))
      return ollamaError(`invalid reasoning value: '${String(effort)}' (must be "high", "medium", "low", or "none")`);
    if (effort === 'none') return thinks === 'levels' ? thought : null;
    if (!thinks) return ollamaError(`"${model}" does not support thinking`);
    if (thinks !== 'levels') return ollamaError(`think value "${effort}" is not supported for this model`);
    return `${thought} (${effort})`;
  }
  if (flavour === 'llamacpp' && kwargs && thinks) {
    const k = body.chat_template_kwargs as Record<string, unknown> | undefined;
    if (thinks === 'switchable' && k?.enable_thinking === false) return null;
    if (thinks === 'levels' && typeof k?.reasoning_effort === 'string') return `${thought} (${k.reasoning_effort})`;
  }
  return thought;
}
