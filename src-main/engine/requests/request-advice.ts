import type { RequestAdvice, RequestOutcome } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';

/** One of today's counters: answers with this outcome, wire code and cause. */
export interface CountedReason {
  outcome: RequestOutcome;
  code: string;
  variant: string;
  count: number;
}

export interface AdviceContext {
  /** The "Tasks at once" setting. */
  maxConcurrent: number;
  /** Fixed for this run by the host (a flag or environment variable): Settings cannot change it. */
  maxConcurrentFixed: boolean;
  /** Models the LLM server has that the person keeps private (Settings). */
  privateModels: readonly string[];
}

/** The setting's own limit (SettingsSchema in @shared/contract/settings). */
const MOST_SLOTS = 64;
/** Names of models asked for that are shown; the rest are "and N others". */
const NAMED_MODELS = 3;

const SETTINGS = { label: 'Open Settings', route: 'settings' } as const;
const AVAILABILITY = { label: 'Open Availability', route: 'availability' } as const;

const sum = (rows: readonly CountedReason[], test: (r: CountedReason) => boolean): number => rows.reduce((n, r) => (test(r) ? n + r.count : n), 0);

/** "1 was", "2 were": the counts lead the sentence, so the verb follows them. */
const was = (n: number): string => `${n} ${n === 1 ? 'was' : 'were'}`;

function slotsWords(n: number): string {
  return n === 1 ? 'your one slot was busy' : `all ${n} slots were busy`;
}

/**
 * What the person can do about today's answers, in plain words, most useful first: only for causes that happened, and
 * each with the page where it is changed (or none when nothing can be done about it).
 */
export function requestAdvice(rows: readonly CountedReason[], ctx: AdviceContext): RequestAdvice[] {
  const out: RequestAdvice[] = [];
  const capacity = (variant: string) => sum(rows, (r) => r.code === 'IICP-E021' && r.variant === variant);

  // A full node: the setting is what limited it (not the schedule, not a pause).
  const full = capacity('full');
  if (full > 0) {
    const words = `${full} turned away because ${slotsWords(ctx.maxConcurrent)}`;
    if (ctx.maxConcurrent >= MOST_SLOTS) out.push({ id: 'capacity', words: `${words}; that is the most a node takes at once.`, action: null });
    else if (ctx.maxConcurrentFixed) out.push({ id: 'capacity', words: `${words} — raise Tasks at once where the node is started (it is fixed for this run).`, action: null });
    else out.push({ id: 'capacity', words: `${words} — raise Tasks at once in Settings.`, action: SETTINGS });
  }
  const schedule = capacity('schedule');
  if (schedule > 0) {
    out.push({ id: 'capacity_schedule', words: `${schedule} turned away because your availability schedule offered only part of your slots at the time.`, action: AVAILABILITY });
  }
  const closed = capacity('closed');
  if (closed > 0) out.push({ id: 'closed', words: `${closed} arrived while the node was paused or outside your availability hours.`, action: AVAILABILITY });

  const unknownModel = rows.filter((r) => r.code === 'IICP-E029');
  const unknownCount = sum(unknownModel, () => true);
  if (unknownCount > 0) {
    // The names are the consumers' words: they go apart, as quoted data, never into our sentence.
    const byName = new Map<string, number>();
    for (const r of unknownModel) {
      const name = cleanForeignText(r.variant);
      if (name !== '') byName.set(name, (byName.get(name) ?? 0) + r.count);
    }
    const names = [...byName.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
    const shown = names.slice(0, NAMED_MODELS);
    const more = names.length - shown.length;
    const asked = shown.length === 0 ? '' : more > 0 ? ` Most asked for (${shown.length} of ${names.length} names):` : ' Models asked for:';
    const quoted = shown.length > 0 ? { quoted: shown } : {};
    const kept = shown.filter((n) => ctx.privateModels.includes(n)).length;
    if (kept > 0) {
      const which = kept === shown.length ? (kept === 1 ? 'that model' : 'these models') : kept === 1 ? 'one of these models' : `${kept} of these models`;
      out.push({ id: 'unknown_model', words: `${unknownCount} asked for a model you don't offer — you keep ${which} private in Settings.${asked}`, action: SETTINGS, ...quoted });
    } else {
      out.push({ id: 'unknown_model', words: `${unknownCount} asked for a model you don't offer.${asked}`, action: null, ...quoted });
    }
  }

  const down = sum(rows, (r) => r.code === 'backend_unavailable');
  if (down > 0) out.push({ id: 'backend_down', words: `${down} arrived while your LLM server was not answering.`, action: SETTINGS });
  const forOwner = sum(rows, (r) => r.code === 'IICP-E024' && r.variant === 'owner_priority');
  if (forOwner > 0) out.push({ id: 'owner_use', words: `${forOwner} arrived while you were using the GPU yourself, and went to other nodes.`, action: null });
  const loading = sum(rows, (r) => r.code === 'IICP-E024' && r.variant !== 'owner_priority');
  if (loading > 0) out.push({ id: 'backend_loading', words: `${loading} arrived while your LLM server was loading a model or restarting.`, action: null });
  const timeouts = sum(rows, (r) => r.code === 'task_timeout');
  if (timeouts > 0) out.push({ id: 'timeouts', words: `${timeouts} failed because your LLM server did not answer in the time the consumer allowed.`, action: null });
  const failures = sum(rows, (r) => r.code === 'backend_error');
  if (failures > 0) out.push({ id: 'backend_failed', words: `${failures} failed because your LLM server failed or could not be reached.`, action: SETTINGS });
  const refusedByServer = sum(rows, (r) => r.code === 'validation_error' && r.variant === 'backend');
  if (refusedByServer > 0) {
    out.push({ id: 'refused_by_server', words: `${was(refusedByServer)} refused by your LLM server itself (for example prompts longer than the model's context).`, action: null });
  }
  const tooLarge = sum(rows, (r) => r.code === 'payload_too_large');
  if (tooLarge > 0) out.push({ id: 'too_large', words: `${was(tooLarge)} larger than this node accepts (8 MB for chat, 4 MB for other tasks).`, action: null });
  const limited = sum(rows, (r) => r.code === 'IICP-E023');
  if (limited > 0) out.push({ id: 'rate_limited', words: `${limited} came from websites sending more than 120 tasks a minute, and ${limited === 1 ? 'was' : 'were'} slowed down.`, action: null });
  const repeats = sum(rows, (r) => r.code === 'IICP-E010' || r.code === 'IICP-E011' || r.code === 'replayed');
  if (repeats > 0) out.push({ id: 'repeats', words: repeats === 1 ? '1 was a repeat of a task already seen (a consumer sending the same task again); it was not run twice.' : `${repeats} were repeats of tasks already seen (a consumer sending the same task again); none was run twice.`, action: null });
  const otherKind = sum(rows, (r) => r.code === 'intent_not_advertised');
  if (otherKind > 0) out.push({ id: 'other_kind', words: `${otherKind} asked for a kind of task you don't offer.`, action: null });
  return out;
}

/** Advice about causes the person can do something about (the "refusals" check calls these a problem). */
export const ACTIONABLE_ADVICE: ReadonlySet<string> = new Set(['capacity', 'capacity_schedule', 'closed', 'unknown_model', 'backend_down', 'backend_loading', 'timeouts', 'backend_failed']);
