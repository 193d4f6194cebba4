import type { EarningsReport } from '@shared/contract';
import { formatCount, formatPercent, personLocale } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, numberColumns, type Column } from '../../components/ui/DataTable';
import { exactCredits, formatCredits } from '../../words/earnings-words';
import { formatEnergy, tokensPerJoule } from '@shared/words/energy-words';
import { unitWords } from '@shared/words/task-unit-words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import bar from '../../components/ui/Bar.module.css';
import styles from './ModelBreakdown.module.css';
import type { Say } from '@shared/i18n/say';
import { useT } from '../../i18n/useT';

const columns = (t: Say): readonly Column[] => [
  { label: t('earnings.models.model'), className: styles.model },
  ...numberColumns(
    t('earnings.chart.tasks'),
    t('earnings.chart.tokens'),
    t('earnings.chart.awarded'),
    t('earnings.models.tokensPerJoule'),
  ),
  { label: t('earnings.models.share'), className: styles.share },
];

/** Which models earned what in the chosen period, most used first, with each one's share of the credits. */
export function ModelBreakdown({ report }: { report: EarningsReport | null }) {
  const t = useT();
  const models = report?.perModel ?? [];
  const totalAwarded = models.reduce((s, m) => s + m.awarded, 0);
  const totalJobs = models.reduce((s, m) => s + m.jobs, 0);
  return (
    <Card title={t('earnings.models.title')}>
      <DataTable
        columns={columns(t)}
        rows={report ? models : null}
        loading={t('earnings.totals.reading')}
        empty={
          <p className={common.empty} data-testid="earnings-models">
            {t('earnings.models.empty', { days: report?.days ?? 0 })}
          </p>
        }
        className={styles.table}
        testId="earnings-models"
        note={
          <p className={common.note}>
            {totalAwarded > 0 ? t('earnings.models.shareAwarded') : t('earnings.models.shareTasks')}
          </p>
        }
        row={(m) => {
          // The share of the credits, or of the tasks while nothing has been awarded yet.
          const share = totalAwarded > 0 ? m.awarded / totalAwarded : totalJobs > 0 ? m.jobs / totalJobs : 0;
          return (
            <tr
              key={m.model}
              data-testid="earnings-model-row"
              data-model={m.model}
              data-jobs={m.jobs}
              data-awarded={m.awarded}
            >
              <th scope="row" className={styles.model} title={m.model}>
                {m.model}
              </th>
              <td className={table.num}>{formatCount(m.jobs)}</td>
              <td className={table.num}>
                {formatCount(m.tokens)}
                {/* A speech model's own unit beside its tokens: what the person knows the task by. */}
                {unitWords(t, m).map((w) => (
                  <span key={w} className={styles.unit} data-testid="earnings-model-unit">
                    {w}
                  </span>
                ))}
              </td>
              <td className={table.num} title={exactCredits(m.awarded)}>
                {formatCredits(m.awarded)}
              </td>
              <td
                className={table.num}
                data-testid="earnings-model-tpj"
                title={
                  m.energyJ > 0
                    ? t('earnings.models.energy', {
                        tokens: formatCount(m.energyTokens),
                        energy: formatEnergy(m.energyJ, personLocale()),
                      })
                    : t('earnings.models.noPower')
                }
              >
                {tokensPerJoule(m.energyTokens ?? 0, m.energyJ ?? 0, personLocale()) ?? '—'}
              </td>
              <td className={styles.share}>
                <span className={`${bar.track} ${styles.bar}`} aria-hidden="true">
                  <span className={`${bar.fill} ${bar.ok}`} style={{ width: `${Math.round(share * 100)}%` }} />
                </span>
                <span className={styles.text}>{formatPercent(share)}</span>
              </td>
            </tr>
          );
        }}
      />
    </Card>
  );
}
