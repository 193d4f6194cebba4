import type { Settings } from '../../../src-preload/contract';
import { Card } from '../components/Card';
import { PageHeader } from '../components/PageHeader';
import { SettingsLoader } from '../components/SettingsLoader';
import { ChargeCard } from '../components/pricing/ChargeCard';
import { PriceHistory } from '../components/pricing/PriceHistory';
import { PricingForm } from '../components/pricing/PricingForm';
import { ScheduleCard } from '../components/pricing/ScheduleCard';
import { usePricing } from '../components/pricing/usePricing';
import { useSettings } from '../hooks/useSettings';

const SUBTITLE = 'What your node asks for its work, and what the directory will actually charge for it.';

// Keyed on the form's own fields: a reconnect that brings back the same values must not wipe edits.
const formKey = (s: Settings) => JSON.stringify([s.creditCostMultiplier, s.pricingModel]);

/**
 * The price in force first (tier, ceiling, what the directory holds and whether it accepted the declaration),
 * then the declared price with its guard rails, the network's credit schedule, and the price history.
 */
export function Pricing() {
  const settings = useSettings();
  const savedKey = settings.state.status === 'ready' ? formKey(settings.state.settings) : '';
  const pricing = usePricing(savedKey);

  return (
    <>
      <PageHeader title="Pricing" subtitle={SUBTITLE} />
      <ChargeCard pricing={pricing.pricing} stale={pricing.stale} error={pricing.error} onRetry={pricing.reload} connected={pricing.connected} />
      <Card title="Your price">
        <SettingsLoader {...settings}>{(loaded) => <PricingForm key={formKey(loaded.saved)} {...loaded} pricing={pricing.pricing} />}</SettingsLoader>
      </Card>
      <ScheduleCard pricing={pricing.pricing} />
      <PriceHistory pricing={pricing.pricing} />
    </>
  );
}
