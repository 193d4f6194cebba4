/**
 * What a request's row in the spent book says it cost, before the directory's debit is read: what it was expected to
 * cost and its worst case (as planned before sending), and what counts meanwhile, which is what an honest node claims
 * for the tokens the node reported, never more than expected. A node that reported more tokens than the request
 * could produce is flagged on the row.
 */
import { MICRO } from '../pricing';
import { honestClaim, type SpendEntry } from './spending';
import type { RouteEnd } from './routing';

export type SpendFigures = Pick<SpendEntry, 'creditsU' | 'expectedU' | 'plannedU' | 'worstU' | 'flag'>;

const micro = (credits: number): number => Math.round(credits * MICRO);

/** The figures of a request that ended; `answered` when the app got an answer, with the tokens the node reported. */
export function spendFigures(end: RouteEnd, answered: boolean, tokens: number | null): SpendFigures {
  if (end.own === true) return { creditsU: answered ? 0 : null, expectedU: 0, plannedU: 0, worstU: 0, flag: null };
  if (end.own !== false || end.expected === undefined || end.held === undefined)
    return { creditsU: null, expectedU: null, plannedU: null, worstU: null, flag: null };
  const expectedU = micro(end.expected);
  const overclaimed = tokens !== null && end.claimBound !== undefined && tokens > end.claimBound;
  const creditsU = answered ? Math.min(micro(honestClaim(tokens ?? 0, end.multiplier ?? 1)), expectedU) : null;
  const plannedU = Math.min(micro(end.planned ?? end.expected), expectedU);
  return { creditsU, expectedU, plannedU, worstU: micro(end.held), flag: overclaimed ? 'overclaimed' : null };
}

/** What a row says besides its cost figures: how the request ended, in its own words. */
export interface EntryFacts {
  ask: Pick<SpendEntry, 'api' | 'intent' | 'model'>;
  end: RouteEnd;
  atMs: number;
  appKeyId: string;
  streamNote: SpendEntry['streamNote'];
  outcome: SpendEntry['outcome'];
  code: string;
  tokens: number | null;
  /** The answer's tokens as the node reported them (null: not said, or no answer). */
  answerTokens: number | null;
}

/** A request's row in the spent book: the task, the node, how it ended and what it cost (`figures`). */
export function spendEntryOf(f: EntryFacts, figures: SpendFigures): SpendEntry {
  const { ask, end } = f;
  return {
    taskId: end.taskId,
    atMs: f.atMs,
    api: ask.api,
    intent: ask.intent,
    model: ask.model,
    nodeId: end.node?.nodeId ?? null,
    own: end.own,
    outcome: f.outcome,
    code: f.code,
    tokens: f.tokens,
    // A node's word on its answer's length is believed no further than the request could produce.
    answerTokens:
      f.answerTokens === null ? null : Math.max(0, Math.min(f.answerTokens, end.claimBound ?? f.answerTokens)),
    ...figures,
    latencyMs: end.latencyMs,
    attempts: end.attempts,
    streamNote: f.streamNote,
    route: end.route,
    appKeyId: f.appKeyId,
    maxTokensLowered: end.maxTokensLowered ?? null,
  };
}
