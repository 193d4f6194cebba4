/** `/v1/credits/*` as PHP `CreditsController` + `CreditService` implement them. */
import { z } from 'zod';
import { authenticateNode } from './auth';
import { toUnits, unitsToDecimalString, unitsToNumber } from './decimal';
import { takeAwardTamper } from './event-tamper';
import { eloquentTimestamp, json, objectError, validationError, type ParsedRequest, type Reply } from './http';
import { addField, date, int, num, parseDate, str, validate } from './laravel';
import { logAward, logCreditAllocation, logSpend } from './logged-events';
import { operatorWalletSummary } from './operator-identity';
import { spendableNodes } from './operator-wallet';
import { hashEquals, hmacHex } from './pricing';
import { findNode } from './state';
import type { AwardLogEntry, CreditAccount, DirectoryContext, DirectoryState, NodeRecord } from './types';

export const FREE_CREDITS_AMOUNT = 5.0;
const FREE_CREDITS_PERIOD_MS = 6 * 3_600_000;
const HOURLY_AWARD_CAP = 1000.0;
const NODE_ID = /^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/;

function account(state: DirectoryState, nodeId: string): CreditAccount {
  return (state.credits[nodeId] ??= { balanceUnits: 0, freeLastAllocationAt: null });
}

/** One row of the transactions table, as CreditService writes it. */
interface Transaction {
  nodeId: string;
  type: 'credit' | 'debit';
  amountUnits: number;
  taskId: string | null;
  reason: string | null;
}

function record(ctx: DirectoryContext, { nodeId, type, amountUnits, taskId, reason }: Transaction): void {
  ctx.state.transactions.push({
    id: ctx.state.nextTransactionId++,
    node_id: nodeId,
    amountUnits,
    type,
    task_id: taskId,
    reason,
    created_at: ctx.now(),
  });
}

/** The balance as PHP's `(float)` of the DECIMAL column. */
export function balanceOf(state: DirectoryState, nodeId: string): number {
  return unitsToNumber(state.credits[nodeId]?.balanceUnits ?? 0);
}

/** Evaluation grant: balance ≤ 0 and ≥ 6 h since the last grant for both the node and the source IP. */
export function maybeAllocateFreeCredits(ctx: DirectoryContext, nodeId: string, ip: string): number | null {
  const now = ctx.now();
  const existing = ctx.state.credits[nodeId];
  if ((existing?.balanceUnits ?? 0) > 0) return null;
  const last = existing?.freeLastAllocationAt ?? null;
  if (last !== null && now - last < FREE_CREDITS_PERIOD_MS) return null;
  const ipLast = ctx.state.freeAllocationByIp[ip];
  if (ipLast !== undefined && now - ipLast < FREE_CREDITS_PERIOD_MS) return null;
  const acct = account(ctx.state, nodeId);
  acct.freeLastAllocationAt = now;
  acct.balanceUnits += toUnits(FREE_CREDITS_AMOUNT);
  record(ctx, {
    nodeId,
    type: 'credit',
    amountUnits: toUnits(FREE_CREDITS_AMOUNT),
    taskId: null,
    reason: 'free_allocation',
  });
  ctx.state.freeAllocationByIp[ip] = now;
  return FREE_CREDITS_AMOUNT;
}

const AwardSchema = z.object({
  node_id: str({ required: true, max: 36, regex: NODE_ID }),
  task_id: str({ required: true, max: 255 }),
  tokens_used: int({ required: true, min: 0 }),
  nonce: str({ required: true, min: 32 }),
  expires_at: date({ required: true }),
  signature: str({ required: true, size: 64 }),
  response_hash: str({ required: true, regex: /^[0-9a-f]{64}$/ }),
  cip_parent_task_id: str({ nullable: true, max: 255 }),
  cip_session_key: str({ nullable: true, max: 255 }),
  amount: num({ required: true, min: 0.0001 }),
  reason: str({ max: 255 }),
  querying_node_id: str({ nullable: true, max: 36 }),
});

/** PHP `empty()` on a string: `''` and `'0'` count as absent. */
const phpEmpty = (v: string | null | undefined): boolean => v === undefined || v === null || v === '' || v === '0';

/** The hourly cap uses PHP's `now()->format('YmdH')`, i.e. the UTC clock hour. */
const hourKey = (nodeId: string, now: number): string =>
  `${nodeId}:${new Date(now).toISOString().slice(0, 13).replace(/[-T]/g, '')}`;

export function handleAward(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const reply = award(ctx, req);
  const entry: AwardLogEntry = { at: ctx.now(), body: req.body, status: reply.status, outcome: 'rejected' };
  const body = reply.body as { error?: { code?: string; message?: string }; excluded?: boolean };
  if (reply.status === 200) entry.outcome = body.excluded ? 'excluded' : 'accepted';
  if (body.error) {
    entry.code = body.error.code;
    entry.message = body.error.message;
  }
  ctx.state.awards.push(entry);
  return reply;
}

function e027(message: string): Reply {
  return objectError(422, 'IICP-E027', message);
}

function award(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const auth = authenticateNode(ctx, req);
  if (!auth.ok) return auth.reply;

  const v = validate(AwardSchema, req.input);
  const fields = v.ok ? {} : v.fields;
  const rawId = req.input.node_id;
  if (typeof rawId === 'string' && !fields.node_id && !findNode(ctx.state, rawId)) {
    addField(fields, 'node_id', 'The selected node id is invalid.');
  }
  if (!v.ok || Object.keys(fields).length > 0) return validationError(fields);
  const data = v.data;

  const node = findNode(ctx.state, data.node_id);
  if (!node?.hmacKey) return e027('Node HMAC key not provisioned');

  const parts = [
    data.task_id,
    String(data.tokens_used),
    data.cip_parent_task_id ?? '',
    data.cip_session_key ?? '',
    data.nonce,
    data.response_hash,
  ];
  if (!phpEmpty(data.querying_node_id)) parts.push(data.querying_node_id as string);
  if (!hashEquals(hmacHex(node.hmacKey, parts.join(':')), data.signature)) {
    return e027('CIPWorkerReceipt HMAC validation failed');
  }

  const now = ctx.now();
  const expiresAt = parseDate(data.expires_at) ?? 0;
  if (expiresAt < now) return e027('CIPWorkerReceipt expired');

  const multiplier = Math.max(0.001, node.pricing.credit_cost_multiplier);
  const ceiling = Math.ceil(data.tokens_used / 1000) * multiplier;
  if (data.amount > ceiling * 1.1 + 0.0001) return e027('CIPWorkerReceipt amount exceeds authorized credit ceiling');

  let attribution = 'legacy_unattributed';
  let trustWeight = 0.0;
  const queryingId = phpEmpty(data.querying_node_id) ? null : (data.querying_node_id as string);
  const querying = queryingId === null ? undefined : findNode(ctx.state, queryingId);
  if (queryingId !== null) {
    if (queryingId === data.node_id) return excluded(data.node_id, 'self_node');
    if (!querying) return e027('querying_node_id does not identify a registered node');
    const bothBound = node.operatorPubkey !== null && querying.operatorPubkey !== null;
    if (bothBound && node.operatorPubkey === querying.operatorPubkey) return excluded(data.node_id, 'self_operator');
    attribution = bothBound ? 'attributed_cross_operator' : 'attributed_cross_node_unverified_operator';
    trustWeight = bothBound ? 1.0 : 0.5;
  }

  const hk = hourKey(data.node_id, now);
  const hourly = ctx.state.hourlyAwards[hk] ?? 0;
  if (hourly + data.amount > HOURLY_AWARD_CAP) {
    return e027('Credit award rate limit exceeded (max 1000 credits/hour per node)');
  }

  const nonceExpiry = ctx.state.usedNonces[data.nonce];
  if (nonceExpiry !== undefined && nonceExpiry > now) {
    return e027('CIPWorkerReceipt nonce already used (replay rejected)');
  }
  ctx.state.usedNonces[data.nonce] = expiresAt + 24 * 3_600_000;

  // A test's `awarded_less` tamper: the directory credits and signs less than the receipt claimed.
  const less = takeAwardTamper(ctx, data.task_id, data.amount);
  // CreditService::award stores no task id on the provider's credit row; only the consumer debit keeps it.
  const units = toUnits(data.amount);
  const creditedUnits = less ? toUnits(less.amount) : units;
  const acct = account(ctx.state, data.node_id);
  acct.balanceUnits += creditedUnits;
  record(ctx, {
    nodeId: data.node_id,
    type: 'credit',
    amountUnits: creditedUnits,
    taskId: null,
    reason: data.reason ?? null,
  });
  ctx.state.hourlyAwards[hk] = hourly + data.amount;
  const newBalance = unitsToNumber(acct.balanceUnits);

  const out: Record<string, unknown> = {
    node_id: data.node_id,
    awarded: data.amount,
    balance: newBalance,
    spent: 0.0,
    attribution,
    trust_weight: trustWeight,
  };
  if (querying) {
    // Best-effort debit of the consumer; an empty wallet never blocks the provider's award.
    const spend = debitForConsumer(ctx, querying, data.amount, data.task_id);
    out.spent = spend.spent;
    out.spend_scope = spend.scope;
    out.debit_count = spend.debitCount;
    if (spend.reason !== null) out.spend_reason = spend.reason;
    logSpend(ctx, req.input, querying.nodeId, { ok: spend.ok, scope: spend.scope, debitCount: spend.debitCount });
  }
  const event = logAward(ctx, {
    input: req.input,
    amount: less ? less.amount : req.input.amount,
    newBalance,
    attribution,
    trustWeight,
    spent: out.spent as number,
  });
  less?.done(event);
  return json(200, out);
}

interface Spend {
  ok: boolean;
  spent: number;
  scope: 'node' | 'operator_wallet';
  reason: string | null;
  debitCount: number;
}

/**
 * `CreditService::debitForConsumer`: an unbound consumer pays from its own node; one bound to an operator always pays
 * from the operator wallet, all or nothing, one debit row per node that paid (the consumer's own row says
 * `task_spend`, another node's `task_spend:operator_wallet:consumer=<first 8 chars of the consumer id>`).
 */
function debitForConsumer(ctx: DirectoryContext, consumer: NodeRecord, amount: number, taskId: string): Spend {
  const units = toUnits(amount);
  if (!consumer.operatorPubkey) {
    const payer = account(ctx.state, consumer.nodeId);
    if (unitsToNumber(payer.balanceUnits) < amount)
      return { ok: false, spent: 0, scope: 'node', reason: 'insufficient_balance', debitCount: 0 };
    payer.balanceUnits -= units;
    record(ctx, { nodeId: consumer.nodeId, type: 'debit', amountUnits: units, taskId, reason: 'task_spend' });
    return { ok: true, spent: unitsToNumber(units), scope: 'node', reason: null, debitCount: 1 };
  }
  const payers = spendableNodes(ctx, consumer.operatorPubkey);
  const available = payers.reduce((sum, n) => sum + account(ctx.state, n.nodeId).balanceUnits, 0);
  const short = {
    ok: false,
    spent: 0,
    scope: 'operator_wallet',
    reason: 'insufficient_operator_wallet_balance',
  } as const;
  // PHP compares floats with a 0.0001 tolerance, then spends the amount rounded to 4 decimals.
  if (unitsToNumber(available) + 0.0001 < amount) return { ...short, debitCount: 0 };
  let remaining = units;
  let debitCount = 0;
  for (const node of payers) {
    if (remaining <= 0) break;
    const payer = account(ctx.state, node.nodeId);
    const take = Math.min(payer.balanceUnits, remaining);
    payer.balanceUnits -= take;
    const reason =
      node.nodeId === consumer.nodeId
        ? 'task_spend'
        : `task_spend:operator_wallet:consumer=${consumer.nodeId.slice(0, 8)}`;
    record(ctx, { nodeId: node.nodeId, type: 'debit', amountUnits: take, taskId, reason });
    remaining -= take;
    debitCount += 1;
  }
  if (remaining > 1) return { ...short, debitCount };
  return { ok: true, spent: unitsToNumber(units), scope: 'operator_wallet', reason: null, debitCount };
}

function excluded(nodeId: string, attribution: 'self_node' | 'self_operator'): Reply {
  return json(200, {
    node_id: nodeId,
    awarded: 0,
    spent: 0,
    excluded: true,
    reason: 'self_query_excluded',
    attribution,
    trust_weight: 0.0,
  });
}

export function handleBalance(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const auth = authenticateNode(ctx, req);
  if (!auth.ok) return auth.reply;
  const nodeId = auth.node.nodeId;
  if (balanceOf(ctx.state, nodeId) <= 0) {
    const granted = maybeAllocateFreeCredits(ctx, nodeId, req.ip);
    if (granted !== null) logCreditAllocation(ctx, nodeId, granted, 'free_allocation');
  }
  return json(200, { node_id: nodeId, balance: balanceOf(ctx.state, nodeId), unit: 'credit', tokens_per_credit: 1000 });
}

export function handleSummary(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const auth = authenticateNode(ctx, req);
  if (!auth.ok) return auth.reply;
  const nodeId = auth.node.nodeId;
  const rows = ctx.state.transactions.filter((t) => t.node_id === nodeId);
  const earned = rows.filter((t) => t.type === 'credit').reduce((s, t) => s + t.amountUnits, 0);
  const spent = rows.filter((t) => t.type === 'debit').reduce((s, t) => s + t.amountUnits, 0);
  const balance = ctx.state.credits[nodeId]?.balanceUnits ?? 0;
  // PHP casts the DECIMAL sums and balance to float: JSON numbers, not the ledger's strings.
  return json(200, {
    node_id: nodeId,
    balance: unitsToNumber(balance),
    total_earned: unitsToNumber(earned),
    total_spent: unitsToNumber(spent),
    tx_count: rows.length,
    reconciles: balance === earned - spent,
    unit: 'credit',
    tokens_per_credit: 1000,
    operator_wallet: operatorWalletSummary(ctx, nodeId),
  });
}

export function handleTransactions(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const auth = authenticateNode(ctx, req);
  if (!auth.ok) return auth.reply;
  const nodeId = auth.node.nodeId;
  const rows = ctx.state.transactions
    .filter((t) => t.node_id === nodeId)
    .sort((a, b) => b.created_at - a.created_at || b.id - a.id)
    .slice(0, 20)
    .map((t) => ({
      id: t.id,
      amount: unitsToDecimalString(t.amountUnits),
      type: t.type,
      task_id: t.task_id,
      reason: t.reason,
      created_at: eloquentTimestamp(t.created_at),
    }));
  return json(200, { node_id: nodeId, transactions: rows });
}
