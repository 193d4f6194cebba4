import { formatShare, shareColor } from '../../lib/schedule-grid';
import swatch from '../../components/ui/Swatch.module.css';
import availabilityGrid from './AvailabilityGrid.module.css';
import { useT } from '../../i18n/useT';

const SHARES = [1, 0.75, 0.5, 0.25];

/** What the grid's colours mean; the cells' labels say the same in words. */
export function ShareLegend({ outsideShare, hasWindows }: { outsideShare: number; hasWindows: boolean }) {
  const t = useT();
  const outside = !hasWindows
    ? t('availability.legend.alwaysOpen')
    : outsideShare === 0
      ? t('availability.share.closed')
      : formatShare(outsideShare);
  return (
    <ul className={swatch.legend} aria-label={t('availability.legend.label')}>
      {SHARES.map((s) => (
        <li key={s} className={swatch.legendItem}>
          <span className={swatch.swatch} style={{ background: shareColor(s) }} aria-hidden="true" />
          {formatShare(s)}
        </li>
      ))}
      <li className={swatch.legendItem}>
        <span className={`${swatch.swatch} ${swatch.closed}`} aria-hidden="true" />
        {t('availability.legend.closedWindow')}
      </li>
      <li className={swatch.legendItem}>
        <span className={`${swatch.swatch} ${swatch.partial}`} aria-hidden="true">
          <span style={{ background: shareColor(1) }} />
        </span>
        {t('availability.legend.partOfHour')}
      </li>
      <li className={swatch.legendItem}>
        <span
          className={hasWindows && outsideShare > 0 ? `${swatch.swatch} ${availabilityGrid.dotted}` : swatch.swatch}
          aria-hidden="true"
        />
        {t('availability.legend.notInWindow', { outside })}
      </li>
    </ul>
  );
}
