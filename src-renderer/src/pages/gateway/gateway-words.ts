/**
 * The "Use the network" page's sentences and its checks of what is typed (a limit in credits, a node ID, a browser
 * origin), each against the contract's own rule. No React, so they are tested on their own.
 */
import { FLEET_MAX_MACHINES, GatewaySettingsSchema, NodeIdSchema, type GatewayBudget, type GatewayHeader, type GatewayRequestRow } from '@shared/contract';
import { formatCount, formatNumber, formatTimes } from '../../format';
import { formatCredits } from '../../words/earnings-words';
import type { Tone } from '../../format';

/** The most credits a limit may be (the contract's bound). */
export const MAX_LIMIT = 1_000_000;
/** The longest question the "try it" box sends (the contract's bound). */
export const MAX_PROMPT = 4000;

const NODE_ID = NodeIdSchema;
const ORIGIN = GatewaySettingsSchema.shape.allowedOrigins.element;
const LIMIT = GatewaySettingsSchema.shape.dailyCap;

/** The decimal sign of the person's locale ("." or ","). */
function decimalSign(locale?: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** A stored limit as the person writes it: their decimal sign, no grouping; no limit is an empty box. */
export function limitText(n: number | null, locale?: string): string {
  return n === null ? '' : String(n).replace('.', decimalSign(locale));
}

/**
 * A limit as typed: empty is "no limit" (null); otherwise a plain number (a point or the locale's decimal sign, no
 * grouping) from 0 to 1,000,000 with at most 4 digits after the point, as the directory's books keep credits.
 */
export function parseLimit(text: string, locale?: string): { value: number | null } | { error: string } {
  const t = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (t === '') return { value: null };
  const dot = t.replace(decimalSign(locale), '.');
  if (/^-\s*(\d|\.\d)/.test(dot)) return { error: 'A limit cannot be below 0. Leave the box empty for no limit.' };
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(dot)) return { error: `Enter a plain number such as 5 or ${formatNumber(0.25)}, or leave the box empty for no limit.` };
  const value = Number(dot);
  if (!Number.isFinite(value) || value > MAX_LIMIT) return { error: `A limit can be at most ${formatCount(1_000_000)} credits.` };
  const decimals = dot.includes('.') ? dot.split('.')[1]!.replace(/0+$/, '').length : 0;
  if (decimals > 4 || !LIMIT.safeParse(value).success) return { error: `Use at most 4 digits after the point, for example ${formatNumber(0.0125, 4)}.` };
  return { value };
}

/** A node ID to add to the machine list, or why it cannot be added. */
export function nodeIdProblem(text: string, listed: readonly string[], max = FLEET_MAX_MACHINES): string | null {
  const id = text.trim();
  if (id === '') return 'Paste the node ID of your other computer first.';
  if (!NODE_ID.safeParse(id).success) return 'That is not a node ID. Copy it whole from the Dashboard of the other computer (up to 36 letters, digits, dots, dashes, colons or underscores).';
  if (listed.includes(id)) return 'That computer is already in the list.';
  if (listed.length >= max) return `At most ${max} computers can be listed.`;
  return null;
}

/** A browser origin to allow, or why it cannot be added. */
export function originProblem(text: string, listed: readonly string[], max = 16): string | null {
  const origin = text.trim();
  if (origin === '') return 'Type the origin of the web page first, for example http://localhost:3000.';
  if (!ORIGIN.safeParse(origin).success) return 'Enter an origin only: http:// or https://, a host name and an optional port, such as http://localhost:3000 (no path, no slash at the end).';
  if (listed.includes(origin)) return 'That origin is already allowed.';
  if (listed.length >= max) return `At most ${max} origins can be allowed.`;
  return null;
}

/** The address of the Ollama-style API: the base URL without its `/v1`. */
export const ollamaUrl = (baseUrl: string): string => baseUrl.replace(/\/v1\/?$/, '');

/** The two lines a person pastes into an app (the OpenAI SDK reads them from the environment). */
export function pasteLines(baseUrl: string, key: string): string {
  return `OPENAI_BASE_URL=${baseUrl}\nOPENAI_API_KEY=${key}`;
}

/** Credits with their unit: "1 credit", "0.25 credits". */
export const credits = (n: number): string => `${formatCredits(n)} ${n === 1 ? 'credit' : 'credits'}`;

/** A spend against its limit: "0.12 of 5 credits", or "0.12 credits (no limit)". */
export function spentOf(spent: number, cap: number | null): string {
  return cap === null ? `${credits(spent)} (no limit)` : `${formatCredits(spent)} of ${credits(cap)}`;
}

/** How far a spend has come towards its limit, for the bar's colour: near (90 %) or at the limit. */
export function spendTone(spent: number, cap: number | null): Tone {
  if (cap === null) return 'neutral';
  if (spent >= cap) return 'bad';
  return spent >= cap * 0.9 ? 'warn' : 'ok';
}

/** Which limit leaves no room for a paid request, in words: "Limit reached: today's limit". */
export function limitReachedWords(limit: GatewayBudget['limitReached']): string | null {
  if (limit === null) return null;
  const which = { request: 'the most per request is below the cheapest answer', day: 'today’s limit', month: 'this month’s limit', balance: 'the balance cannot cover a paid request' }[limit];
  return `Limit reached: ${which}`;
}

/** What limits count, and what a dishonest node can cost at most: said once beside the limits. */
export const LIMITS_NOTE =
  'Limits count what each request is expected to cost, then what the directory charged. The most a node may claim is held against the balance only. A node that charges more than expected is never asked again, so a limit can be passed by at most one request per dishonest node.';

/** One sentence on where the budget stands: whether a request can be paid now, and if not, why. */
export function budgetSentence(b: GatewayBudget): string {
  if (b.limitReached === 'request') return 'The most you allow per request is below what the cheapest answer is expected to cost: requests to other people’s machines are refused. Your own machines still answer.';
  if (b.limitReached === 'balance' && b.balance === null) return 'The balance has not been read from the directory yet: requests to other people’s machines wait until it is. Your own machines still answer.';
  if (b.limitReached === 'balance' && (b.keepBalance === null || (b.balance !== null && b.balance > b.keepBalance))) return 'The balance cannot cover what a paid request could cost: requests to other people’s machines are refused. Your own machines still answer.';
  if (b.limitReached === 'day') return 'Today’s limit is reached: requests to other people’s machines are refused until midnight. Your own machines still answer.';
  if (b.limitReached === 'month') return 'This month’s limit is reached: requests to other people’s machines are refused until the month ends. Your own machines still answer.';
  if (b.dailyCap !== null && b.spentToday >= b.dailyCap) return 'Today’s limit is reached: requests to other people’s machines are refused until midnight. Your own machines still answer.';
  if (b.monthlyCap !== null && b.spentThisMonth >= b.monthlyCap) return 'This month’s limit is reached: requests to other people’s machines are refused until the month ends. Your own machines still answer.';
  if (b.keepBalance !== null && b.balance !== null && b.balance <= b.keepBalance) return 'The balance is at the amount you keep: requests to other people’s machines are refused. Your own machines still answer.';
  return 'Requests are paid from this node’s credits within these limits. Your own machines answer for free.';
}

/** What a request's stable code means, in a few words. */
const CODE_WORDS: Record<string, string> = {
  ok: 'Answered',
  insufficient_quota: 'Refused: it would pass a spending limit',
  no_nodes: 'No machine offers this model',
  model_not_found: 'No machine offers this model',
  directory_unreachable: 'The directory could not be reached, and none of your machines offers this model',
  all_nodes_failed: 'Every machine tried failed',
  timeout: 'No answer in time',
  invalid_request: 'Refused: the app’s request was not valid',
  invalid_json: 'Refused: the app’s request was not valid',
  payload_too_large: 'Refused: the request was too large',
  invalid_api_key: 'Refused: no valid app key',
  origin_not_allowed: 'Refused: a web page that is not allowed',
  host_not_allowed: 'Refused: a web page that is not allowed',
};

const OUTCOME_WORDS: Record<GatewayRequestRow['outcome'], { label: string; tone: Tone }> = {
  answered: { label: 'Answered', tone: 'ok' },
  refused: { label: 'Refused', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
};

/** How a request ended, in words, with its badge's tone: "Answered", "Answered on the 2nd try", "Failed: …". */
export function outcomeWords(row: Pick<GatewayRequestRow, 'outcome' | 'code' | 'attempts'>): { label: string; tone: Tone } {
  const base = OUTCOME_WORDS[row.outcome];
  if (row.outcome === 'answered') return { ...base, label: row.attempts > 1 ? `Answered after ${row.attempts} tries` : 'Answered' };
  const words = CODE_WORDS[row.code];
  return { ...base, label: words ?? base.label };
}

/**
 * Whether an app's streamed request came as the node made it: said only when the app asked for a stream and a node
 * was tried. A node reached through a relay, or one that does not offer sealed streams, answers whole.
 */
export function streamWords(stream: GatewayRequestRow['stream']): string | null {
  if (stream === 'streamed') return 'Streamed';
  return stream === 'node_cannot' ? 'Not streamed: that node cannot' : null;
}

/** Whose machine answered: the person's own (free) or someone else's (paid); unknown when none was tried. */
export function whoseWords(own: boolean | null): string {
  return own === null ? '—' : own ? 'Yours' : 'Another person’s';
}

/** Where a request's answer came from: this computer's own server, another of the person's machines, or paid. */
export function routeWords(row: Pick<GatewayRequestRow, 'route' | 'own' | 'nodeId'>): string {
  if (row.route === 'this_computer') return 'This computer';
  if (row.route === 'own') return 'Yours, free';
  if (row.route === 'paid') return 'Paid';
  // A row from before the route was noted says only whose machine it was.
  return row.nodeId === null ? '—' : row.own ? 'Yours, free' : 'Paid';
}

/** What refused a request that went to no machine, said in the machine's place. */
const REFUSED_BY: Record<string, string> = {
  insufficient_quota: 'Not sent: your spending limits refused it',
  no_nodes: 'Not sent: no machine offers this model',
  model_not_found: 'Not sent: no machine offers this model',
  directory_unreachable: 'Not sent: the directory could not be reached',
};

/**
 * The machine column of a request: null when a machine is named (the page quotes its name); otherwise what kept the
 * request from any machine, so a refused row never reads as if a machine was tried.
 */
export function noMachineWords(row: Pick<GatewayRequestRow, 'nodeId' | 'machine' | 'outcome' | 'code'>): string | null {
  if (row.nodeId !== null && row.machine !== null) return null;
  if (row.nodeId !== null) return 'A machine without a name';
  if (row.outcome === 'refused') return REFUSED_BY[row.code] ?? 'Not sent: the gateway refused it';
  return row.outcome === 'failed' ? 'No machine answered' : '—';
}

/** Whether the app's request streamed, in a word: "Streamed", "Not streamed" (the node cannot), "No" (not asked). */
export function streamedWords(stream: GatewayRequestRow['stream']): string {
  return stream === 'streamed' ? 'Streamed' : stream === 'node_cannot' ? 'Not streamed' : 'No';
}

/** What was planned before sending: free on the person's own machines, else what an honest node claims. */
export function plannedWords(row: Pick<GatewayRequestRow, 'own' | 'route' | 'expected' | 'credits' | 'nodeId'>): string {
  if (row.nodeId === null) return '—';
  if (row.route === 'this_computer' || row.route === 'own' || row.own === true) return 'Free';
  const n = row.expected ?? row.credits;
  return n === null ? '—' : credits(n);
}

/** What the directory charged: its debit once read, "Not charged" when its books held none, else not read yet. */
export function chargedWords(row: Pick<GatewayRequestRow, 'own' | 'route' | 'charged' | 'notCharged' | 'nodeId' | 'outcome'>): string {
  if (row.charged !== null) return credits(row.charged);
  if (row.notCharged) return 'Not charged by the directory';
  if (row.nodeId === null) return '—';
  if (row.route === 'this_computer' || row.route === 'own' || row.own === true) return 'Free';
  return row.outcome === 'answered' ? 'Not read yet' : '—';
}

/**
 * A request's cost: free on the person's own machines, the directory's figure once read, "not charged" when the
 * directory's books showed no debit well after it, else what counts until then.
 */
export function costWords(row: Pick<GatewayRequestRow, 'own' | 'credits' | 'charged'> & Partial<Pick<GatewayRequestRow, 'notCharged'>>): string {
  if (row.own === true) return 'Free';
  if (row.notCharged === true && row.charged === null) return 'Not charged by the directory';
  const n = row.charged ?? row.credits;
  return n === null ? '—' : credits(n);
}

/**
 * The plan beside a paid request's cost: before the directory's debit, what it was expected to cost and its worst
 * case; after, what was expected against what was charged.
 */
export function planWords(row: Pick<GatewayRequestRow, 'own' | 'charged' | 'expected' | 'worstCase' | 'notCharged'>): string | null {
  if (row.own !== false || row.expected === null) return null;
  if (row.charged !== null) return `Expected ${credits(row.expected)}; charged ${credits(row.charged)}`;
  const worst = row.worstCase === null ? '' : `, at most ${credits(row.worstCase)}`;
  return row.notCharged ? `Expected ${credits(row.expected)}${worst}` : `Expected ${credits(row.expected)}${worst}; not charged yet`;
}

/** Why a node is no longer asked, in words: it claimed or was charged more than the request could cost. */
export function flagWords(flag: GatewayRequestRow['flag']): string | null {
  if (flag === 'overclaimed') return 'The node claimed more tokens than this request could use: it is no longer asked';
  return flag === 'overcharged' ? 'The directory charged more than expected for this node: it is no longer asked' : null;
}

/** A length of time in milliseconds as read: "850 ms", "1.2 s". */
export function latencyWords(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${formatNumber(ms / 1000, 1)} s`;
}

/** A price multiplier as every page writes it: "0.8 ×". */
export const multiplierWords = (m: number): string => formatTimes(m);

const LIMIT_WORDS: Record<NonNullable<GatewayHeader['limit']>, string> = {
  request: 'The limit for one request',
  day: 'Today’s spending limit',
  month: 'This month’s spending limit',
};

/**
 * The header's badge and sentence for a gateway that listens, by where the engine says it stands; null for the
 * states the card words itself (off, not listening, starting).
 */
export function headerWords(h: GatewayHeader): { badge: string; tone: Tone; sentence: string } | null {
  switch (h.kind) {
    case 'listening':
      return { badge: 'Listening', tone: 'ok', sentence: 'Apps on this computer can use the network now.' };
    case 'directory_down':
      return { badge: 'Directory down', tone: 'warn', sentence: 'The directory cannot be reached: only your own machines can answer now.' };
    case 'no_machine':
      return { badge: 'No machine', tone: 'warn', sentence: 'No machine, yours or another person’s, offers a model now. Apps get an error until one does.' };
    case 'limit_reached':
      return { badge: 'Limit reached', tone: 'warn', sentence: `${h.limit ? LIMIT_WORDS[h.limit] : 'A spending limit'} is reached: only your own machines, which are free, can answer now.` };
    case 'balance_empty':
      return { badge: 'Balance empty', tone: 'warn', sentence: 'The balance cannot pay for a request to another person’s machine: only your own machines, which are free, can answer now.' };
    default:
      return null;
  }
}

/** The key-less Ollama switch: its label, which apps need it, and that paid machines never answer them. */
export const KEYLESS_OLLAMA_LABEL = 'Let Ollama apps without a key use this computer and my machines';
export const KEYLESS_OLLAMA_HINT =
  'Turn this on for Ollama apps that have no field for an API key. Their requests are answered only by this computer and your own machines, never by paid machines.';
/** What an Ollama app meets while the switch is off. */
export const OLLAMA_NEEDS_KEY = 'While this is off, the Ollama address (/api/…) needs an app key like every other app.';
