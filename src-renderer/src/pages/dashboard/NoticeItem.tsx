import type { Notice, NoticeKind } from '@shared/contract';
import { getApi } from '../../api';
import { formatFullTimestamp, formatTimestamp, type Tone } from '../../format';
import { routeHref } from '../../routes';
import { useT } from '../../i18n/useT';
import { CommandButton } from '../../components/ui/CommandButton';
import { StatusBadge } from '../../components/ui/StatusBadge';
import button from '../../components/ui/Button.module.css';
import styles from './NoticesCard.module.css';
import type { MessageId } from '@shared/i18n/catalogue';

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

const PAGE_LINK: Record<Notice['route'], MessageId | null> = {
  dashboard: null, // already here
  network: 'dashboard.notices.openNetwork',
  earnings: 'dashboard.notices.openEarnings',
  fleet: 'dashboard.notices.openFleet',
};

/** One notice: what happened and when, where to look, and "Dismiss". A resolved one is history: no status colour. */
export function NoticeItem({ notice: n }: { notice: Notice }) {
  const t = useT();
  const linkId = PAGE_LINK[n.route];
  const link = linkId ? t(linkId) : null;
  const resolved = n.resolvedAt !== null;
  return (
    <li className={styles.item} data-testid="notice" data-kind={n.kind} data-resolved={resolved ? 'true' : 'false'}>
      <span className={styles.head}>
        <StatusBadge tone={resolved ? 'neutral' : TONE[n.kind]}>
          <span className={styles.title}>{t.said(n.title)}</span>
        </StatusBadge>
        <time className={styles.time} dateTime={n.at} title={formatFullTimestamp(n.at)}>
          {formatTimestamp(n.at)}
        </time>
      </span>
      <DismissButton notice={n} />
      <span className={styles.text}>
        <span className={styles.body}>{t.said(n.body)}</span>
        {link ? (
          <>
            {' '}
            <a className={styles.link} href={routeHref(n.route)}>
              {link}
            </a>
          </>
        ) : null}
      </span>
    </li>
  );
}

/** Takes the notice off the Dashboard for good; the engine's answer (a snapshot without it) is applied at once. */
function DismissButton({ notice }: { notice: Notice }) {
  const t = useT();
  return (
    <CommandButton
      label={t('dashboard.notices.dismiss')}
      busyLabel={t('dashboard.notices.dismissing')}
      testId="notice-dismiss"
      className={button.small}
      wrapClassName={styles.dismiss}
      ariaLabel={t('dashboard.notices.dismissLabel', { title: notice.title })}
      run={() => getApi().dismissNotice({ id: notice.id })}
    />
  );
}
