/**
 * The budget's words: where it stands in one sentence, which limit leaves no room, and why the balance does, read
 * once for the budget card and the page's header. No React.
 */
import type { GatewayBudget } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { sayNow } from '@shared/i18n/current';

/** What the budget's lines read to tell why the balance leaves no room. */
export type BalanceFacts = Pick<GatewayBudget, 'limitReached' | 'balance'> &
  Partial<Pick<GatewayBudget, 'keepBalance'>>;

/**
 * Why the balance leaves no room for a paid request, read once for the header, the limit line and the budget's
 * sentence, so they never tell one balance two ways: not read yet, read and empty (it wants credits, not a raised
 * limit), down to the balance the person keeps, or too low for a request's worst case. Null when it leaves room.
 */
export function balanceShort(b: BalanceFacts): 'unread' | 'empty' | 'kept' | 'short' | null {
  if (b.limitReached !== 'balance') return null;
  if (b.balance === null) return 'unread';
  if (b.balance <= 0) return 'empty';
  return b.keepBalance != null && b.balance <= b.keepBalance ? 'kept' : 'short';
}

/**
 * Which limit leaves no room for a paid request, in words: "Limit reached: today's limit". The balance is no limit the
 * person set, so an empty, low or unread balance is named as what it is, never "Limit reached".
 */
export function limitReachedWords(b: BalanceFacts): string | null {
  if (b.limitReached === null) return null;
  const short = balanceShort(b);
  if (short === 'empty') return sayNow()('gateway.limitReached.balanceEmpty');
  if (short === 'unread') return sayNow()('gateway.limitReached.balanceUnread');
  return sayNow()(`gateway.limitReached.${b.limitReached}`);
}

/** One sentence on where the budget stands: whether a request can be paid now, and if not, why. */
export function budgetSentence(b: GatewayBudget): string {
  const say = sayNow();
  if (b.limitReached === 'request') return say('gateway.budget.perRequest');
  const short = balanceShort(b);
  if (short === 'unread') return say('gateway.budget.balanceUnread');
  if (short === 'empty') return say('gateway.budget.balanceEmpty');
  if (short === 'short') return say('gateway.budget.balanceShort');
  if (b.limitReached === 'day') return say('gateway.budget.day', { zone: b.timeZone });
  if (b.limitReached === 'month') return say('gateway.budget.month');
  if (b.dailyCap !== null && b.spentToday >= b.dailyCap) return say('gateway.budget.day', { zone: b.timeZone });
  if (b.monthlyCap !== null && b.spentThisMonth >= b.monthlyCap) return say('gateway.budget.month');
  if (b.keepBalance !== null && b.balance !== null && b.balance <= b.keepBalance) return say('gateway.budget.kept');
  return say('gateway.budget.fine');
}

/** The header's words for each reason the balance leaves no room (`balanceShort`). */
const BALANCE_HEADER = {
  unread: ['gateway.header.balanceUnread', 'gateway.header.balanceUnreadSentence'],
  empty: ['gateway.header.balanceEmpty', 'gateway.header.balanceEmptySentence'],
  kept: ['gateway.header.balanceLow', 'gateway.header.balanceLowSentence'],
  short: ['gateway.header.balanceLow', 'gateway.header.balanceLowSentence'],
} as const satisfies Record<NonNullable<ReturnType<typeof balanceShort>>, readonly [MessageId, MessageId]>;

/** The header's badge and sentence ids for a balance that cannot pay, as the budget card words the same balance. */
export function balanceHeader(budget: BalanceFacts | null): readonly [MessageId, MessageId] {
  return BALANCE_HEADER[(budget && balanceShort(budget)) ?? 'short'];
}
