import type { GatewayInfo } from '@shared/contract';
import { formatAt, formatCount, formatFullTimestamp, intentWord } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, numberColumns } from '../../components/ui/DataTable';
import { Words } from '../../i18n/Words';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { multiplierWords } from './gateway-words';
import callout from '../../components/ui/Callout.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import table from '../../components/ui/Table.module.css';
import { useT } from '../../i18n/useT';

/**
 * What the network offers now, from the directory's discovery: how many machines, how many of them are the person's,
 * and each model with its cheapest price. It is a look taken at a moment, so it says when.
 */
export function OfferCard({ info }: { info: GatewayInfo | null }) {
  const t = useT();
  const offer = info?.offer ?? null;
  const prices = (offer?.models ?? []).map((m) => m.lowestMultiplier).filter((m): m is number => m !== null);
  // A model offered for chat and for completion is one model in two rows.
  const modelCount = new Set((offer?.models ?? []).map((m) => m.model)).size;
  return (
    <Card title={t('gateway.offer.title')} testId="gateway-offer">
      {!info ? (
        <p className={common.muted}>{t('gateway.reading')}</p>
      ) : !offer ? (
        <p className={common.muted} data-testid="gateway-offer-none">
          {info.enabled ? t('gateway.offer.notYet') : t('gateway.offer.whenOn')}
        </p>
      ) : (
        <>
          <dl className={fact.inline}>
            <Fact label={t('gateway.offer.machines')}>
              <span className={fact.metric} data-testid="gateway-offer-nodes">
                {formatCount(offer.nodes)}
              </span>
            </Fact>
            <Fact label={t('gateway.offer.yours')}>
              <span className={fact.metric} data-testid="gateway-offer-own">
                {formatCount(offer.ownNodes)}
              </span>
            </Fact>
            <Fact label={t('gateway.offer.models')}>
              <span className={fact.metric}>{formatCount(modelCount)}</span>
            </Fact>
            <Fact label={t('gateway.offer.lowest')}>
              <span className={fact.metric} data-testid="gateway-offer-lowest">
                {prices.length > 0 ? multiplierWords(Math.min(...prices)) : '—'}
              </span>
            </Fact>
          </dl>
          <p className={common.small} data-testid="gateway-offer-at">
            <Words
              id="gateway.offer.asOf"
              tags={{
                muted: (c) => <span className={common.muted}>{c}</span>,
                at: () => (
                  <time dateTime={offer.at} title={formatFullTimestamp(offer.at)}>
                    {formatAt(offer.at)}
                  </time>
                ),
                ago: () => <RelativeTime iso={offer.at} />,
              }}
            />
          </p>
          {offer.problem ? (
            <p className={`${callout.warn} ${callout.compact}`} data-testid="gateway-offer-problem" role="status">
              <strong>{t('gateway.offer.failed')}</strong> {t.said(offer.problem)}
            </p>
          ) : null}
          <DataTable
            columns={[
              { label: t('gateway.offer.col.model') },
              { label: t('gateway.offer.col.kind') },
              ...numberColumns(t('gateway.offer.machines'), t('gateway.offer.yours'), t('gateway.offer.lowest')),
            ]}
            rows={offer.models}
            empty={<p className={common.empty}>{t('gateway.offer.empty')}</p>}
            testId="gateway-offer-models"
            row={(m) => (
              <tr key={`${m.intent}|${m.model}`}>
                <td>
                  <Quoted text={m.model} max={80} />
                </td>
                <td title={m.intent}>{intentWord(m.intent)}</td>
                <td className={table.num}>{formatCount(m.nodes)}</td>
                <td className={table.num}>{formatCount(m.ownNodes)}</td>
                <td className={table.num}>
                  {m.lowestMultiplier === null ? t('gateway.offer.freeYours') : multiplierWords(m.lowestMultiplier)}
                </td>
              </tr>
            )}
            note={<p className={common.note}>{t('gateway.offer.priceNote')}</p>}
          />
        </>
      )}
    </Card>
  );
}
