/**
 * The "Use the network" page's sentences and its checks of what is typed (a limit in credits, a node ID, a browser
 * origin), each against the contract's own rule. No React, so they are tested on their own.
 */
import {
  FLEET_MAX_MACHINES,
  GatewaySettingsSchema,
  NodeIdSchema,
  type GatewayHeader,
  type GatewayRequestRow,
} from '@shared/contract';
import { formatCount, formatNumber, formatTimes } from '../../format';
import { formatCredits } from '../../words/earnings-words';
import type { Tone } from '../../format';
import { sayNow } from '@shared/i18n/current';
import type { MessageId } from '@shared/i18n/catalogue';
import { balanceHeader, type BalanceFacts } from './budget-words';

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
  const say = sayNow();
  if (/^-\s*(\d|\.\d)/.test(dot)) return { error: say('gateway.limit.belowZero') };
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(dot))
    return { error: say('gateway.limit.notNumber', { example: formatNumber(0.25) }) };
  const value = Number(dot);
  if (!Number.isFinite(value) || value > MAX_LIMIT)
    return { error: say('gateway.limit.tooHigh', { max: formatCount(MAX_LIMIT) }) };
  const decimals = dot.includes('.') ? dot.split('.')[1]!.replace(/0+$/, '').length : 0;
  // "Decimal places", not "digits after the point": the locale's decimal comma is accepted as well.
  if (decimals > 4 || !LIMIT.safeParse(value).success)
    return { error: say('gateway.limit.decimals', { example: formatNumber(0.0125, 4) }) };
  return { value };
}

/** A node ID to add to the machine list, or why it cannot be added. */
export function nodeIdProblem(text: string, listed: readonly string[], max = FLEET_MAX_MACHINES): string | null {
  const say = sayNow();
  const id = text.trim();
  if (id === '') return say('gateway.machines.pasteFirst');
  if (!NODE_ID.safeParse(id).success) return say('gateway.machines.notNodeId');
  if (listed.includes(id)) return say('gateway.machines.already');
  if (listed.length >= max) return say('gateway.machines.full', { max });
  return null;
}

/** A browser origin to allow, or why it cannot be added. */
export function originProblem(text: string, listed: readonly string[], max = 16): string | null {
  const say = sayNow();
  const origin = text.trim();
  if (origin === '') return say('gateway.origins.typeFirst');
  if (!ORIGIN.safeParse(origin).success) return say('gateway.origins.notOrigin');
  if (listed.includes(origin)) return say('gateway.origins.already');
  if (listed.length >= max) return say('gateway.origins.full', { max });
  return null;
}

/** The address of the Ollama-style API: the base URL without its `/v1`. */
export const ollamaUrl = (baseUrl: string): string => baseUrl.replace(/\/v1\/?$/, '');

/** The two lines a person pastes into an app (the OpenAI SDK reads them from the environment). */
export function pasteLines(baseUrl: string, key: string): string {
  return `OPENAI_BASE_URL=${baseUrl}\nOPENAI_API_KEY=${key}`;
}

/** Credits with their unit: "1 credit", "0.25 credits". */
export const credits = (n: number): string =>
  sayNow()('gateway.credits', { amount: formatCredits(n), one: n === 1 ? 'one' : 'other' });

/** A spend against its limit: "0.12 of 5 credits", or "0.12 credits (no limit)". */
export function spentOf(spent: number, cap: number | null): string {
  const say = sayNow();
  return cap === null
    ? say('gateway.spend.noLimit', { spent: credits(spent) })
    : say('gateway.spend.of', { spent: formatCredits(spent), cap: credits(cap) });
}

/** How far a spend has come towards its limit, for the bar's colour: near (90 %) or at the limit. */
export function spendTone(spent: number, cap: number | null): Tone {
  if (cap === null) return 'neutral';
  if (spent >= cap) return 'bad';
  return spent >= cap * 0.9 ? 'warn' : 'ok';
}

/** What a request's stable code says of why it did not end well: the detail beside the outcome's short word. */
const CODE_WORDS: Record<string, MessageId> = {
  insufficient_quota: 'gateway.code.insufficientQuota',
  no_nodes: 'gateway.code.noNodes',
  model_not_found: 'gateway.code.noNodes',
  directory_unreachable: 'gateway.code.directoryUnreachable',
  all_nodes_failed: 'gateway.code.allNodesFailed',
  timeout: 'gateway.code.timeout',
  invalid_request: 'gateway.code.invalidRequest',
  invalid_json: 'gateway.code.invalidRequest',
  payload_too_large: 'gateway.code.tooLarge',
  invalid_api_key: 'gateway.code.badKey',
  origin_not_allowed: 'gateway.code.origin',
  host_not_allowed: 'gateway.code.origin',
};

const OUTCOME_TONES: Record<GatewayRequestRow['outcome'], Tone> = { answered: 'ok', refused: 'warn', failed: 'bad' };

/**
 * How a request ended: a short word for its badge ("Answered", "Answered after 2 tries", "Refused", "Failed"), its
 * tone, and for a request that did not end well what its code says ("It would pass a spending limit."), shown beside
 * the badge, so the column stays narrow in a table and in German.
 */
export function outcomeWords(row: Pick<GatewayRequestRow, 'outcome' | 'code' | 'attempts'>): {
  label: string;
  tone: Tone;
  detail: string | null;
} {
  const say = sayNow();
  const tone = OUTCOME_TONES[row.outcome];
  if (row.outcome === 'answered')
    return { label: say('gateway.outcome.answered', { tries: row.attempts }), tone, detail: null };
  const detail = CODE_WORDS[row.code];
  return {
    label: say(row.outcome === 'refused' ? 'gateway.outcome.refused' : 'gateway.outcome.failed'),
    tone,
    detail: detail ? say(detail) : null,
  };
}

/**
 * Whether an app's streamed request came as the node made it: said only when the app asked for a stream and a node
 * was tried. A node reached through a relay, or one that does not offer sealed streams, answers whole.
 */
export function streamWords(stream: GatewayRequestRow['streamNote']): string | null {
  const say = sayNow();
  if (stream === 'streamed') return say('gateway.stream.streamed');
  return stream === 'node_cannot' ? say('gateway.stream.nodeCannot') : null;
}

/** Where a request's answer came from: this computer's own server, another of the person's machines, or paid. */
export function routeWords(row: Pick<GatewayRequestRow, 'route' | 'own' | 'nodeId'>): string {
  const say = sayNow();
  if (row.route === 'this_computer') return say('gateway.route.thisComputer');
  if (row.route === 'own') return say('gateway.route.own');
  if (row.route === 'paid') return say('gateway.route.paid');
  // A row from before the route was noted says only whose machine it was.
  return row.nodeId === null ? '—' : row.own ? say('gateway.route.own') : say('gateway.route.paid');
}

/** What refused a request that went to no machine, said in the machine's place. */
const REFUSED_BY: Record<string, MessageId> = {
  insufficient_quota: 'gateway.notSent.limits',
  no_nodes: 'gateway.notSent.noMachine',
  model_not_found: 'gateway.notSent.noMachine',
  directory_unreachable: 'gateway.notSent.directory',
};

/**
 * The machine column of a request: null when a machine is named (the page quotes its name); otherwise what kept the
 * request from any machine, so a refused row never reads as if a machine was tried.
 */
export function noMachineWords(row: Pick<GatewayRequestRow, 'nodeId' | 'machine' | 'outcome' | 'code'>): string | null {
  const say = sayNow();
  if (row.nodeId !== null && row.machine !== null) return null;
  if (row.nodeId !== null) return say('gateway.machine.noName');
  if (row.outcome === 'refused') return say(REFUSED_BY[row.code] ?? 'gateway.notSent.gateway');
  return row.outcome === 'failed' ? say('gateway.machine.noneAnswered') : '—';
}

/** Whether the app's request streamed, in a word: "Streamed", "Not streamed" (the node cannot), "No" (not asked). */
export function streamedWords(stream: GatewayRequestRow['streamNote']): string {
  const say = sayNow();
  return stream === 'streamed'
    ? say('gateway.stream.streamed')
    : stream === 'node_cannot'
      ? say('gateway.stream.notStreamed')
      : say('gateway.stream.no');
}

/**
 * What was planned before sending: free on the person's own machines, else what the request was expected to cost (an
 * honest node's claim for the prompt and a typical answer), never the room the limits held for its longest answer.
 */
export function plannedWords(
  row: Pick<GatewayRequestRow, 'own' | 'route' | 'planned' | 'expected' | 'credits' | 'nodeId'>,
): string {
  if (row.nodeId === null) return '—';
  if (row.route === 'this_computer' || row.route === 'own' || row.own === true) return sayNow()('gateway.cost.free');
  const n = row.planned ?? row.expected ?? row.credits;
  return n === null ? '—' : credits(n);
}

/** What the directory charged: its debit once read, "Not charged" when its books held none, else not read yet. */
export function chargedWords(
  row: Pick<GatewayRequestRow, 'own' | 'route' | 'charged' | 'notCharged' | 'nodeId' | 'outcome'>,
): string {
  const say = sayNow();
  if (row.charged !== null) return credits(row.charged);
  if (row.notCharged) return say('gateway.cost.notCharged');
  if (row.nodeId === null) return '—';
  if (row.route === 'this_computer' || row.route === 'own' || row.own === true) return say('gateway.cost.free');
  return row.outcome === 'answered' ? say('gateway.cost.notRead') : '—';
}

/**
 * A request's cost: free on the person's own machines, the directory's figure once read, "not charged" when the
 * directory's books showed no debit well after it, else what counts until then.
 */
export function costWords(
  row: Pick<GatewayRequestRow, 'own' | 'credits' | 'charged'> & Partial<Pick<GatewayRequestRow, 'notCharged'>>,
): string {
  const say = sayNow();
  if (row.own === true) return say('gateway.cost.free');
  if (row.notCharged === true && row.charged === null) return say('gateway.cost.notCharged');
  const n = row.charged ?? row.credits;
  return n === null ? '—' : credits(n);
}

/**
 * The plan beside a paid request's cost, one fact a clause: before the directory's debit, what it was expected to cost,
 * what the limits held for it (its longest answer) and its worst case; after, what was expected against what was
 * charged.
 */
export function planWords(
  row: Pick<GatewayRequestRow, 'own' | 'charged' | 'planned' | 'expected' | 'worstCase' | 'notCharged'>,
): string | null {
  if (row.own !== false || row.expected === null) return null;
  const say = sayNow();
  const expected = credits(row.planned ?? row.expected);
  if (row.charged !== null) return say('gateway.plan.charged', { expected, charged: credits(row.charged) });
  const held = credits(row.expected);
  if (row.worstCase === null)
    return say(row.notCharged ? 'gateway.plan.held' : 'gateway.plan.heldNotYet', { expected, held });
  return say(row.notCharged ? 'gateway.plan.heldWorst' : 'gateway.plan.heldWorstNotYet', {
    expected,
    held,
    worst: credits(row.worstCase),
  });
}

/** Why a node is no longer asked, in words: it claimed or was charged more than the request could cost. */
export function flagWords(flag: GatewayRequestRow['flag']): string | null {
  if (flag === 'overclaimed') return sayNow()('gateway.flag.overclaimed');
  return flag === 'overcharged' ? sayNow()('gateway.flag.overcharged') : null;
}

/** A length of time in milliseconds as read: "850 ms", "1.2 s". */
export function latencyWords(ms: number): string {
  if (ms < 1000) return sayNow()('gateway.latency.ms', { ms: formatCount(Math.round(ms)) });
  return sayNow()('gateway.latency.s', { s: formatNumber(ms / 1000, 1) });
}

/** A price multiplier as every page writes it: "0.8 ×". */
export const multiplierWords = (m: number): string => formatTimes(m);

/**
 * The header's badge and sentence for a gateway that listens, by where the engine says it stands (and, for a balance
 * that cannot pay, why, as the budget card says it); null for the states the card words itself (off, not listening,
 * starting).
 */
export function headerWords(
  h: GatewayHeader,
  budget: BalanceFacts | null = null,
): { badge: string; tone: Tone; sentence: string } | null {
  const say = sayNow();
  switch (h.kind) {
    case 'listening':
      return { badge: say('gateway.header.listening'), tone: 'ok', sentence: say('gateway.header.listeningSentence') };
    case 'directory_down':
      return {
        badge: say('gateway.header.directoryDown'),
        tone: 'warn',
        sentence: say('gateway.header.directoryDownSentence'),
      };
    case 'no_machine':
      return {
        badge: say('gateway.header.noMachine'),
        tone: 'warn',
        sentence: say('gateway.header.noMachineSentence'),
      };
    case 'limit_reached':
      return {
        badge: say('gateway.header.limitReached'),
        tone: 'warn',
        sentence: say(`gateway.header.limitReachedSentence.${h.limit ?? 'any'}`),
      };
    // The engine's kind for any balance that cannot pay: "empty" only when it was read and holds nothing.
    case 'balance_empty': {
      const [badge, sentence] = balanceHeader(budget);
      return { badge: say(badge), tone: 'warn', sentence: say(sentence) };
    }
    default:
      return null;
  }
}
