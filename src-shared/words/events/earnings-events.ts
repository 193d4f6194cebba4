/**
 * Earnings: credit claims ("receipt" is the protocol's word; people know it as a claim for credits), prices, the
 * ledger.
 */

import type { MessageId } from '../../i18n/catalogue';
import { sayNow } from '../../i18n/current';
import type { EngineEventName } from './event-names';
import { bad, clock, figure, good, inParens, type Entry } from './sentence-parts';

const PRICING_WORDS: Readonly<Record<string, MessageId>> = {
  per_token: 'events.earnings.perToken',
  per_request: 'events.earnings.perRequest',
  flat: 'events.earnings.flat',
};

export const EARNINGS_EVENTS = {
  earnings_sync_failed: {
    label: 'events.label.earningsSyncFailed',
    say: (d) =>
      /not registered/i.test(d.raw)
        ? sayNow()('events.earnings.syncNotRegistered')
        : sayNow()('events.earnings.syncFailed', { why: inParens(d.why()) }),
  },
  earnings_sync_not_saved: {
    label: 'events.label.earningsSyncNotSaved',
    say: (d) => bad(sayNow()('events.earnings.syncNotSaved', { why: inParens(d.why()) })),
  },
  verify_done: {
    label: 'events.label.verifyDone',
    say: (d) => {
      const n = d.num('verified') ?? 0;
      const differing = d.num('differences') ?? 0;
      return differing > 0
        ? bad(sayNow()('events.earnings.verifiedDiffer', { count: n }))
        : good(sayNow()('events.earnings.verified', { count: n }));
    },
  },
  verify_failed: {
    label: 'events.label.verifyFailed',
    say: (d) => sayNow()('events.earnings.verifyFailed', { why: inParens(d.why()) }),
  },
  // The details are the engine's own sentence about the signed record.
  verify_problem: {
    label: 'events.label.verifyProblem',
    say: (d) => bad(d.raw),
  },
  verify_key_accepted: {
    label: 'events.label.verifyKeyAccepted',
    say: () => sayNow()('events.earnings.keyAccepted'),
  },
  ledger_write_failed: {
    label: 'events.label.ledgerWriteFailed',
    say: (d) => bad(sayNow()('events.earnings.ledgerWriteFailed', { why: inParens(d.why()) })),
  },
  ledger_helper_failed: {
    label: 'events.label.ledgerHelperFailed',
    say: (d) => sayNow()('events.earnings.ledgerHelperFailed', { why: inParens(d.why()) }),
  },
  pricing_accepted: {
    label: 'events.label.pricingAccepted',
    say: (d) => {
      const t = sayNow();
      const m = d.num('multiplier');
      const id = PRICING_WORDS[d.get('model') ?? ''];
      const how = id && Object.hasOwn(PRICING_WORDS, d.get('model') ?? '') ? t(id) : null;
      const rate =
        m === undefined
          ? t('events.earnings.rateYours')
          : m === 1
            ? t('events.earnings.rateBase')
            : t('events.earnings.rateTimes', { times: figure(m) });
      return good(
        how ? t('events.earnings.priceAcceptedHow', { rate, how }) : t('events.earnings.priceAccepted', { rate }),
      );
    },
  },
  receipt_awarded: {
    label: 'events.label.receiptAwarded',
    say: (d) => {
      const t = sayNow();
      const n = d.num('awarded');
      // A batch of claims answered together is one line: `tasks=N awarded=<sum>`.
      const tasks = d.num('tasks');
      const many = tasks !== undefined && tasks > 1;
      if (n === undefined)
        return good(many ? t('events.earnings.creditedTasks', { tasks }) : t('events.earnings.creditedTask'));
      const credits = figure(n);
      return good(
        many
          ? t('events.earnings.awardedTasks', { credits, amount: n === 1 ? 1 : 2, tasks })
          : t('events.earnings.awardedTask', { credits, amount: n === 1 ? 1 : 2 }),
      );
    },
  },
  receipt_outbox_failed: {
    label: 'events.label.receiptOutboxFailed',
    say: (d) => bad(sayNow()('events.earnings.outboxFailed', { why: inParens(d.why()) })),
  },
  receipt_expired: {
    label: 'events.label.receiptExpired',
    say: () => bad(sayNow()('events.earnings.expired')),
  },
  receipt_without_querying_node: {
    label: 'events.label.receiptWithoutQueryingNode',
    say: () => sayNow()('events.earnings.withoutQueryingNode'),
  },
  receipt_hourly_cap: {
    label: 'events.label.receiptHourlyCap',
    say: (d) => {
      const t = sayNow();
      const at = clock(d.get('retry_at'), d.at);
      const tasks = d.num('tasks');
      const claims = tasks !== undefined && tasks > 1 ? tasks : 1;
      const limit = figure(1000);
      return at
        ? t('events.earnings.hourlyCapAt', { limit, claims, at })
        : t('events.earnings.hourlyCap', { limit, claims });
    },
  },
  receipt_replayed: {
    label: 'events.label.receiptReplayed',
    say: () => sayNow()('events.earnings.replayed'),
  },
  receipt_rejected: {
    label: 'events.label.receiptRejected',
    say: () => bad(sayNow()('events.earnings.rejected')),
  },
  receipt_refused_by_ledger: {
    label: 'events.label.receiptRefusedByLedger',
    say: () => bad(sayNow()('events.earnings.refusedByLedger')),
  },
  // `kind=bounded|unreadable server=<tokens|none> claimed=<tokens>`: one served task's claim, not its LLM server's
  // word.
  usage_claim_bounded: {
    label: 'events.label.usageClaimBounded',
    say: (d) => {
      const t = sayNow();
      const claimed = figure(d.num('claimed') ?? 0);
      const server = d.num('server');
      if (d.get('kind') === 'unreadable' || server === undefined)
        return bad(t('events.earnings.usageUnreadable', { claimed }));
      return bad(t('events.earnings.usageBounded', { server: figure(server), claimed }));
    },
  },
} satisfies { readonly [K in EngineEventName]?: Entry };
