/**
 * Several answers to one request (OpenAI `n`): each answer is its own task, with its own task id and row in the spent
 * book, and the allowance must hold for all of them before the first is sent (the first try holds for all, and hands
 * each other task its share). The answers are joined into one body, their choices indexed in order and their usage
 * summed, as the API writes an answer with several choices.
 */
import type { Hold } from './budget';
import type { Served } from './gateway-server';

/** What one task of several is given: the first holds for all (`copies`) and passes on the rest (`spare`). */
export interface ChoiceShare {
  copies?: number;
  /** The share held for this task by the first: given back once this task holds its own, or when it ends. */
  handOver?: Hold;
  /** Receives the shares held for the other tasks. */
  spare?: (holds: Hold[]) => void;
}

/** The most answers one request may ask for (the request readers refuse more). */
export const MAX_CHOICES = 8;

/**
 * Serves `n` tasks through `one`: the first alone (it holds for all), then the others together, their bodies joined by
 * `join`. Any failure is the request's answer (the tasks that answered are booked all the same: they were done).
 */
export async function serveChoices(
  n: number,
  one: (share: ChoiceShare) => Promise<Served>,
  join: (bodies: string[]) => string | null | Promise<string | null> = joinChoices,
): Promise<Served> {
  const count = Math.min(Math.max(1, Math.floor(n)), MAX_CHOICES);
  let spare: Hold[] = [];
  const first = await one({ copies: count, spare: (holds) => (spare = holds) });
  if (!first.ok || count === 1) {
    for (const h of spare) h.release();
    return first;
  }
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, (_, i) => one({ handOver: spare[i] }).finally(() => spare[i]?.release())),
  );
  const all = [first, ...rest];
  const failed = all.find((s) => !s.ok);
  if (failed) return failed;
  // Eight long answers parsed again are as costly as one large answer: the codec joins them off the event loop.
  const joined = await join(all.map((s) => (s.answer?.chunks ?? []).join('')));
  if (joined === null) return { ok: false, status: 502, code: 'bad_answer', message: 'The answers could not be joined into one.', taskId: first.taskId, nodeId: first.nodeId, own: first.own };
  return { ...first, answer: { contentType: first.answer?.contentType ?? null, chunks: [joined] } };
}

type Body = { choices?: unknown; usage?: unknown } & Record<string, unknown>;

/**
 * One OpenAI chat or completion body from several, each with one choice: the first's id and model, every choice
 * indexed 0..n-1 in order, the usage's counts summed. Null when a body is not such an answer.
 */
export function joinChoices(bodies: readonly string[]): string | null {
  const parsed: Body[] = [];
  for (const b of bodies) {
    try {
      const v = JSON.parse(b) as unknown;
      if (typeof v !== 'object' || v === null || !Array.isArray((v as Body).choices)) return null;
      parsed.push(v as Body);
    } catch {
      return null;
    }
  }
  if (parsed.length === 0) return null;
  const choices = parsed.flatMap((p) => (p.choices as unknown[]).slice(0, 1)).map((c, index) => ({ ...(c as Record<string, unknown>), index }));
  const usage: Record<string, number> = {};
  for (const p of parsed) {
    if (typeof p.usage !== 'object' || p.usage === null) continue;
    for (const [k, v] of Object.entries(p.usage)) if (typeof v === 'number' && Number.isFinite(v)) usage[k] = (usage[k] ?? 0) + v;
  }
  const head = parsed[0]!;
  return JSON.stringify({ ...head, choices, ...(Object.keys(usage).length > 0 ? { usage } : {}) });
}
