import { useId, useState } from 'react';
import type { Notice } from '@shared/contract';
import { Card } from '../../components/ui/Card';
import { NoticeItem } from './NoticeItem';
import button from '../../components/ui/Button.module.css';
import styles from './NoticesCard.module.css';
import { useT } from '../../i18n/useT';

/** Open notices shown before "Show more": few enough that the status cards below stay in view on a laptop screen. */
export const NOTICES_AT_ONCE = 3;

/**
 * The node's notices (went offline, LLM server stopped, earnings rejected…), newest first: what the desktop app shows
 * as notifications, listed here for every host. Only what is still news is shown, at most `NOTICES_AT_ONCE` before
 * "Show more"; a trouble and the "back" that ended it are resolved and only counted, listed on request. Each can be
 * dismissed for good. Nothing at all while there are none.
 */
export function NoticesCard({ notices }: { notices: Notice[] }) {
  const t = useT();
  const [allOpen, setAllOpen] = useState(false);
  const [showResolved, setShowResolved] = useState(false);
  const resolvedId = useId();
  const open = notices.filter((n) => n.resolvedAt === null);
  const resolved = notices.filter((n) => n.resolvedAt !== null);
  if (notices.length === 0) return null;
  const shown = allOpen ? open : open.slice(0, NOTICES_AT_ONCE);
  const more = open.length - shown.length;

  return (
    <Card title={t('dashboard.notices.title')} className={styles.card} testId="notices-card">
      {open.length > 0 ? (
        <ol className={styles.list} data-testid="notices">
          {shown.map((n) => (
            <NoticeItem key={n.id} notice={n} />
          ))}
        </ol>
      ) : (
        <p className={styles.quiet}>{t('dashboard.notices.none')}</p>
      )}
      {more > 0 || resolved.length > 0 ? (
        <p className={styles.more}>
          {more > 0 ? (
            <button type="button" className={button.quiet} data-testid="notices-more" onClick={() => setAllOpen(true)}>
              {t('dashboard.notices.more', { count: more })}
            </button>
          ) : null}
          {resolved.length > 0 ? (
            <span data-testid="notices-resolved-count">
              {t('dashboard.notices.resolved', { count: resolved.length })}{' '}
              <button
                type="button"
                className={button.quiet}
                aria-expanded={showResolved}
                aria-controls={resolvedId}
                data-testid="notices-resolved-toggle"
                onClick={() => setShowResolved(!showResolved)}
              >
                {showResolved ? t('dashboard.notices.hide') : t('dashboard.notices.show')}
              </button>
            </span>
          ) : null}
        </p>
      ) : null}
      <ol className={styles.list} id={resolvedId} data-testid="resolved-notices" hidden={!showResolved}>
        {showResolved ? resolved.map((n) => <NoticeItem key={n.id} notice={n} />) : null}
      </ol>
    </Card>
  );
}
