import { useId } from 'react';
import type { RequestRow, RequestsInfo } from '@shared/contract';
import { formatCount, formatFullTimestamp, formatTimestamp, intentShortName } from '../../format';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { ActionLink } from './ActionLink';
import { Quoted, QuotedList } from '../../components/ui/Quoted';
import { OUTCOME_WORDS } from './request-words';
import { useOlderRequests } from './useOlderRequests';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import fact from '../../components/ui/Fact.module.css';
import button from '../../components/ui/Button.module.css';
import field from '../../components/ui/FieldShell.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import styles from './RequestsCard.module.css';

const tokensPerSecond = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function RequestLine({ row }: { row: RequestRow }) {
  const outcome = OUTCOME_WORDS[row.outcome];
  const reason = row.outcome === 'served' ? (row.intent ? `${intentShortName(row.intent)} task` : 'Task') : row.words;
  return (
    <tr data-testid="request-row" data-outcome={row.outcome} data-id={row.id}>
      <td className={styles.time}>
        <time dateTime={row.at} title={formatFullTimestamp(row.at)}>
          {formatTimestamp(row.at)}
        </time>
      </td>
      <td className={styles.outcome}>
        <StatusBadge tone={outcome.tone}>{outcome.label}</StatusBadge>
      </td>
      {/* At most two lines; the whole reason stays in the cell for screen readers and shows as its tooltip. */}
      <td className={styles.reason} title={reason}>
        <span className={row.outcome === 'served' ? `${styles.reasonText} ${common.muted}` : styles.reasonText}>{reason}</span>
      </td>
      <td className={styles.model} title={row.model ?? undefined}>
        {/* A refused row's model is the name the consumer asked for: its words, quoted. */}
        {row.model === null ? <span className={common.muted}>—</span> : row.outcome === 'served' ? row.model : <Quoted text={row.model} />}
      </td>
      {/* The labels name the numbers where a narrow card shows a row without the table's header. */}
      <td className={`${table.num} ${styles.figure}`} data-label="Tokens">{row.tokens === null ? <span className={common.muted}>—</span> : formatCount(row.tokens)}</td>
      <td className={`${table.num} ${styles.figure}`} data-label="Tok/s">{row.tokensPerSecond === null ? <span className={common.muted}>—</span> : tokensPerSecond.format(row.tokensPerSecond)}</td>
      <td className={`${table.num} ${styles.figure}`} data-label="Took">{formatCount(row.durationMs)} ms</td>
    </tr>
  );
}

/**
 * Every answer of the node's task port today: how many were served, turned away and failed, what the person can do
 * about the refusals, and the latest requests with why each was turned away, older ones a page at a time. The wire
 * codes stay behind "Details".
 */
export function RequestsCard({ requests }: { requests: RequestsInfo }) {
  const pages = useOlderRequests(requests.recent);
  const statusId = useId();
  const { served, refused, failed, advice, reasons, unlisted } = requests;

  return (
    <Card title="Requests today" className={styles.card}>
      <dl className={`${fact.inline} ${styles.counters}`} data-testid="requests-counters">
        <Fact label="Served">
          <span className={styles.count} data-testid="requests-served">
            {formatCount(served)}
          </span>
        </Fact>
        <Fact label="Turned away">
          <span className={styles.count} data-testid="requests-refused">
            {formatCount(refused)}
          </span>
        </Fact>
        <Fact label="Failed">
          <span className={styles.count} data-testid="requests-failed">
            {formatCount(failed)}
          </span>
        </Fact>
      </dl>

      {advice.length > 0 ? (
        <ul className={styles.advice} aria-label="What you can do">
          {advice.map((a) => (
            <li key={a.id} data-testid="requests-advice" data-id={a.id}>
              <span className={styles.adviceWords}>
                {a.words}
                {a.quoted && a.quoted.length > 0 ? (
                  <>
                    {' '}
                    <QuotedList items={a.quoted} />
                  </>
                ) : null}
              </span>{' '}
              <ActionLink action={a.action} className={styles.action} />
            </li>
          ))}
        </ul>
      ) : null}

      {pages.rows.length === 0 ? (
        <p className={common.empty} data-testid="requests-empty">
          No requests yet. Every task sent to your node is listed here, served or turned away, with the reason.
        </p>
      ) : (
        <>
          <p id={statusId} className={common.note} aria-live="polite">
            Latest {pages.rows.length === 1 ? 'request' : `${formatCount(pages.rows.length)} requests`}, newest first.
          </p>
          <div className={table.wrap}>
            <table className={`${table.table} ${styles.table}`} data-testid="requests-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Model</th>
                  <th scope="col" className={table.num}>
                    Tokens
                  </th>
                  <th scope="col" className={table.num} title="Tokens per second">
                    Tok/s
                  </th>
                  <th scope="col" className={table.num}>
                    Took
                  </th>
                </tr>
              </thead>
              <tbody>
                {pages.rows.map((row) => (
                  <RequestLine key={row.id} row={row} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {unlisted > 0 ? (
        <p className={common.note} data-testid="requests-unlisted">
          And {formatCount(unlisted)} more today, counted above but not listed one by one.
        </p>
      ) : null}

      <div className={styles.footer}>
        {pages.rows.length > 0 && !pages.reachedEnd ? (
          <button
            type="button"
            className={button.button}
            data-testid="requests-more"
            aria-describedby={statusId}
            aria-disabled={pages.loading || undefined}
            onClick={() => {
              if (!pages.loading) void pages.loadMore();
            }}
          >
            {pages.loading ? 'Loading…' : 'Show more'}
          </button>
        ) : null}
        {pages.error ? (
          <p className={field.error} role="alert">
            Older requests could not be read: {pages.error}
          </p>
        ) : null}
      </div>

      {reasons.length > 0 ? (
        <details className={disclosure.more} data-testid="requests-details">
          <summary>Details</summary>
          <table className={`${table.table} ${styles.codes}`}>
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col">Code</th>
                <th scope="col" className={table.num}>
                  Today
                </th>
              </tr>
            </thead>
            <tbody>
              {reasons.map((r) => (
                <tr key={`${r.code}|${r.words}`}>
                  <td className={styles.reason}>{r.words}</td>
                  <td>
                    <code className={styles.code}>{r.code}</code>
                  </td>
                  <td className={table.num}>{formatCount(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </Card>
  );
}
