import { useId } from 'react';
import type { Said } from '@shared/i18n/said';
import callout from '../../components/ui/Callout.module.css';
import common from '../../components/ui/common.module.css';
import { useT } from '../../i18n/useT';

/**
 * Carrier-grade NAT or a second router in front of this one: a port opened on the person's router does not
 * reach the internet, which no status badge can say. The engine's words explain which it is.
 */
export function NatWarning({ text }: { text: Said }) {
  const t = useT();
  const headingId = useId();
  return (
    <section className={callout.warn} data-testid="network-nat-warning" aria-labelledby={headingId}>
      <span className={callout.icon} aria-hidden="true">
        !
      </span>
      <div className={callout.body}>
        <h2 id={headingId} className={callout.title}>
          {t('network.nat.title')}
        </h2>
        <p className={common.break}>{t.said(text)}</p>
      </div>
    </section>
  );
}
