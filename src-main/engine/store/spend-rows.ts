import type { GatewayRequestRow } from '@shared/contract';
import { MICRO } from '../pricing';

/**
 * One gateway request as the gateway writes it when the request ends: the row the page lists (the contract's
 * `GatewayRequestRow`), with its time in ms, the intent, and what it is expected to cost in micro-credits (0 on own
 * machines; null when nothing was answered). What the directory charged comes later (`markCharged`).
 */
export type NewSpendRow = Omit<
  GatewayRequestRow,
  | 'at'
  | 'credits'
  | 'charged'
  | 'streamNote'
  | 'route'
  | 'appKeyId'
  | 'app'
  | 'machine'
  | 'operator'
  | 'expected'
  | 'planned'
  | 'worstCase'
  | 'flag'
  | 'notCharged'
  | 'maxTokensLowered'
> & {
  atMs: number;
  intent: string | null;
  creditsU: number | null;
  /** Whether a streamed request's answer streamed (absent: no stream was asked). */
  streamNote?: GatewayRequestRow['streamNote'];
  /** Where the answer came from (absent: unknown, as for rows from before it was noted). */
  route?: GatewayRequestRow['route'];
  /** The app key's id, or `page` for the page's "try it". */
  appKeyId?: string | null;
  /** Planned before sending: what an honest node claims, and the most the directory lets it claim (micro-credits). */
  expectedU?: number | null;
  worstU?: number | null;
  /** What it was expected to cost at a typical answer's length (micro-credits; gateway/spending/typical-answer.ts). */
  plannedU?: number | null;
  /** The answer's length in tokens as the node reported it, capped by what the request could produce. */
  answerTokens?: number | null;
  flag?: GatewayRequestRow['flag'];
  /** The answer's length sent when it was lowered to fit a limit (absent: not lowered). */
  maxTokensLowered?: number | null;
};

/**
 * The column of `gateway_spend` that holds each field of a row: the one place where the table's names and the row's
 * meet. A field the contract's row gains without a column here is a type error.
 */
export const COLUMNS = {
  taskId: 'task_id',
  atMs: 'at_ms',
  api: 'api',
  intent: 'intent',
  model: 'model',
  nodeId: 'node_id',
  own: 'own',
  outcome: 'outcome',
  code: 'code',
  tokens: 'tokens',
  creditsU: 'credits_u',
  latencyMs: 'latency_ms',
  attempts: 'attempts',
  streamNote: 'stream_note',
  route: 'route',
  appKeyId: 'app_key',
  expectedU: 'expected_u',
  worstU: 'worst_u',
  plannedU: 'planned_u',
  answerTokens: 'answer_tokens',
  flag: 'flag',
  maxTokensLowered: 'max_tokens_lowered',
} as const satisfies Record<keyof NewSpendRow, string>;

export const FIELDS = Object.keys(COLUMNS) as (keyof NewSpendRow)[];

/**
 * A stored row as read back: its fields by the row's names (SQLite keeps `own` as 0 or 1), and the directory's charge.
 */
export type StoredSpendRow = Omit<NewSpendRow, 'own'> & {
  own: number | null;
  chargedU: number | null;
  notCharged: number;
};

/** What every read of whole rows selects. */
export const ROW = `${FIELDS.map((f) => `${COLUMNS[f]} AS ${f}`).join(', ')}, charged_u AS chargedU, not_charged AS notCharged`;

/**
 * A row as the page would list it right after it was booked (nothing read from the directory yet): for books kept in
 * memory.
 */
export function requestRowOf(r: NewSpendRow): GatewayRequestRow {
  return toRequestRow({ ...r, own: r.own === null ? null : r.own ? 1 : 0, chargedU: null, notCharged: 0 });
}

const credits = (u: number | null): number | null => (u === null ? null : u / MICRO);

/** A row's fields as the insert's parameters, one per field (`own` as SQLite keeps it). */
export function toParams(r: NewSpendRow): Record<keyof NewSpendRow, unknown> {
  const params = Object.fromEntries(FIELDS.map((f) => [f, r[f]])) as Record<keyof NewSpendRow, unknown>;
  params.own = r.own === null ? null : r.own ? 1 : 0;
  const nullable = [
    'streamNote',
    'route',
    'appKeyId',
    'expectedU',
    'worstU',
    'plannedU',
    'answerTokens',
    'flag',
    'maxTokensLowered',
  ] as const;
  for (const f of nullable) params[f] = r[f] ?? null;
  return params;
}

/** A stored row as the page lists it: the fields the two share pass as they are; time, amounts and `own` are turned. */
export function toRequestRow({
  atMs,
  intent: _intent,
  creditsU,
  chargedU,
  own,
  streamNote,
  route,
  appKeyId,
  expectedU,
  worstU,
  plannedU,
  answerTokens: _answerTokens,
  flag,
  notCharged,
  maxTokensLowered,
  ...same
}: StoredSpendRow): GatewayRequestRow {
  return {
    ...same,
    at: new Date(atMs).toISOString(),
    own: own === null ? null : own === 1,
    credits: credits(creditsU),
    charged: credits(chargedU),
    streamNote: streamNote ?? null,
    route: route ?? null,
    appKeyId: appKeyId ?? null,
    // Names are the gateway's to give (the machine list and the keys); the book keeps ids only.
    app: null,
    machine: null,
    expected: credits(expectedU ?? null),
    // Rows from before the plan was kept apart were planned at the bound.
    planned: credits(plannedU ?? expectedU ?? null),
    worstCase: credits(worstU ?? null),
    flag: flag ?? null,
    notCharged: notCharged === 1,
    maxTokensLowered: maxTokensLowered ?? null,
  };
}
