import { Fragment } from 'react';
import type { EarningsReport, MachineBooks } from '@shared/contract';
import { formatCount, shortenId } from '../../format';
import { Card } from '../../components/ui/Card';
import { Quoted } from '../../components/ui/Quoted';
import { DataTable, numberColumns, type Column } from '../../components/ui/DataTable';
import { exactCredits, formatCredits, formatDay, signedCredits, todayWord } from '../../words/earnings-words';
import type { Say } from '@shared/i18n/say';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import styles from './EarnedSpentCard.module.css';

type Day = EarningsReport['perDay'][number];

const dayColumns = (t: Say): readonly Column[] => [
  { label: t('earnings.chart.day') },
  ...numberColumns(t('earnings.wallet.earned'), t('earnings.wallet.spent'), t('earnings.spent.net')),
];
const machineColumns = (t: Say): readonly Column[] => [
  { label: t('earnings.spent.machine'), className: styles.machine },
  ...numberColumns(
    t('earnings.wallet.earned'),
    t('earnings.wallet.spent'),
    t('earnings.spent.net'),
    t('earnings.spent.tasksSent'),
  ),
];

/**
 * A machine as every page names it (the engine's one resolver: its name on the machine list, the other operator's
 * public name), quoted; without a name, this computer, one of theirs, or someone else's node by its short id.
 */
function MachineName({ m }: { m: MachineBooks }) {
  const t = useT();
  if (m.operator)
    return (
      <Words id="earnings.spent.nodeOf" tags={{ name: () => <Quoted key="name" text={m.operator} max={64} line /> }} />
    );
  if (m.name) return <Quoted text={m.name} max={64} line />;
  if (m.self) return <>{t('earnings.spent.thisComputer')}</>;
  return (
    <>
      {m.own
        ? t('earnings.spent.yourMachine', { id: shortenId(m.nodeId) })
        : t('earnings.spent.node', { id: shortenId(m.nodeId) })}
    </>
  );
}

function Credits({ n, signed = false }: { n: number; signed?: boolean }) {
  return (
    <td className={table.num} title={exactCredits(n)}>
      {signed ? signedCredits(n) : formatCredits(n)}
    </td>
  );
}

/**
 * What the node earned beside what this computer's apps spent on the network through the local gateway, in the
 * chosen period: in sentences, per day and per machine. Spent counts what the directory charged once its books say
 * so, and until then what the task was expected to cost; the count beside it is of the paid tasks, the free ones (own
 * machines) said apart.
 */
export function EarnedSpentCard({ report }: { report: EarningsReport | null }) {
  const t = useT();
  // An older host sends no spent side: the card then says nothing rather than a wrong 0.
  if (!report || report.totals.spent === undefined) return null;
  const { awarded, spent, spentTasks } = report.totals;
  // An older host counts no free tasks apart: none are said then.
  const freeTasks = report.totals.freeTasks ?? 0;
  const paid = spentTasks > 0 || spent > 0;
  const used = paid || freeTasks > 0;
  const todayDay = report.perDay.at(-1)?.day ?? null;
  const days = report.perDay.filter((d) => d.awarded !== 0 || d.spent !== 0).reverse();
  // The person's machines first, then other people's nodes under their own heading, never mixed: the engine sends them
  // so, and the heading placed before the first of theirs must hold whatever order a host sends.
  const all = report.perMachine ?? [];
  const machines = [...all.filter((m) => m.own), ...all.filter((m) => !m.own)];
  const firstOthers = machines.find((m) => !m.own) ?? null;
  const ownElsewhere = machines.some((m) => !m.self && m.own);
  return (
    <Card title={t('earnings.spent.title')} testId="earned-spent">
      <p data-testid="earned-spent-earned" data-value={awarded}>
        {t('earnings.spent.earned', { amount: formatCredits(awarded), days: report.days })}
      </p>
      <p data-testid="earned-spent-spent" data-value={spent} data-tasks={spentTasks}>
        {!used
          ? t('earnings.spent.none')
          : paid
            ? t('earnings.spent.spent', { amount: formatCredits(spent), tasks: spentTasks })
            : t('earnings.spent.onlyFree', { count: freeTasks })}
      </p>
      {used ? (
        <>
          <p className={styles.net} data-testid="earned-spent-net" data-value={awarded - spent}>
            {t('earnings.spent.netLine', { amount: signedCredits(awarded - spent) })}
          </p>
          {paid && freeTasks > 0 ? (
            <p data-testid="earned-spent-free" data-tasks={freeTasks}>
              {t('earnings.spent.freeTasks', { count: freeTasks })}
            </p>
          ) : null}
          {ownElsewhere ? <p className={common.muted}>{t('earnings.spent.ownFree')}</p> : null}
          <h3 className={common.subheading}>{t('earnings.spent.perDay')}</h3>
          <DataTable
            columns={dayColumns(t)}
            rows={days}
            testId="earned-spent-days"
            row={(d: Day) => (
              <tr key={d.day} data-testid="earned-spent-day" data-day={d.day} data-spent={d.spent} data-net={d.net}>
                <th scope="row">
                  {d.day === todayDay
                    ? t('earnings.chart.today', { today: todayWord(), day: formatDay(d.day, 'short') })
                    : formatDay(d.day, 'long')}
                </th>
                <Credits n={d.awarded} />
                <Credits n={d.spent} />
                <Credits n={d.net} signed />
              </tr>
            )}
          />
          <h3 className={common.subheading}>{t('earnings.spent.perMachine')}</h3>
          <DataTable
            columns={machineColumns(t)}
            rows={machines}
            testId="earned-spent-machines"
            row={(m) => (
              <Fragment key={m.nodeId}>
                {m === firstOthers ? (
                  <tr data-testid="earned-spent-others">
                    <th scope="rowgroup" colSpan={5} className={common.subheading}>
                      {t('earnings.spent.othersNodes')}
                    </th>
                  </tr>
                ) : null}
                <tr data-testid="earned-spent-machine" data-node={m.nodeId} data-own={m.own} data-self={m.self}>
                  <th scope="row" className={styles.machine} title={m.nodeId}>
                    <MachineName m={m} />
                  </th>
                  {m.earned === null ? <td className={table.num}>—</td> : <Credits n={m.earned} />}
                  <Credits n={m.spent} />
                  <Credits n={(m.earned ?? 0) - m.spent} signed />
                  <td className={table.num}>{formatCount(m.tasks)}</td>
                </tr>
              </Fragment>
            )}
          />
          <p className={common.note}>{t('earnings.spent.note')}</p>
        </>
      ) : null}
    </Card>
  );
}
