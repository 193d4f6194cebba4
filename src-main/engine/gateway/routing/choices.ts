/**
 * Several answers to one request (OpenAI `n`): each answer is its own task, with its own task id and row in the spent
 * book, and the allowance must hold for all of them before the first is sent (the first try holds for all, each answer
 * cut so that all fit, and hands each other task its share). The first task plans the request: the others are held to
 * its answer's length and expected cost whichever node answers them, so a pricier node answers shorter and the request
 * never costs more than was held for it. When the first was answered free (nothing held), the others are asked of free
 * machines only, and those they cannot give are planned and held afresh, together, before any is paid for.
 * The answers are joined into one body, their choices indexed in order and their usage summed, as the API writes an
 * answer with several choices.
 */
import type { Hold } from '../spending';
import { type Served, joinChoices } from '../listener';
import { freePlan, type TryPlan } from './try-terms';

/** What one task of several is given: the first holds for all (`copies`) and passes on the rest (`spare`). */
export interface ChoiceShare {
  copies?: number;
  /** The share held for this task by the first: given back once this task holds its own, or when it ends. */
  handOver?: Hold;
  /**
   * What the first task planned for this one (task-route.ts `TryPlan`): its answer's length and expected cost at most.
   */
  plan?: TryPlan;
  /** Receives the shares held for the other tasks, and the plan they are held to (free: nothing was held). */
  spare?: (holds: Hold[], plan: TryPlan) => void;
}

/** The plan of a request whose first answer cost nothing: the other answers may not be paid for either. */
export const FREE_PLAN: TryPlan = Object.freeze({ maxTokens: null, expected: 0 });

/** The most answers one request may ask for (the request readers refuse more). */
export const MAX_CHOICES = 8;

/**
 * Serves `n` tasks through `one` in rounds: a round's first task alone (it holds for every answer still wanted), then
 * its others together, held to its plan. A round whose first answer was free asks its others of free machines only;
 * those they could not give (a busy machine of the person's own) are asked again as a round of their own, held
 * together before any of them is paid for. The bodies are joined by `join`. A paid round's failure, or a round's first,
 * is the request's answer (the tasks that answered are booked all the same: they were done).
 */
export async function serveChoices(
  n: number,
  one: (share: ChoiceShare) => Promise<Served>,
  join: (bodies: string[]) => string | null | Promise<string | null> = joinChoices,
): Promise<Served> {
  const answers: Served[] = [];
  // Each round answers its first task or ends the request, so there are at most `n` of them.
  for (let left = Math.min(Math.max(1, Math.floor(n)), MAX_CHOICES); left > 0;) {
    let spare: Hold[] = [];
    let plan: TryPlan = FREE_PLAN;
    const lead = await one({
      copies: left,
      spare: (holds, planned) => {
        spare = holds;
        plan = planned;
      },
    });
    if (!lead.ok || left === 1) for (const h of spare) h.release();
    if (!lead.ok) return lead;
    answers.push(lead);
    const rest = await Promise.all(
      Array.from({ length: left - 1 }, (_, i) => one({ handOver: spare[i], plan }).finally(() => spare[i]?.release())),
    );
    const failed = rest.filter((s) => !s.ok);
    answers.push(...rest.filter((s) => s.ok));
    if (failed.length > 0 && !freePlan(plan)) return failed[0]!;
    left = failed.length;
  }
  if (answers.length === 1) return answers[0]!;
  const first = answers[0]!;
  // Eight long answers parsed again are as costly as one large answer: the codec joins them off the event loop.
  const joined = await join(answers.map((s) => (s.answer?.chunks ?? []).join('')));
  if (joined === null)
    return {
      ok: false,
      status: 502,
      code: 'bad_answer',
      message: 'The answers could not be joined into one.',
      taskId: first.taskId,
      nodeId: first.nodeId,
      own: first.own,
    };
  return { ...first, answer: { contentType: first.answer?.contentType ?? null, chunks: [joined] } };
}
