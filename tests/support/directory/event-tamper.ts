/**
 * Test controls over the stored event log: the ways a dishonest or broken directory could misstate a provider's
 * earnings, each visible on the next `GET /v1/events`, plus a fast bulk filler for long-log tests.
 * Every applied tamper is also listed in `state.eventTampers`.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { toUnits, unitsToNumber } from './decimal';
import { generateGenesisKey, loadGenesisKey } from './genesis-key';
import { indexOfSeq, logEvent, resignFrom, signEvent } from './event-log';
import type {
  AppendAwardsOptions,
  AppendAwardsResult,
  DirectoryContext,
  DirectoryEvent,
  EventLogControls,
  EventSelector,
  EventTamper,
  TamperResult,
} from './types';

const isAward = (e: DirectoryEvent): boolean => e.event_type === 'CREDIT_AWARD';
const payloadOf = (e: DirectoryEvent): Record<string, unknown> =>
  Array.isArray(e.payload) ? {} : (e.payload as Record<string, unknown>);
const taskIdOf = (e: DirectoryEvent): string | null => {
  const t = payloadOf(e).task_id;
  return typeof t === 'string' ? t : null;
};

/** The newest matching award (or the event at `seq`); throws when there is none, so a test never tampers nothing. */
function select(ctx: DirectoryContext, sel: EventSelector, awardsOnly: boolean): number {
  const events = ctx.state.events;
  if (sel.seq !== undefined) {
    const i = indexOfSeq(events, sel.seq);
    if (i < 0 || (awardsOnly && !isAward(events[i]!)))
      throw new Error(`tamper: no ${awardsOnly ? 'CREDIT_AWARD ' : ''}event at seq ${sel.seq}`);
    return i;
  }
  if (sel.taskId === undefined) throw new Error('tamper: pick the event with taskId or seq');
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (isAward(e) && taskIdOf(e) === sel.taskId && (sel.nodeId === undefined || e.node_id === sel.nodeId)) return i;
  }
  throw new Error(`tamper: no CREDIT_AWARD for task ${sel.taskId}${sel.nodeId ? ` of node ${sel.nodeId}` : ''}`);
}

function needKey(ctx: DirectoryContext, kind: string): void {
  if (!ctx.genesisKey)
    throw new Error(`tamper ${kind}: the directory has no genesis key (set genesisEd25519SecretKey)`);
}

function setAmount(e: DirectoryEvent, amount: number): unknown {
  const before = payloadOf(e).amount;
  e.payload = { ...payloadOf(e), amount };
  return before;
}

/** Another hex digit at the first position keeps the signature well-formed but wrong. */
const corrupt = (sig: string): string => ((parseInt(sig[0]!, 16) + 1) % 16).toString(16) + sig.slice(1);

function result(
  kind: EventTamper['kind'],
  e: DirectoryEvent | null,
  before: unknown,
  after: unknown,
  seqs?: number[],
): TamperResult {
  return { kind, seq: e?.seq ?? null, seqs: seqs ?? (e ? [e.seq] : []), taskId: e ? taskIdOf(e) : null, before, after };
}

function otherNodeId(ctx: DirectoryContext, current: string | null): string {
  return Object.keys(ctx.state.nodes).find((id) => id !== current) ?? randomUUID();
}

function apply(ctx: DirectoryContext, t: EventTamper): TamperResult {
  const events = ctx.state.events;
  switch (t.kind) {
    case 'amount': {
      const e = events[select(ctx, t, true)]!;
      return result('amount', e, setAmount(e, t.amount), t.amount);
    }
    case 'rewrite': {
      needKey(ctx, t.kind);
      const i = select(ctx, t, true);
      const e = events[i]!;
      const before = setAmount(e, t.amount);
      return result('rewrite', e, before, t.amount, resignFrom(ctx, i));
    }
    case 'drop': {
      const i = select(ctx, t, true);
      const [e] = events.splice(i, 1);
      return result('drop', e!, e, null);
    }
    case 'reorder': {
      const i = select(ctx, t, false);
      const a = events[i]!;
      const b = events[i + 1];
      if (!b) throw new Error(`tamper reorder: no event after seq ${a.seq}`);
      [a.seq, b.seq] = [b.seq, a.seq];
      [events[i], events[i + 1]] = [b, a];
      return {
        ...result('reorder', a, [a.event_id, b.event_id], [b.event_id, a.event_id]),
        seq: b.seq,
        seqs: [b.seq, a.seq],
      };
    }
    case 'bad_signature': {
      const e = events[select(ctx, t, false)]!;
      if (e.sig === null) throw new Error(`tamper bad_signature: event ${e.seq} is unsigned (no genesis key)`);
      const before = e.sig;
      e.sig = corrupt(e.sig);
      return result('bad_signature', e, before, e.sig);
    }
    case 'other_node': {
      const e = events[select(ctx, t, true)]!;
      const before = e.node_id;
      e.node_id = t.otherNodeId ?? otherNodeId(ctx, e.node_id);
      return result('other_node', e, before, e.node_id);
    }
    case 'phantom':
      return phantom(ctx, t);
    case 'rotate_key': {
      const before = ctx.genesisKey?.publicKeyHex ?? null;
      ctx.genesisKey = loadGenesisKey(t.secretKeyHex ?? generateGenesisKey().secretKeyHex);
      const seqs = t.resign ? resignFrom(ctx, 0) : [];
      return result('rotate_key', null, before, ctx.genesisKey!.publicKeyHex, seqs);
    }
    case 'double_award': {
      needKey(ctx, t.kind);
      const e = events[select(ctx, t, true)]!;
      const again = logEvent(ctx, 'CREDIT_AWARD', e.node_id, { ...payloadOf(e) });
      return result('double_award', again, e.seq, again.seq);
    }
    case 'repeat_seq':
      return repeatSeq(ctx, t);
    case 'awarded_less': {
      const pending: TamperResult = {
        ...result('awarded_less', null, null, null),
        taskId: t.taskId ?? null,
        pending: true,
      };
      ctx.state.pendingAwardTampers.push({ taskId: t.taskId ?? null, amount: t.amount ?? null, result: pending });
      return pending;
    }
  }
}

function phantom(ctx: DirectoryContext, t: Extract<EventTamper, { kind: 'phantom' }>): TamperResult {
  needKey(ctx, t.kind);
  const amount = t.amount ?? 1;
  const taskId = t.taskId ?? `phantom-${randomBytes(6).toString('hex')}`;
  const balance = unitsToNumber((ctx.state.credits[t.nodeId]?.balanceUnits ?? 0) + toUnits(amount));
  const e = logEvent(ctx, 'CREDIT_AWARD', t.nodeId, {
    task_id: taskId,
    tokens_used: t.tokensUsed ?? Math.max(1, Math.round(amount * 1000)),
    amount,
    new_balance: balance,
    response_hash: randomBytes(32).toString('hex'),
    cip_parent_task_id: null,
    cip_session_key: null,
    querying_node_id: null,
    attribution: 'legacy_unattributed',
    trust_weight: 0,
    spent: 0,
  });
  return result('phantom', e, null, amount);
}

/** A second event under the selected one's seq, placed right after it and linked to the event before it. */
function repeatSeq(ctx: DirectoryContext, t: Extract<EventTamper, { kind: 'repeat_seq' }>): TamperResult {
  needKey(ctx, t.kind);
  const events = ctx.state.events;
  const i = select(ctx, t, false);
  const at = events[i]!;
  const base = payloadOf(at);
  const payload = t.pays
    ? {
        ...base,
        task_id: t.pays.taskId,
        response_hash: t.pays.responseHash,
        amount: t.pays.amount ?? base.amount ?? 0.006,
      }
    : { ...base };
  const fork: DirectoryEvent = {
    event_id: randomUUID(),
    event_type: 'CREDIT_AWARD',
    service_id: null,
    seq: at.seq,
    ts_ms: at.ts_ms,
    node_id: at.node_id,
    payload,
    prev_hash: at.prev_hash,
    sig: null,
  };
  fork.sig = signEvent(ctx.genesisKey, fork);
  events.splice(i + 1, 0, fork);
  return result('repeat_seq', fork, at.event_id, fork.event_id);
}

export function tamperEvents(ctx: DirectoryContext, t: EventTamper): TamperResult {
  const r = apply(ctx, t);
  if (!r.pending) ctx.state.eventTampers.push(r);
  return r;
}

/**
 * At an accepted award: the amount an armed `awarded_less` makes the directory credit and sign instead of the claimed
 * one, and a callback to record the event it produced; null when none is armed for this task.
 */
export function takeAwardTamper(
  ctx: DirectoryContext,
  taskId: string,
  claimed: number,
): { amount: number; done(event: DirectoryEvent): void } | null {
  const pending = ctx.state.pendingAwardTampers;
  const i = pending.findIndex((p) => p.taskId === null || p.taskId === taskId);
  if (i < 0) return null;
  const [armed] = pending.splice(i, 1);
  const amount = armed!.amount ?? Math.max(0.0001, unitsToNumber(Math.floor(toUnits(claimed) / 2)));
  return {
    amount,
    done(event) {
      Object.assign(armed!.result, {
        seq: event.seq,
        seqs: [event.seq],
        taskId,
        before: claimed,
        after: amount,
        pending: false,
      });
      ctx.state.eventTampers.push(armed!.result);
    },
  };
}

/** Log-only bulk awards: no ledger rows, one running balance per fake node, all signed with the current key. */
export function appendAwards(ctx: DirectoryContext, count: number, opts: AppendAwardsOptions = {}): AppendAwardsResult {
  needKey(ctx, 'appendAwards');
  const amount = opts.amount ?? 0.006;
  const ownEvery = Math.max(1, opts.ownEvery ?? 100);
  const others = Array.from({ length: Math.max(1, opts.otherNodes ?? 50) }, () => randomUUID());
  const balances = new Map<string, number>();
  const units = toUnits(amount);
  const tokens = Math.max(1, Math.round(amount * 1000));
  const own: AppendAwardsResult['own'] = [];
  const firstSeq = ctx.state.eventChain.lastSeq + 1;
  const tsMs = Math.floor(ctx.now());
  const prefix = randomBytes(4).toString('hex');
  for (let n = 0; n < count; n++) {
    const mine = opts.nodeId !== undefined && n % ownEvery === ownEvery - 1;
    const nodeId = mine ? opts.nodeId! : others[n % others.length]!;
    const balance = (balances.get(nodeId) ?? (mine ? (ctx.state.credits[nodeId]?.balanceUnits ?? 0) : 0)) + units;
    balances.set(nodeId, balance);
    const taskId = `bulk-${prefix}-${n}`;
    const responseHash = createHash('sha256').update(taskId).digest('hex');
    const e = logEvent(
      ctx,
      'CREDIT_AWARD',
      nodeId,
      {
        task_id: taskId,
        tokens_used: tokens,
        amount,
        new_balance: unitsToNumber(balance),
        response_hash: responseHash,
        cip_parent_task_id: null,
        cip_session_key: null,
        querying_node_id: null,
        attribution: 'legacy_unattributed',
        trust_weight: 0,
        spent: 0,
      },
      { tsMs },
    );
    if (mine) own.push({ seq: e.seq, taskId, amount, responseHash });
  }
  return { firstSeq, lastSeq: ctx.state.eventChain.lastSeq, own };
}

export function createEventControls(ctx: DirectoryContext): EventLogControls {
  return {
    get list() {
      return ctx.state.events;
    },
    append: (e) => logEvent(ctx, e.type, e.nodeId ?? null, e.payload, { serviceId: e.serviceId ?? null }),
    tamper: (t) => tamperEvents(ctx, t),
    appendAwards: (count, opts) => appendAwards(ctx, count, opts),
    publicKeyHex: () => ctx.genesisKey?.publicKeyHex ?? null,
    hostile: (pages) => {
      ctx.state.hostilePages = pages;
    },
  };
}
