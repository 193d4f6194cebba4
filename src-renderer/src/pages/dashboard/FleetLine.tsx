import type { FleetSummary } from '@shared/contract';
import { formatFullTimestamp } from '../../format';
import { routeHref } from '../../routes';
import { useProviderStore } from '../../store';
import { useStaleSince } from '../../shell/staleness';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { machineName, sinceWords, summaryWords } from '../../words/fleet-words';
import styles from './FleetLine.module.css';
import { Words } from '../../i18n/Words';
import { useT } from '../../i18n/useT';

/**
 * "Your machines: 2 of 3 online", and each machine down inside its window on a line of its own, each a link to the
 * Machines page. Only for a person with more than one machine; one short box, so the status above stays in view.
 */
export function FleetLine() {
  // An older host (or a test's stand-in) may send no fleet block.
  const t = useT();
  const fleet = useProviderStore((s) => (s.snapshot as { fleet?: FleetSummary | null } | null)?.fleet ?? null);
  const stale = useStaleSince() !== null;
  if (!fleet || fleet.machines <= 1) return null;
  // Figures of a node that cannot be reached now are the last known: no status colour (the note above says how old).
  const tone = stale ? 'neutral' : fleet.down.length > 0 ? 'bad' : fleet.online === fleet.machines ? 'ok' : 'neutral';
  return (
    <section className={styles.box} aria-label={t('dashboard.fleet.label')} data-testid="fleet-line">
      <p className={styles.head}>
        <StatusBadge tone={tone}>
          <a href={routeHref('fleet')} data-testid="fleet-line-summary">
            {summaryWords(fleet)}
          </a>
        </StatusBadge>
      </p>
      {fleet.down.length > 0 ? (
        <ul className={styles.down}>
          {fleet.down.map((d) => (
            <li key={d.nodeId} data-testid="fleet-line-down">
              <a href={routeHref('fleet')}>
                <Words
                  id="dashboard.fleet.downSince"
                  tags={{
                    name: () => <bdi>{machineName(d.name)}</bdi>,
                    time: () => (
                      <time dateTime={d.since} title={formatFullTimestamp(d.since)}>
                        {sinceWords(d.since)}
                      </time>
                    ),
                  }}
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
