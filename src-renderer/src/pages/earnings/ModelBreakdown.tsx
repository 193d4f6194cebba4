import type { EarningsReport } from '@shared/contract';
import { formatCount, formatPercent, personLocale } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, numberColumns, type Column } from '../../components/ui/DataTable';
import { exactCredits, formatCredits } from '../../words/earnings-words';
import { formatEnergy, tokensPerJoule } from '@shared/words/energy-words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import bar from '../../components/ui/Bar.module.css';
import styles from './ModelBreakdown.module.css';

const COLUMNS: readonly Column[] = [{ label: 'Model', className: styles.model }, ...numberColumns('Tasks', 'Tokens', 'Awarded', 'Tokens per joule'), { label: 'Share', className: styles.share }];

/** Which models earned what in the chosen period, most used first, with each one's share of the credits. */
export function ModelBreakdown({ report }: { report: EarningsReport | null }) {
  const models = report?.perModel ?? [];
  const totalAwarded = models.reduce((s, m) => s + m.awarded, 0);
  const totalJobs = models.reduce((s, m) => s + m.jobs, 0);
  return (
    <Card title="By model">
      <DataTable
        columns={COLUMNS}
        rows={report ? models : null}
        loading="Reading your earnings…"
        empty={
          <p className={common.empty} data-testid="earnings-models">
            No model served a task in the last {report?.days} days.
          </p>
        }
        className={styles.table}
        testId="earnings-models"
        note={<p className={common.note}>{totalAwarded > 0 ? 'Share of the credits awarded in the period.' : 'Share of the tasks served in the period (nothing awarded yet).'}</p>}
        row={(m) => {
          // The share of the credits, or of the tasks while nothing has been awarded yet.
          const share = totalAwarded > 0 ? m.awarded / totalAwarded : totalJobs > 0 ? m.jobs / totalJobs : 0;
          return (
            <tr key={m.model} data-testid="earnings-model-row" data-model={m.model} data-jobs={m.jobs} data-awarded={m.awarded}>
              <th scope="row" className={styles.model} title={m.model}>
                {m.model}
              </th>
              <td className={table.num}>{formatCount(m.jobs)}</td>
              <td className={table.num}>{formatCount(m.tokens)}</td>
              <td className={table.num} title={exactCredits(m.awarded)}>
                {formatCredits(m.awarded)}
              </td>
              <td className={table.num} data-testid="earnings-model-tpj" title={m.energyJ > 0 ? `${formatCount(m.energyTokens)} tokens for ${formatEnergy(m.energyJ, personLocale())}` : 'No power was measured for this model.'}>
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
