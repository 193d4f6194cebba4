import type { NoticeKind, NoticeRoute, Settings } from '@shared/contract';

/** The notification switch (Settings → Notifications) each kind of notice belongs to. */
export const NOTICE_SWITCH: Readonly<Record<NoticeKind, keyof Settings['notifications']>> = {
  offline: 'offline',
  back_online: 'offline',
  backend_stopped: 'backend',
  backend_back: 'backend',
  not_reachable: 'reachability',
  reachable_again: 'reachability',
  earnings_rejected: 'earnings',
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
};

/** What the words of a notice may depend on. */
export interface NoticeContext {
  /** earnings_rejected: how many receipts the directory rejected since the last such notice. */
  rejected?: number;
  /** reachable_again: the way in now in use, in one sentence (the Network page's rung words). */
  rungWords?: string | null;
}

/** A notice's title and body, in the words of a person, never of a log. */
export function noticeWords(kind: NoticeKind, ctx: NoticeContext = {}): { title: string; body: string } {
  switch (kind) {
    // Only the directory is out of reach: the node itself still runs and answers the tasks that get to it.
    case 'offline':
      return {
        title: 'Lost contact with the IICP directory',
        body: "The IICP directory can't be reached, so consumers who look for nodes there may not find yours. Tasks that reach your node without the directory are not affected. It keeps trying.",
      };
    case 'back_online':
      return { title: 'In contact with the IICP directory again', body: 'The IICP directory answers your node again; consumers who look for nodes there can be sent to it.' };
    case 'backend_stopped':
      return {
        title: 'LLM server stopped',
        body: 'Your LLM server stopped answering, so your node takes no tasks. It looks again every second and carries on by itself when the server is back.',
      };
    case 'backend_back':
      return { title: 'LLM server back', body: 'Your LLM server answers again; your node takes tasks again.' };
    case 'not_reachable':
      return {
        title: 'Not reachable from the internet any more',
        body: "Consumers can't reach your node right now. It keeps looking for a way in; the Network page shows what it tried.",
      };
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
  }
}
