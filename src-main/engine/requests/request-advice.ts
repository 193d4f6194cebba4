import type { RequestAdvice, RequestOutcome } from '@shared/contract';
import { said } from '@shared/i18n/said';
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

const sum = (rows: readonly CountedReason[], test: (r: CountedReason) => boolean): number =>
  rows.reduce((n, r) => (test(r) ? n + r.count : n), 0);

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
    const values = { count: full, slots: ctx.maxConcurrent };
    if (ctx.maxConcurrent >= MOST_SLOTS)
      out.push({ id: 'capacity', words: said('dashboard.advice.capacityMost', values), action: null });
    else if (ctx.maxConcurrentFixed)
      out.push({ id: 'capacity', words: said('dashboard.advice.capacityFixed', values), action: null });
    else out.push({ id: 'capacity', words: said('dashboard.advice.capacity', values), action: SETTINGS });
  }
  const schedule = capacity('schedule');
  if (schedule > 0) {
    out.push({
      id: 'capacity_schedule',
      words: said('dashboard.advice.capacitySchedule', { count: schedule }),
      action: AVAILABILITY,
    });
  }
  const closed = capacity('closed');
  if (closed > 0)
    out.push({ id: 'closed', words: said('dashboard.advice.closed', { count: closed }), action: AVAILABILITY });

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
    const asked =
      shown.length === 0
        ? ''
        : more > 0
          ? said('dashboard.advice.mostAskedFor', { shown: shown.length, names: names.length })
          : said('dashboard.advice.modelsAskedFor');
    const quoted = shown.length > 0 ? { quoted: shown } : {};
    const kept = shown.filter((n) => ctx.privateModels.includes(n)).length;
    if (kept > 0) {
      const which =
        kept === shown.length
          ? said('dashboard.advice.keptAll', { kept })
          : said('dashboard.advice.keptSome', { kept });
      out.push({
        id: 'unknown_model',
        words: said('dashboard.advice.unknownModelKept', { count: unknownCount, which, asked }),
        action: SETTINGS,
        ...quoted,
      });
    } else {
      out.push({
        id: 'unknown_model',
        words: said('dashboard.advice.unknownModel', { count: unknownCount, asked }),
        action: null,
        ...quoted,
      });
    }
  }

  const down = sum(rows, (r) => r.code === 'backend_unavailable');
  if (down > 0)
    out.push({ id: 'backend_down', words: said('dashboard.advice.backendDown', { count: down }), action: SETTINGS });
  const forOwner = sum(rows, (r) => r.code === 'IICP-E024' && r.variant === 'owner_priority');
  if (forOwner > 0)
    out.push({ id: 'owner_use', words: said('dashboard.advice.ownerUse', { count: forOwner }), action: null });
  const loading = sum(rows, (r) => r.code === 'IICP-E024' && r.variant !== 'owner_priority');
  if (loading > 0)
    out.push({
      id: 'backend_loading',
      words: said('dashboard.advice.backendLoading', { count: loading }),
      action: null,
    });
  const timeouts = sum(rows, (r) => r.code === 'task_timeout');
  if (timeouts > 0)
    out.push({ id: 'timeouts', words: said('dashboard.advice.timeouts', { count: timeouts }), action: null });
  const failures = sum(rows, (r) => r.code === 'backend_error');
  if (failures > 0)
    out.push({
      id: 'backend_failed',
      words: said('dashboard.advice.backendFailed', { count: failures }),
      action: SETTINGS,
    });
  const refusedByServer = sum(rows, (r) => r.code === 'validation_error' && r.variant === 'backend');
  if (refusedByServer > 0) {
    out.push({
      id: 'refused_by_server',
      words: said('dashboard.advice.refusedByServer', { count: refusedByServer }),
      action: null,
    });
  }
  const tooLarge = sum(rows, (r) => r.code === 'payload_too_large');
  if (tooLarge > 0)
    out.push({ id: 'too_large', words: said('dashboard.advice.tooLarge', { count: tooLarge }), action: null });
  const limited = sum(rows, (r) => r.code === 'IICP-E023');
  if (limited > 0)
    out.push({ id: 'rate_limited', words: said('dashboard.advice.rateLimited', { count: limited }), action: null });
  const repeats = sum(rows, (r) => r.code === 'IICP-E010' || r.code === 'IICP-E011' || r.code === 'replayed');
  if (repeats > 0)
    out.push({ id: 'repeats', words: said('dashboard.advice.repeats', { count: repeats }), action: null });
  const otherKind = sum(rows, (r) => r.code === 'intent_not_advertised');
  if (otherKind > 0)
    out.push({ id: 'other_kind', words: said('dashboard.advice.otherKind', { count: otherKind }), action: null });
  return out;
}

/** Advice about causes the person can do something about (the "refusals" check calls these a problem). */
export const ACTIONABLE_ADVICE: ReadonlySet<string> = new Set([
  'capacity',
  'capacity_schedule',
  'closed',
  'unknown_model',
  'backend_down',
  'backend_loading',
  'timeouts',
  'backend_failed',
]);
