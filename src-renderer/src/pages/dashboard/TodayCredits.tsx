import type { NodeSnapshot } from '@shared/contract';
import { routeHref } from '../../routes';
import { Fact } from '../../components/ui/Fact';
import { exactCredits, formatCredits } from '../../words/earnings-words';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './TodayCredits.module.css';
import { useT } from '../../i18n/useT';
import { nodeDayZone } from './node-day';

/**
 * The dashboard's "Credits today": awarded by the directory today (local day), with what is still pending and
 * any rejections beside it. From the local ledger, so it is known even while the directory is unreachable; only
 * a host that sends no earnings at all leaves it unknown, and then it says so instead of showing 0. Today is the
 * node's day: its zone is named when this browser reads another.
 */
export function TodayCredits({ snapshot }: { snapshot: NodeSnapshot }) {
  // An older host (or a test's stand-in) may send no earnings block.
  const t = useT();
  const today = (snapshot.earnings as NodeSnapshot['earnings'] | undefined)?.today ?? null;
  const awarded = today?.awarded ?? snapshot.today.credits;
  const zone = nodeDayZone(snapshot);

  return (
    <Fact label={zone ? t('dashboard.credits.labelZone', { zone }) : t('dashboard.credits.label')}>
      {awarded === null ? (
        <span className={`${styles.credits} ${common.muted}`} data-testid="today-credits" data-known="false">
          {t('dashboard.credits.unknown')}
        </span>
      ) : (
        <span
          className={styles.credits}
          data-testid="today-credits"
          data-known="true"
          data-awarded={awarded}
          data-pending={today?.pending ?? ''}
        >
          <a
            className={`${fact.metric} ${styles.link}`}
            href={routeHref('earnings')}
            title={t('dashboard.credits.title', { amount: exactCredits(awarded) })}
          >
            {formatCredits(awarded)}
          </a>
          {today && today.pending > 0 ? (
            <span className={styles.note} data-testid="today-credits-pending">
              {t('dashboard.credits.pending', { amount: formatCredits(today.pending) })}
            </span>
          ) : null}
          {today && today.rejected > 0 ? (
            <span className={styles.note}>{t('dashboard.credits.rejected', { count: today.rejected })}</span>
          ) : null}
        </span>
      )}
    </Fact>
  );
}
