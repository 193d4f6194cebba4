import type { Notice, NoticeKind } from '@shared/contract';
import { formatFullTimestamp, formatTimestamp, type Tone } from '../../format';
import { routeHref } from '../../routes';
import { Card } from '../../components/ui/Card';
import { StatusBadge } from '../../components/ui/StatusBadge';
import styles from './NoticesCard.module.css';

/** Good news in the "ok" colour, trouble in the "warn" one; the title says which in words. */
const TONE: Record<NoticeKind, Tone> = {
  offline: 'warn',
  back_online: 'ok',
  backend_stopped: 'warn',
  backend_back: 'ok',
  not_reachable: 'warn',
  reachable_again: 'ok',
  earnings_rejected: 'warn',
  earnings_unverified: 'warn',
  machine_down: 'warn',
  machine_back: 'ok',
};

const PAGE_LINK: Record<Notice['route'], string | null> = {
  dashboard: null, // already here
  network: 'Open the Network page',
  earnings: 'Open the Earnings page',
  fleet: 'Open the Machines page',
};

/**
 * The node's recent notices (went offline, LLM server stopped, …), newest first: what the desktop app shows as
 * notifications, listed here for every host. Nothing at all while there are none.
 */
export function NoticesCard({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <Card title="Notices" className={styles.card}>
      <ol className={styles.list} data-testid="notices">
        {notices.map((n) => {
          const link = PAGE_LINK[n.route];
          return (
            <li key={n.id} className={styles.item} data-testid="notice" data-kind={n.kind}>
              <time className={styles.time} dateTime={n.at} title={formatFullTimestamp(n.at)}>
                {formatTimestamp(n.at)}
              </time>
              <span className={styles.text}>
                <StatusBadge tone={TONE[n.kind]}>
                  <span className={styles.title}>{n.title}</span>
                </StatusBadge>
                <span className={styles.body}>{n.body}</span>
                {link ? (
                  <a className={styles.link} href={routeHref(n.route)}>
                    {link}
                  </a>
                ) : null}
              </span>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
