/** Earnings: credit claims ("receipt" is the protocol's word; people know it as a claim for credits), prices, the ledger. */

import type { EngineEventName } from './event-names';
import { bad, clock, count, figure, good, inParens, type Entry } from './sentence-parts';

const PRICING_WORDS: Record<string, string> = { per_token: 'per token', per_request: 'per request', flat: 'as a flat rate' };

export const EARNINGS_EVENTS = {
  earnings_sync_failed: {
    label: 'Earnings not fetched',
    say: (d) =>
      /not registered/i.test(d.raw)
        ? 'Could not fetch your earnings: the node is not registered with the directory yet.'
        : `Could not fetch your earnings from the directory${inParens(d.why())}; it tries again in a few minutes.`,
  },
  earnings_sync_not_saved: {
    label: 'Earnings not saved',
    say: (d) => bad(`The earnings fetched from the directory could not be saved on this computer${inParens(d.why())}.`),
  },
  verify_done: {
    label: 'Earnings checked',
    say: (d) => {
      const n = d.num('verified') ?? 0;
      const differing = d.num('differences') ?? 0;
      const awards = `${n} ${n === 1 ? 'award' : 'awards'}`;
      return differing > 0
        ? bad(`Checked your awards against the directory’s signed record: ${awards} verified, and some tasks differ.`)
        : good(`Checked your awards against the directory’s signed record: ${awards} verified.`);
    },
  },
  verify_failed: {
    label: 'Earnings not checked',
    say: (d) => `Could not check your awards against the directory’s signed record${inParens(d.why())}; it tries again later.`,
  },
  verify_problem: {
    label: 'Earnings do not match',
    say: (d) => bad(d.raw),
  },
  verify_key_accepted: {
    label: 'Directory key trusted',
    say: () => 'You trusted the directory’s new signing key; the whole signed record is checked again with it.',
  },
  ledger_write_failed: {
    label: 'Ledger not written',
    say: (d) => bad(`Served tasks could not be written to the ledger${inParens(d.why())}; they are kept in memory until it works again.`),
  },
  ledger_helper_failed: {
    label: 'Ledger helper failed',
    say: (d) => `The helper that writes served tasks to the ledger could not write${inParens(d.why())}, so the node wrote them itself; nothing was lost.`,
  },
  pricing_accepted: {
    label: 'Price accepted',
    say: (d) => {
      const m = d.num('multiplier');
      const how = PRICING_WORDS[d.get('model') ?? ''];
      const rate = m === undefined ? 'your price' : m === 1 ? 'your price, the base rate' : `your price, ${figure(m)} × the base rate`;
      return good(`The directory accepted ${rate}${how ? `, charged ${how}` : ''}.`);
    },
  },
  receipt_awarded: {
    label: 'Credits received',
    say: (d) => {
      const n = d.num('awarded');
      // A batch of claims answered together is one line: `tasks=N awarded=<sum>`.
      const tasks = d.num('tasks');
      const what = tasks !== undefined && tasks > 1 ? `${count(tasks, 'served task')}` : 'a served task';
      return good(n === undefined ? `The directory credited you for ${what}.` : `The directory credited you ${count(n, 'credit')} for ${what}.`);
    },
  },
  receipt_outbox_failed: {
    label: 'Claims not sent',
    say: (d) => bad(`Credit claims could not be sent because of a problem on this computer${inParens(d.why())}; the node tries again.`),
  },
  receipt_expired: {
    label: 'Claim expired',
    say: () => bad('A credit claim expired before the directory accepted it, so that task earns nothing.'),
  },
  receipt_without_querying_node: {
    label: 'Claim sent without the asking node',
    say: () => "The directory does not know the node that asked for a task, so the credit claim was sent again without naming it.",
  },
  receipt_hourly_cap: {
    label: 'Hourly credit limit',
    say: (d) => {
      const at = clock(d.get('retry_at'), d.at);
      const tasks = d.num('tasks');
      const claims = tasks !== undefined && tasks > 1 ? `${count(tasks, 'credit claim')} are` : 'the credit claim is';
      return `The directory's limit of ${count(1000, 'credit')} per hour was reached; ${claims} sent again ${at ? `at ${at}` : 'next hour'}.`;
    },
  },
  receipt_replayed: {
    label: 'Claim already accepted',
    say: () => 'The directory already had this credit claim: an earlier attempt got through.',
  },
  receipt_rejected: {
    label: 'Claim rejected',
    say: () => bad('The directory rejected a credit claim, so that task earns nothing; the Earnings page says why.'),
  },
  receipt_refused_by_ledger: {
    label: 'Duplicate claim',
    say: () => bad('A second credit claim for the same task was refused by the ledger and is not sent.'),
  },

} satisfies { readonly [K in EngineEventName]?: Entry };
