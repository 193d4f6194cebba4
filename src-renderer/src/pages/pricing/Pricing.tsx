import type { Settings } from '@shared/contract';
import { Card } from '../../components/ui/Card';
import { PageHeader } from '../../components/ui/PageHeader';
import { SettingsLoader } from '../../components/SettingsLoader';
import { ChargeCard } from './ChargeCard';
import { EnergyCard } from '../../components/EnergyCard';
import { PriceHistory } from './PriceHistory';
import { PricingForm } from './PricingForm';
import { usePricing } from './usePricing';
import { useSettings } from '../../hooks/useSettings';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';

// Keyed on the form's own fields: a reconnect that brings back the same values must not wipe edits.
const formKey = (s: Settings) => JSON.stringify([s.creditCostMultiplier, s.pricingModel]);

/**
 * What a task earns now and why (the rules behind a disclosure), then the price to change with what it would
 * earn, and the price history.
 */
export function Pricing() {
  const t = useT();
  const settings = useSettings();
  const savedKey = settings.state.status === 'ready' ? formKey(settings.state.settings) : '';
  const pricing = usePricing(savedKey);
  // Registered in this run, even if the directory is out of reach for now: a new price waits for it, not for a
  // registration.
  const earnings = useProviderStore((s) => s.snapshot?.earnings ?? null);
  const registered = useProviderStore(
    (s) => s.snapshot?.directory.link === 'registered' || !!s.snapshot?.directory.registeredAt,
  );

  return (
    <>
      <PageHeader title={t('pricing.page.title')} subtitle={t('pricing.page.subtitle')} />
      <ChargeCard
        pricing={pricing.pricing}
        registered={registered}
        stale={pricing.stale}
        error={pricing.error}
        onRetry={pricing.reload}
        connected={pricing.connected}
      />
      <Card title={t('pricing.form.title')}>
        <SettingsLoader {...settings}>
          {(loaded) => <PricingForm key={formKey(loaded.saved)} {...loaded} pricing={pricing.pricing} />}
        </SettingsLoader>
      </Card>
      <EnergyCard earnings={earnings} report={null} />
      <PriceHistory pricing={pricing.pricing} />
    </>
  );
}
