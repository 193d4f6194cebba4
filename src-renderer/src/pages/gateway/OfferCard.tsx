import type { GatewayInfo } from '@shared/contract';
import { formatAt, formatCount, formatFullTimestamp, intentShortName } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, numberColumns } from '../../components/ui/DataTable';
import { Fact } from '../../components/ui/Fact';
import { Quoted } from '../../components/ui/Quoted';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { multiplierWords } from './gateway-words';
import callout from '../../components/ui/Callout.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import table from '../../components/ui/Table.module.css';

const COLUMNS = [{ label: 'Model' }, { label: 'Kind' }, ...numberColumns('Machines', 'Yours', 'Lowest price')];

/**
 * What the network offers now, from the directory's discovery: how many machines, how many of them are the person's,
 * and each model with its cheapest price. It is a look taken at a moment, so it says when.
 */
export function OfferCard({ info }: { info: GatewayInfo | null }) {
  const offer = info?.offer ?? null;
  const prices = (offer?.models ?? []).map((m) => m.lowestMultiplier).filter((m): m is number => m !== null);
  // A model offered for chat and for completion is one model in two rows.
  const modelCount = new Set((offer?.models ?? []).map((m) => m.model)).size;
  return (
    <Card title="What the network offers now" testId="gateway-offer">
      {!info ? (
        <p className={common.muted}>Reading…</p>
      ) : !offer ? (
        <p className={common.muted} data-testid="gateway-offer-none">
          {info.enabled ? 'The gateway has not asked the directory yet; it does shortly.' : 'The gateway asks the directory what it offers once it is on.'}
        </p>
      ) : (
        <>
          <dl className={fact.inline}>
            <Fact label="Machines">
              <span className={fact.metric} data-testid="gateway-offer-nodes">
                {formatCount(offer.nodes)}
              </span>
            </Fact>
            <Fact label="Yours">
              <span className={fact.metric} data-testid="gateway-offer-own">
                {formatCount(offer.ownNodes)}
              </span>
            </Fact>
            <Fact label="Models">
              <span className={fact.metric}>{formatCount(modelCount)}</span>
            </Fact>
            <Fact label="Lowest price">
              <span className={fact.metric} data-testid="gateway-offer-lowest">
                {prices.length > 0 ? multiplierWords(Math.min(...prices)) : '—'}
              </span>
            </Fact>
          </dl>
          <p className={common.small} data-testid="gateway-offer-at">
            <span className={common.muted}>As of </span>
            <time dateTime={offer.at} title={formatFullTimestamp(offer.at)}>
              {formatAt(offer.at)}
            </time>{' '}
            <span className={common.muted}>
              (<RelativeTime iso={offer.at} />)
            </span>
          </p>
          {offer.problem ? (
            <p className={`${callout.warn} ${callout.compact}`} data-testid="gateway-offer-problem" role="status">
              <strong>The last look failed.</strong> {offer.problem}
            </p>
          ) : null}
          <DataTable
            columns={COLUMNS}
            rows={offer.models}
            empty={<p className={common.empty}>No machine offers a model now.</p>}
            testId="gateway-offer-models"
            row={(m) => (
              <tr key={`${m.intent}|${m.model}`}>
                <td>
                  <Quoted text={m.model} max={80} />
                </td>
                <td title={m.intent}>{intentShortName(m.intent)}</td>
                <td className={table.num}>{formatCount(m.nodes)}</td>
                <td className={table.num}>{formatCount(m.ownNodes)}</td>
                <td className={table.num}>{m.lowestMultiplier === null ? 'Free (yours only)' : multiplierWords(m.lowestMultiplier)}</td>
              </tr>
            )}
            note={<p className={common.note}>The price is the machine’s multiplier on the network’s base rate; your own machines are free.</p>}
          />
        </>
      )}
    </Card>
  );
}
