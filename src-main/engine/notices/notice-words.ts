import type { NoticeKind, NoticeRoute, Settings } from '@shared/contract';
import { VERIFICATION_NOTICE_TITLE } from '@shared/words/verification-words';
import { machineBackWords, machineDownWords, type MachineOutage } from '@shared/words/fleet-words';

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
  rungWords?: string | null;
  /** earnings_unverified: what is wrong with the directory's signed record, in one sentence. */
  problem?: string;
  /** machine_down, machine_back: the machine's name (the person's, shown quoted). */
  machine?: string;
  /** machine_down, machine_back: the machine's node id, so its notices replace each other whatever it is called. */
  subject?: string;
  /** machine_back: what the outage was (how often it went down, for how long, how long it has answered since). */
  outage?: MachineOutage;
}

interface NoticeText {
  title: string;
  body: string;
}

/** The words of the notices that say the same every time. */
const FIXED_WORDS: Readonly<Record<Exclude<NoticeKind, 'reachable_again' | 'earnings_rejected' | 'earnings_unverified' | 'machine_down' | 'machine_back'>, NoticeText>> = {
  // Only the directory is out of reach: the node itself still runs and answers the tasks that get to it.
  offline: {
    title: 'Lost contact with the IICP directory',
    body: "The IICP directory can't be reached, so consumers who look for nodes there may not find yours. Tasks that reach your node without the directory are not affected. It keeps trying.",
  },
  back_online: { title: 'In contact with the IICP directory again', body: 'The IICP directory answers your node again; consumers who look for nodes there can be sent to it.' },
  backend_stopped: {
    title: 'LLM server stopped',
    body: 'Your LLM server stopped answering, so your node takes no tasks. It looks again every second and carries on by itself when the server is back.',
  },
  backend_back: { title: 'LLM server back', body: 'Your LLM server answers again; your node takes tasks again.' },
  not_reachable: {
    title: 'Not reachable from the internet any more',
    body: "Consumers can't reach your node right now. It keeps looking for a way in; the Network page shows what it tried.",
  },
};

/** A notice's title and body, in the words of a person, never of a log. */
export function noticeWords(kind: NoticeKind, ctx: NoticeContext = {}): NoticeText {
  switch (kind) {
    case 'reachable_again':
      return { title: 'Reachable from the internet again', body: ctx.rungWords || 'Consumers can reach your node again.' };
    case 'earnings_rejected': {
      const n = Math.max(1, ctx.rejected ?? 1);
      const tasks = n === 1 ? 'one task' : `${n} tasks`;
      return {
        title: 'Earnings rejected',
        body: `The IICP directory rejected the credits for ${tasks}. The Earnings page says why and what to do.`,
      };
    }
    case 'machine_down':
      return machineDownWords(ctx.machine ?? 'One of your machines');
    case 'machine_back':
      return machineBackWords(ctx.machine ?? 'One of your machines', ctx.outage);
    case 'earnings_unverified':
      return { title: VERIFICATION_NOTICE_TITLE, body: `${ctx.problem ?? ''} The Earnings page shows which tasks differ.`.trim() };
    default:
      return { ...FIXED_WORDS[kind] };
  }
}
