import { formatTimes } from '../../format';
import { routeHref } from '../../routes';
import { MAX_CONCURRENT_MAX, MAX_CONCURRENT_MIN } from './wizard-logic';
import { useStepForm } from './useStepForm';
import { useProviderStore } from '../../store';
import { TextField } from '../../components/ui/TextField';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import common from '../../components/ui/common.module.css';
import wizard from './Wizard.module.css';

const FIELDS = ['maxConcurrent'] as const;

/** Step 4: how many tasks at once (saved with the rest by "Start my node"), and where the weekly windows and the price are set. */
export function StepAvailability() {
  const form = useStepForm(5, FIELDS);
  const { settings } = form;
  const fixed = form.fixed.has('maxConcurrent');
  const windows = useProviderStore((s) => s.snapshot?.availability.windowCount ?? 0);
  const multiplier = settings?.creditCostMultiplier ?? 1;

  return (
    <WizardStep
      n={4}
      nav={<WizardNav step={4} blocked={settings ? null : 'Loading your settings…'} onNext={form.next} />}
    >
      <p>
        How many tasks your node works on at the same time. More tasks at once serve more people, but they share your computer's memory
        and graphics card; start low and raise it if your computer keeps up.
      </p>
      <form noValidate onSubmit={form.next} className={`${wizard.form} ${wizard.formNarrow}`}>
        <TextField
          label="Tasks at once"
          type="number"
          inputMode="numeric"
          min={MAX_CONCURRENT_MIN}
          max={MAX_CONCURRENT_MAX}
          {...form.field('maxConcurrent')}
          required
          testId="max-concurrent"
          hint={fixed ? undefined : `${MAX_CONCURRENT_MIN} to ${MAX_CONCURRENT_MAX}. A new node starts with 2.`}
        />
      </form>

      <h3 className={common.subheading}>When and at what price</h3>
      <p className={common.muted} data-testid="wizard-share-terms">
        {windows > 0
          ? `Your ${windows === 1 ? 'availability window applies' : `${windows} availability windows apply`}: your node works inside them. `
          : 'Your node works whenever it is switched on. '}
        It charges {formatTimes(multiplier)} the network’s base price. Change the hours on the{' '}
        <a href={routeHref('availability')}>Availability</a> page and the price on the <a href={routeHref('pricing')}>Pricing</a> page, now or
        later.
      </p>
    </WizardStep>
  );
}
