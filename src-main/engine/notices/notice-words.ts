/**
 * The words of each notice, made as `Said` (message id and values), never as English text: the page, the tray's
 * notification and a restart's stored copy each say it in the person's language.
 */
import type { NoticeKind, NoticeRoute, Settings } from '@shared/contract';
import { said, type Said, type SaidValue } from '@shared/i18n/said';
import { machineBackSaid, machineDownSaid, type MachineOutage } from '@shared/words/fleet-words';

/** The notification switch (Settings → Notifications) each kind of notice belongs to. */
export const NOTICE_SWITCH: Readonly<Record<NoticeKind, keyof Settings['notifications']>> = {
  offline: 'offline',
  back_online: 'offline',
  backend_stopped: 'backend',
  backend_back: 'backend',
  not_reachable: 'reachability',
  reachable_again: 'reachability',
  earnings_rejected: 'earnings',
  earnings_unverified: 'earnings',
  machine_down: 'fleet',
  machine_back: 'fleet',
};

/** The page where the person can see more, or do something about it. */
export const NOTICE_ROUTE: Readonly<Record<NoticeKind, NoticeRoute>> = {
  offline: 'dashboard',
  back_online: 'dashboard',
  backend_stopped: 'dashboard',
  backend_back: 'dashboard',
  not_reachable: 'network',
  reachable_again: 'network',
  earnings_rejected: 'earnings',
  earnings_unverified: 'earnings',
  machine_down: 'fleet',
  machine_back: 'fleet',
};

/** What the words of a notice may depend on. */
export interface NoticeContext {
  /** earnings_rejected: how many receipts the directory rejected since the last such notice. */
  rejected?: number;
  /** reachable_again: the way in now in use, in one sentence (the Network page's rung words). */
  rungWords?: SaidValue | null;
  /** earnings_unverified: what is wrong with the directory's signed record, in one sentence. */
  problem?: SaidValue;
  /** machine_down, machine_back: the machine's name (the person's, shown quoted). */
  machine?: string;
  /** machine_down, machine_back: the machine's node id, so its notices replace each other whatever it is called. */
  subject?: string;
  /** machine_back: what the outage was (how often it went down, for how long, how long it has answered since). */
  outage?: MachineOutage;
}

export interface NoticeText {
  title: Said;
  body: Said;
}

/** The words of the notices that say the same every time. */
const FIXED_WORDS: Readonly<
  Record<
    Exclude<
      NoticeKind,
      'reachable_again' | 'earnings_rejected' | 'earnings_unverified' | 'machine_down' | 'machine_back'
    >,
    NoticeText
  >
> = {
  // Only the directory is out of reach: the node itself still runs and answers the tasks that get to it.
  offline: { title: said('engine.notice.offline.title'), body: said('engine.notice.offline.body') },
  back_online: { title: said('engine.notice.backOnline.title'), body: said('engine.notice.backOnline.body') },
  backend_stopped: {
    title: said('engine.notice.backendStopped.title'),
    body: said('engine.notice.backendStopped.body'),
  },
  backend_back: { title: said('engine.notice.backendBack.title'), body: said('engine.notice.backendBack.body') },
  not_reachable: { title: said('engine.notice.notReachable.title'), body: said('engine.notice.notReachable.body') },
};

/** A sentence given as text (from a part of the engine that still makes text) or already as `Said`. */
const asSaid = (v: SaidValue): Said => (typeof v === 'object' ? v : said('engine.notice.text', { text: String(v) }));

/** A notice's title and body, in the words of a person, never of a log. */
export function noticeWords(kind: NoticeKind, ctx: NoticeContext = {}): NoticeText {
  switch (kind) {
    case 'reachable_again':
      return {
        title: said('engine.notice.reachableAgain.title'),
        body: ctx.rungWords ? asSaid(ctx.rungWords) : said('engine.notice.reachableAgain.body'),
      };
    case 'earnings_rejected':
      return {
        title: said('engine.notice.rejected.title'),
        body: said('engine.notice.rejected.body', { count: Math.max(1, ctx.rejected ?? 1) }),
      };
    // The fleet's own words for its machines: the same sentences its webhook sends.
    case 'machine_down':
      return machineDownSaid(ctx.machine ?? '');
    case 'machine_back':
      return machineBackSaid(ctx.machine ?? '', ctx.outage);
    case 'earnings_unverified':
      return {
        title: said('engine.notice.unverified.title'),
        body: ctx.problem
          ? said('engine.notice.unverified.body', { problem: ctx.problem })
          : said('engine.notice.unverified.bodyAlone'),
      };
    default:
      return { ...FIXED_WORDS[kind] };
  }
}
