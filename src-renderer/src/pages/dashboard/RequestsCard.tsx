import { useId } from 'react';
import type { RequestRow, RequestsInfo } from '@shared/contract';
import { formatCount, formatFullTimestamp, formatNumber, formatTimestamp, intentWord } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, numberColumns, type Column } from '../../components/ui/DataTable';
import { ColumnTable, type TableColumn } from '../../components/ui/ColumnTable';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { ActionLink } from './ActionLink';
import { CONSUMER_QUOTE, Quoted, QuotedAfter } from '../../components/ui/Quoted';
import { ShowOlder } from '../../components/ui/ShowOlder';
import { DELIVERY_WORDS, OUTCOME_WORDS } from './request-words';
import { useT } from '../../i18n/useT';
import type { Say } from '@shared/i18n/say';
import { useOlderRequests } from './useOlderRequests';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import fact from '../../components/ui/Fact.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import styles from './RequestsCard.module.css';

/** Behind "Details": today's reasons with their wire codes. */
const codeColumns = (t: Say): readonly Column[] => [
  { label: t('dashboard.requests.col.reason') },
  { label: t('dashboard.requests.col.code') },
  ...numberColumns(t('dashboard.requests.col.today')),
];

/** The latest requests' columns: the figures are named where a narrow card shows a row as a short block. */
const columns = (t: Say): readonly TableColumn<RequestRow>[] => [
  {
    label: t('dashboard.requests.col.time'),
    className: styles.time,
    cell: (row) => (
      <time dateTime={row.at} title={formatFullTimestamp(row.at)}>
        {formatTimestamp(row.at)}
      </time>
    ),
  },
  {
    label: t('dashboard.requests.col.outcome'),
    className: styles.outcome,
    cell: (row) => {
      const outcome = OUTCOME_WORDS[row.outcome];
      return <StatusBadge tone={outcome.tone}>{t(outcome.label)}</StatusBadge>;
    },
  },
  // At most two lines; the whole reason stays in the cell for screen readers and shows as its tooltip.
  {
    label: t('dashboard.requests.col.reason'),
    className: styles.reason,
    inBlock: 'line',
    cellProps: (row) => ({ title: reasonWords(t, row) }),
    cell: (row) => <Reason row={row} />,
  },
  {
    label: t('dashboard.requests.col.model'),
    className: styles.model,
    inBlock: 'grow',
    cellProps: (row) => ({ title: row.outcome === 'served' ? (row.model ?? undefined) : undefined }),
    cell: (row) => <Model row={row} />,
  },
  {
    label: t('dashboard.requests.col.tokens'),
    title: t('dashboard.requests.col.tokensTitle'),
    align: 'end',
    named: true,
    inBlock: 'fixed',
    cell: (row) => (row.tokens === null ? <span className={common.muted}>—</span> : formatCount(row.tokens)),
  },
  {
    label: t('dashboard.requests.col.tokensPerSecond'),
    title: t('dashboard.requests.col.tokensPerSecondTitle'),
    align: 'end',
    named: true,
    inBlock: 'fixed',
    cell: (row) =>
      row.tokensPerSecond === null ? <span className={common.muted}>—</span> : formatNumber(row.tokensPerSecond, 1),
  },
  {
    label: t('dashboard.requests.col.took'),
    align: 'end',
    named: true,
    inBlock: 'fixed',
    cell: (row) => t('dashboard.requests.ms', { ms: formatCount(row.durationMs) }),
  },
];

function reasonWords(t: Say, row: RequestRow): string {
  if (row.outcome !== 'served') return t.said(row.words);
  return row.intent
    ? t('dashboard.requests.task', { intent: intentWord(row.intent) })
    : t('dashboard.requests.taskAny');
}

function Reason({ row }: { row: RequestRow }) {
  const t = useT();
  const delivery = row.delivery ? DELIVERY_WORDS[row.delivery] : null;
  return (
    <>
      <span className={row.outcome === 'served' ? `${styles.reasonText} ${common.muted}` : styles.reasonText}>
        {reasonWords(t, row)}
      </span>
      {/* How the answer went, where it differs from an ordinary task's: streamed, or whole through the relay. */}
      {delivery ? (
        <span className={`${styles.delivery} ${common.muted}`} title={t(delivery.title)} data-testid="request-delivery">
          {t(delivery.label)}
        </span>
      ) : null}
      {/* A served answer whose token count the node did not take from its LLM server: what it claimed instead. */}
      {row.note ? (
        <span className={styles.note} data-testid="request-note">
          {t.said(row.note)}
        </span>
      ) : null}
    </>
  );
}

/**
 * A served row's model is one this node offers. Any other row's is the name the consumer asked for: its words, after
 * ours, quoted on one line and cut short (the quotation carries its own, equally short, tooltip).
 */
function Model({ row }: { row: RequestRow }) {
  const t = useT();
  if (row.model === null) return <span className={common.muted}>—</span>;
  if (row.outcome === 'served') return <>{row.model}</>;
  return (
    <span className={styles.asked}>
      <span className={common.muted}>{t('dashboard.requests.askedFor')}</span>{' '}
      <Quoted text={row.model} {...CONSUMER_QUOTE} />
    </span>
  );
}

/**
 * Every answer of the node's task port today: how many were served, turned away and failed, what the person can do
 * about the refusals, and the latest requests with why each was turned away, older ones a page at a time. The wire
 * codes stay behind "Details". `dayZone` names the node's zone, whose day "today" is, when this browser reads another.
 */
export function RequestsCard({ requests, dayZone = null }: { requests: RequestsInfo; dayZone?: string | null }) {
  const t = useT();
  const pages = useOlderRequests(requests.recent);
  const statusId = useId();
  const { served, refused, failed, advice, reasons, unlisted } = requests;

  return (
    <Card
      title={dayZone ? t('dashboard.requests.titleZone', { zone: dayZone }) : t('dashboard.requests.title')}
      className={styles.card}
    >
      <dl className={`${fact.inline} ${styles.counters}`} data-testid="requests-counters">
        <Fact label={t('dashboard.requests.outcome.served')}>
          <span className={styles.count} data-testid="requests-served">
            {formatCount(served)}
          </span>
        </Fact>
        <Fact label={t('dashboard.requests.outcome.refused')}>
          <span className={styles.count} data-testid="requests-refused">
            {formatCount(refused)}
          </span>
        </Fact>
        <Fact label={t('dashboard.requests.outcome.failed')}>
          <span className={styles.count} data-testid="requests-failed">
            {formatCount(failed)}
          </span>
        </Fact>
      </dl>

      {advice.length > 0 ? (
        <ul className={styles.advice} aria-label={t('dashboard.requests.advice')}>
          {advice.map((a) => (
            <li key={a.id} data-testid="requests-advice" data-id={a.id}>
              <span className={styles.adviceWords}>
                {t.said(a.words)}
                <QuotedAfter items={a.quoted} {...CONSUMER_QUOTE} />
              </span>{' '}
              <ActionLink action={a.action} className={styles.action} />
            </li>
          ))}
        </ul>
      ) : null}

      <ColumnTable
        columns={columns(t)}
        rows={pages.rows}
        rowKey={(row) => row.id}
        rowProps={(row) => ({ 'data-testid': 'request-row', 'data-outcome': row.outcome, 'data-id': row.id })}
        empty={
          <p className={common.empty} data-testid="requests-empty">
            {t('dashboard.requests.empty')}
          </p>
        }
        caption={
          <p id={statusId} className={common.note} aria-live="polite">
            {t('dashboard.requests.latest', { count: pages.rows.length })}
          </p>
        }
        className={styles.table}
        testId="requests-table"
        blocksAt={759}
      />

      {unlisted > 0 ? (
        <p className={common.note} data-testid="requests-unlisted">
          {t('dashboard.requests.unlisted', { count: formatCount(unlisted) })}
        </p>
      ) : null}

      <ShowOlder
        className={styles.footer}
        label={t('dashboard.requests.more')}
        loading={pages.loading}
        reachedEnd={pages.rows.length === 0 || pages.reachedEnd}
        error={pages.error ? t('dashboard.requests.olderFailed', { why: pages.error }) : null}
        onMore={() => void pages.loadMore()}
        testId="requests-more"
        describedBy={statusId}
      />

      {reasons.length > 0 ? (
        <details className={disclosure.more} data-testid="requests-details">
          <summary>{t('dashboard.requests.details')}</summary>
          <DataTable
            columns={codeColumns(t)}
            rows={reasons}
            className={styles.codes}
            wrap={false}
            row={(r) => (
              <tr key={`${r.code}|${r.words.id}`}>
                <td className={styles.reason}>{t.said(r.words)}</td>
                <td>
                  <code className={styles.code}>{r.code}</code>
                </td>
                <td className={table.num}>{formatCount(r.count)}</td>
              </tr>
            )}
          />
        </details>
      ) : null}
    </Card>
  );
}
