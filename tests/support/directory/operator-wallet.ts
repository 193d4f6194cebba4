/**
 * The operator wallet a consumer spends from, as PHP `CreditService` finds it (`operatorSpendableNodes`,
 * `nodeCreditsExpired`, `nodeCreditExpiryHorizon`, `effectiveBalanceForConsumer`). The debit itself is in credits.ts,
 * next to the ledger rows it writes.
 */
import { unitsToNumber } from './decimal';
import type { DirectoryContext, NodeRecord } from './types';

/** ADR-035: every earn (award or free grant) carries `expires_at = now + 90 days`. */
export const CREDIT_TTL_MS = 90 * 86_400_000;

function earnExpiries(ctx: DirectoryContext, nodeId: string): number[] {
  return ctx.state.transactions
    .filter((t) => t.node_id === nodeId && t.type === 'credit')
    .map((t) => t.created_at + CREDIT_TTL_MS);
}

/** A positive balance whose newest earn has expired is forfeit, so it no longer pays. */
function creditsExpired(ctx: DirectoryContext, nodeId: string): boolean {
  if ((ctx.state.credits[nodeId]?.balanceUnits ?? 0) <= 0) return false;
  const expiries = earnExpiries(ctx, nodeId);
  return expiries.length > 0 && Math.max(...expiries) < ctx.now();
}

/** The earliest still-future earn expiry; nodes with none sort last (PHP_INT_MAX). */
function expiryHorizon(ctx: DirectoryContext, nodeId: string): number {
  const future = earnExpiries(ctx, nodeId).filter((at) => at > ctx.now());
  return future.length > 0 ? Math.min(...future) : Number.POSITIVE_INFINITY;
}

/**
 * The operator's nodes holding spendable credit, soonest-expiring credit first, then by id (PHP `strcmp`). PHP also
 * skips `archived` nodes; the stand-in deletes deregistered nodes, so there are none.
 */
export function spendableNodes(ctx: DirectoryContext, operatorPubkey: string): NodeRecord[] {
  const horizon = new Map<string, number>();
  const nodes = Object.values(ctx.state.nodes).filter(
    (n) =>
      n.operatorPubkey === operatorPubkey &&
      (ctx.state.credits[n.nodeId]?.balanceUnits ?? 0) > 0 &&
      !creditsExpired(ctx, n.nodeId),
  );
  for (const n of nodes) horizon.set(n.nodeId, expiryHorizon(ctx, n.nodeId));
  const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return nodes.sort((a, b) => (horizon.get(a.nodeId) ?? 0) - (horizon.get(b.nodeId) ?? 0) || byId(a.nodeId, b.nodeId));
}

export interface EffectiveBalance {
  consumer_balance: number;
  effective_balance: number;
  balance_scope: 'node' | 'operator_wallet';
  operator_wallet_balance: number | null;
}

/** What the consumer can spend: its own balance, or its operator's whole wallet when it is bound to one. */
export function effectiveBalance(ctx: DirectoryContext, nodeId: string): EffectiveBalance {
  const own = unitsToNumber(ctx.state.credits[nodeId]?.balanceUnits ?? 0);
  const pub = ctx.state.nodes[nodeId]?.operatorPubkey;
  if (!pub)
    return { consumer_balance: own, effective_balance: own, balance_scope: 'node', operator_wallet_balance: null };
  const wallet = unitsToNumber(
    spendableNodes(ctx, pub).reduce((sum, n) => sum + (ctx.state.credits[n.nodeId]?.balanceUnits ?? 0), 0),
  );
  return {
    consumer_balance: own,
    effective_balance: wallet,
    balance_scope: 'operator_wallet',
    operator_wallet_balance: wallet,
  };
}
