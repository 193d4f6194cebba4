import { isPlainObject } from './http';
import { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING } from './intents';
import { SAMPLING_OPTIONS, type SamplingOption } from './sampling-options';
import { thinkingAsk, thinkingRefusal, type ThinkingKind } from './thinking-controls';

/** What `unhonouredField` needs to know of the model a task names. */
export interface FieldModel {
  /** The model takes `tools` / `tool_choice` / `parallel_tool_calls`. */
  tools: boolean;
  /** The model fills in the middle: a completion's `suffix`. */
  fim?: boolean;
  /** The sampling settings beyond OpenAI's that the model's server takes (absent: none). */
  sampling?: readonly SamplingOption[];
  /** How the model thinks, as its server showed (absent: not shown, so no thinking setting is taken). */
  thinking?: ThinkingKind;
}

/** The tool fields of a chat: honoured only on a model that takes tools. */
export const TOOL_FIELD_NAMES = ['tools', 'tool_choice', 'parallel_tool_calls'] as const;

/**
 * OpenAI fields that change the answer and that no task can carry (one task is one answer, without log
 * probabilities), each with the value that changes nothing: that value is accepted and not sent on.
 */
const ONE_ANSWER_FIELDS: readonly { field: string; noop: (v: unknown) => boolean; why: string }[] = [
  { field: 'n', noop: (v) => v === 1, why: 'a task gets one answer; send one task per answer' },
  { field: 'best_of', noop: (v) => v === 1, why: 'a task gets one answer, written once' },
  { field: 'logprobs', noop: (v) => v === false, why: 'this node does not return log probabilities' },
  { field: 'top_logprobs', noop: () => false, why: 'this node does not return log probabilities' },
  {
    field: 'logit_bias',
    noop: (v) => isPlainObject(v) && Object.keys(v).length === 0,
    why: 'this node does not take token biases',
  },
  { field: 'echo', noop: (v) => v === false, why: 'this node does not repeat the prompt in its answer' },
];

const present = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * The refusal of the first payload field the server cannot honour for this intent and model ("tools: this model does
 * not take tools"), or null. A field a consumer sends is either carried or refused, never dropped: an answer that
 * ignored it would look like an answer to what was asked. Fields this node has never heard of (SDK metadata such as
 * `user`) are not judged here: the gateway judges an app's fields before a task is sent.
 */
export function unhonouredField(intent: string, payload: Record<string, unknown>, model: FieldModel): string | null {
  for (const field of TOOL_FIELD_NAMES) {
    if (!present(payload[field])) continue;
    if (intent !== INTENT_CHAT) return `${field}: only a chat takes tools`;
    if (!model.tools) return `${field}: this model does not take tools`;
  }
  // An empty suffix (the cursor at the end of the text) asks nothing of the model.
  if (present(payload.suffix) && payload.suffix !== '') {
    if (intent !== INTENT_COMPLETION) return 'suffix: only a completion takes a suffix';
    if (model.fim !== true) return 'suffix: this model does not fill in the middle';
  }
  for (const field of SAMPLING_OPTIONS) {
    if (!present(payload[field])) continue;
    if (intent === INTENT_EMBEDDING) return `${field}: an embedding is not sampled`;
    if (model.sampling?.includes(field) !== true) return `${field}: this node's server does not take it`;
  }
  if (present(payload.think)) {
    const ask = thinkingAsk(payload.think);
    if (ask === null) return 'think: must be true, false, "low", "medium" or "high"';
    if (intent !== INTENT_CHAT) return 'think: only a chat thinks';
    const why = thinkingRefusal(ask, model.thinking);
    if (why !== null) return `think: ${why}`;
  }
  for (const { field, noop, why } of ONE_ANSWER_FIELDS) {
    const value = payload[field];
    if (present(value) && !noop(value)) return `${field}: ${why}`;
  }
  return null;
}
