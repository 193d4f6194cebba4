import type { GatewayRequestRow } from '@shared/contract';
import type { Say } from '@shared/i18n/say';
import { formatCount, formatFullTimestamp, formatTimestamp } from '../../format';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { Card } from '../../components/ui/Card';
import { ColumnTable, type TableColumn } from '../../components/ui/ColumnTable';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { StatusBadge } from '../../components/ui/StatusBadge';
import {
  chargedWords,
  credits,
  flagWords,
  latencyWords,
  noMachineWords,
  outcomeWords,
  plannedWords,
  planWords,
  routeWords,
  streamedWords,
  streamWords,
} from './gateway-words';
import common from '../../components/ui/common.module.css';
import styles from './RecentRequestsCard.module.css';

/** The columns in order: the header's words (each also names its part in a short block) and the cell. */
function columns(t: Say): TableColumn<GatewayRequestRow>[] {
  return [
    {
      label: t('gateway.recent.col.time'),
      cell: (row) => (
        <time dateTime={row.at} title={formatFullTimestamp(row.at)}>
          {formatTimestamp(row.at)}
        </time>
      ),
    },
    {
      label: t('gateway.recent.col.app'),
      named: true,
      cellProps: () => ({ 'data-testid': 'gateway-row-app' }),
      cell: (row) =>
        row.app ? (
          <Quoted text={row.app} {...CONSUMER_QUOTE} />
        ) : (
          <span className={common.muted}>{t('gateway.recent.appUnknown')}</span>
        ),
    },
    {
      label: t('gateway.recent.col.model'),
      named: true,
      cell: (row) =>
        row.model ? (
          <Quoted text={row.model} {...CONSUMER_QUOTE} />
        ) : (
          <span className={common.muted}>{t('gateway.recent.noModel')}</span>
        ),
    },
    {
      label: t('gateway.recent.col.machine'),
      named: true,
      cellProps: (row) => ({ 'data-testid': 'gateway-row-machine', title: row.nodeId ?? undefined }),
      cell: (row) => {
        const noMachine = noMachineWords(row);
        // Another operator's node is named as one of theirs, never as if it were one of the person's machines.
        return noMachine === null && row.operator ? (
          <Words
            id="gateway.recent.nodeOf"
            tags={{ name: () => <Quoted key="name" text={row.operator} {...CONSUMER_QUOTE} /> }}
          />
        ) : noMachine === null ? (
          <Quoted text={row.machine} {...CONSUMER_QUOTE} />
        ) : (
          <span className={common.muted}>{noMachine}</span>
        );
      },
    },
    { label: t('gateway.recent.col.route'), named: true, cell: (row) => routeWords(row) },
    {
      label: t('gateway.recent.col.streamed'),
      named: true,
      cellProps: (row) => ({ title: streamWords(row.streamNote) ?? undefined }),
      cell: (row) => streamedWords(row.streamNote),
    },
    {
      label: t('gateway.recent.col.tokens'),
      align: 'end',
      named: true,
      cell: (row) => (
        <>
          {row.tokens === null ? '—' : formatCount(row.tokens)}
          {/* The answer's bound was lowered to fit a limit: the app was told, and the person sees it here. */}
          {row.maxTokensLowered !== null && (
            <div className={common.muted} data-testid="gateway-row-lowered">
              {t('gateway.recent.lowered', { tokens: formatCount(row.maxTokensLowered) })}
            </div>
          )}
        </>
      ),
    },
    {
      label: t('gateway.recent.col.planned'),
      align: 'end',
      named: true,
      cellProps: (row) => ({ title: planWords(row) ?? undefined }),
      cell: (row) => (
        <>
          <span data-testid="gateway-row-planned">{plannedWords(row)}</span>
          {/* What the limits held (the longest answer’s cost) and the worst case: neither is the expected cost. */}
          {row.route !== 'own' && row.route !== 'this_computer' && row.own !== true && (
            <>
              {row.expected !== null && (
                <div className={common.muted} data-testid="gateway-row-held">
                  {t('gateway.recent.held', { amount: credits(row.expected) })}
                </div>
              )}
              {row.worstCase !== null && (
                <div className={common.muted} data-testid="gateway-row-worst">
                  {t('gateway.recent.neverMore', { amount: credits(row.worstCase) })}
                </div>
              )}
            </>
          )}
        </>
      ),
    },
    {
      label: t('gateway.recent.col.charged'),
      align: 'end',
      named: true,
      cellProps: () => ({ 'data-testid': 'gateway-row-charged' }),
      cell: (row) => chargedWords(row),
    },
    {
      label: t('gateway.recent.col.took'),
      align: 'end',
      named: true,
      cell: (row) => latencyWords(row.latencyMs),
    },
    // A short word in the badge keeps the column narrow; why it did not end well follows as plain words.
    {
      label: t('gateway.recent.col.outcome'),
      className: styles.outcome,
      inBlock: 'line',
      cell: (row) => <Outcome row={row} />,
    },
  ];
}

function Outcome({ row }: { row: GatewayRequestRow }) {
  const outcome = outcomeWords(row);
  const flag = flagWords(row.flag);
  return (
    <>
      <StatusBadge tone={outcome.tone} align="baseline">
        {outcome.label}
      </StatusBadge>
      {outcome.detail ? (
        <span className={`${styles.detail} ${common.muted}`} data-testid="gateway-row-detail">
          {' '}
          {outcome.detail}
        </span>
      ) : null}
      {flag && (
        <div data-testid="gateway-row-flag">
          <StatusBadge tone="bad" align="baseline">
            {flag}
          </StatusBadge>
        </div>
      )}
    </>
  );
}

/**
 * The newest requests apps sent through the gateway: when, which app and model, which machine by its name, own or
 * paid, whether it streamed, its tokens, what was planned and charged, and how it ended.
 */
export function RecentRequestsCard({ rows }: { rows: readonly GatewayRequestRow[] | null }) {
  const t = useT();
  return (
    <Card title={t('gateway.recent.title')} testId="gateway-recent">
      <ColumnTable
        columns={columns(t)}
        rows={rows}
        rowKey={(r) => r.taskId}
        rowProps={(r) => ({
          'data-task-id': r.taskId,
          'data-outcome': r.outcome,
          'data-code': r.code,
          'data-node': r.nodeId ?? '',
        })}
        loading={t('gateway.recent.loading')}
        empty={<p className={common.empty}>{t('gateway.recent.empty')}</p>}
        caption={<p className={common.note}>{t('gateway.recent.caption')}</p>}
        testId="gateway-recent-table"
        blocksAt={1299}
      />
    </Card>
  );
}
