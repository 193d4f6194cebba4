/**
 * The spending limits form's values and their check before saving: each limit read from what is typed (empty is no
 * limit), the change sent as the whole gateway block, and the host's refusal at its field. No React.
 */
import type { ContractErrorBody, GatewaySettings, Settings } from '@shared/contract';
import { changes, refusalWords, type Draft, type FieldErrors, type ProblemWays } from '../../lib/settings-draft';
import { limitText, parseLimit } from './gateway-words';
import { formatCount } from '../../format';
import { sayNow } from '@shared/i18n/current';

export const LIMIT_FIELDS = ['dailyCap', 'monthlyCap', 'perRequestMax', 'keepBalance'] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number];
/** What the form shows: each limit as typed. */
export type LimitValues = Record<LimitField, string>;

export const toLimitValues = (g: GatewaySettings, locale?: string): LimitValues =>
  Object.fromEntries(LIMIT_FIELDS.map((f) => [f, limitText(g[f], locale)])) as LimitValues;

/** The form read in one pass: the gateway block to send when a limit differs from what is saved, and every problem. */
export function readLimits(values: LimitValues, saved: Settings, locale?: string): Draft<LimitField> {
  const errors: FieldErrors<LimitField> = {};
  const next: Partial<GatewaySettings> = {};
  for (const f of LIMIT_FIELDS) {
    const parsed = parseLimit(values[f], locale);
    if ('error' in parsed) errors[f] = parsed.error;
    else next[f] = parsed.value;
  }
  if (Object.keys(errors).length > 0) return { patch: {}, errors };
  return { patch: changes({ gateway: { ...saved.gateway, ...next } }, saved), errors };
}

const correctIt = (): string => sayNow()('gateway.limits.correctIt');
const limitRefused = (): string => sayNow()('gateway.limits.refused', { max: formatCount(1_000_000) });

/** The host's problems with `gateway.<limit>` at their fields (in the form's words); the rest as the host said them. */
export function limitRefusal(error: ContractErrorBody): { fields: FieldErrors<LimitField>; other: string[] } {
  const fields: FieldErrors<LimitField> = {};
  const other: string[] = [];
  if (error.code !== 'invalid_request') return { fields, other };
  for (const issue of error.issues ?? []) {
    const [group, field] = issue.path.split('.');
    const hit = group === 'gateway' ? LIMIT_FIELDS.find((f) => f === field) : undefined;
    // A problem without a code is the node's own sentence (a setting fixed for this run, say).
    if (hit) fields[hit] ??= issue.code === undefined ? issue.message : limitRefused();
    else other.push(issue.message);
  }
  return { fields, other };
}

/** Problems at their fields, and in the box under the form what to do, or what the host said. */
export const LIMIT_PROBLEMS: ProblemWays<LimitField> = {
  invalid: (errors) => ({ fields: errors, failed: [correctIt()] }),
  refused: (error) => {
    const found = limitRefusal(error);
    return { fields: found.fields, failed: refusalWords(found, error, correctIt()) };
  },
};
