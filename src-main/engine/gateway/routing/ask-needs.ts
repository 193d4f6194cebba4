/**
 * Whether a machine can honour what a request needs beyond plain text (tools, fill in the middle, a context length,
 * sampling settings beyond OpenAI's, a thinking setting),
 * judged by what its adverts say of the model: a machine that said nothing is asked plain requests only. A request no
 * machine can honour is refused before anything is sent, naming the first field none of them takes.
 */
import { cleanForeignText } from '@shared/text/foreign-text';
import { controlFor, type SamplingOption } from '../../backends';
import { NO_NEEDS, type AskNeeds } from '../api-shapes';
import type { ModelAdvert } from './network-offer';

/** What a machine's adverts say of one model, as far as a request's needs are judged. */
export type ModelFacts = Pick<ModelAdvert, 'tools' | 'fim' | 'contextTokens' | 'sampling' | 'thinking'>;

/** A request field that needs something of the model, named as the app wrote it (a sampling one: `top_k`, …). */
export type NeedField = 'tools' | 'suffix' | 'options.num_ctx' | (string & {});

/** The sampling option a need's field names: its last part (`options.top_k` is `top_k`). */
const optionOf = (field: string): SamplingOption => field.slice(field.lastIndexOf('.') + 1) as SamplingOption;

/** The first need `facts` do not meet, in the order a refusal names them; null when all are met. */
export function unmetNeed(facts: ModelFacts | undefined, needs: AskNeeds | undefined): NeedField | null {
  if (!needs) return null;
  if (needs.tools && facts?.tools !== true) return 'tools';
  if (needs.fim && facts?.fim !== true) return 'suffix';
  if (needs.contextTokens !== null && (facts?.contextTokens ?? 0) < needs.contextTokens) return 'options.num_ctx';
  for (const field of needs.sampling ?? []) if (facts?.sampling?.includes(optionOf(field)) !== true) return field;
  const thinking = needs.thinking;
  if (thinking && facts?.thinking?.includes(controlFor(thinking.ask)) !== true) return thinking.field;
  return null;
}

/** Whether a machine whose adverts say `facts` of the model can honour `needs`. */
export const canHonour = (facts: ModelFacts | undefined, needs: AskNeeds | undefined): boolean =>
  unmetNeed(facts, needs) === null;

/**
 * The field to name when none of the machines (their facts in `all`) can honour `needs`: the first that none of them
 * meets, else the first the first machine does not meet.
 */
export function fieldNoneMeets(
  all: readonly (ModelFacts | undefined)[],
  needs: AskNeeds | undefined,
): NeedField | null {
  const missed = all.map((f) => unmetNeed(f, needs));
  if (!needs || missed.every((m) => m === null)) return null;
  const single: [NeedField, AskNeeds][] = [
    ['tools', { ...NO_NEEDS, tools: needs.tools }],
    ['suffix', { ...NO_NEEDS, fim: needs.fim }],
    ['options.num_ctx', { ...NO_NEEDS, contextTokens: needs.contextTokens }],
    ...(needs.sampling ?? []).map((f): [NeedField, AskNeeds] => [f, { ...NO_NEEDS, sampling: [f] }]),
    ...(needs.thinking
      ? [[needs.thinking.field, { ...NO_NEEDS, thinking: needs.thinking }] as [NeedField, AskNeeds]]
      : []),
  ];
  for (const [field, one] of single) if (all.every((f) => unmetNeed(f, one) === field)) return field;
  return missed.find((m) => m !== null) ?? null;
}

/** What a machine must do with its model's thinking, as the end of a refusal's sentence. */
const THINKING_WORDS = {
  on: 'thinks now.',
  off: 'can answer without thinking now.',
  effort: 'takes a thinking effort now.',
} as const;

/** The refusal for a request whose `field` no machine that offers `model` takes now (400, nothing sent). */
export function needRefusal(
  model: string,
  field: NeedField,
  needs: AskNeeds | undefined,
): { status: 400; code: 'unsupported_field'; message: string } {
  const quoted = `“${cleanForeignText(model)}”`;
  const what =
    field === 'tools'
      ? 'takes tools now.'
      : field === 'suffix'
        ? 'fills in the middle (a completion with a suffix) now.'
        : field === 'options.num_ctx'
          ? `takes a context of ${needs?.contextTokens ?? 0} tokens now.`
          : needs?.thinking?.field === field
            ? THINKING_WORDS[controlFor(needs.thinking.ask)]
            : `takes the sampling setting ${optionOf(field)} now.`;
  return { status: 400, code: 'unsupported_field', message: `${field}: no machine that offers ${quoted} ${what}` };
}
