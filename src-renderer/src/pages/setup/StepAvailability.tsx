import { formatTimes } from '../../format';
import { routeHref } from '../../routes';
import { MAX_CONCURRENT_MAX, MAX_CONCURRENT_MIN } from './wizard-logic';
import { useStepForm } from './useStepForm';
import { useProviderStore } from '../../store';
import { TextField } from '../../components/ui/TextField';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import common from '../../components/ui/common.module.css';
import wizard from './Wizard.module.css';

const FIELDS = ['maxConcurrent'] as const;

/**
 * Step 4: how many tasks at once (saved with the rest by "Start my node"), and where the weekly windows and the price
 * are set.
 */
export function StepAvailability() {
  const t = useT();
  const form = useStepForm(5, FIELDS);
  const { settings } = form;
  const fixed = form.fixed.has('maxConcurrent');
  const windows = useProviderStore((s) => s.snapshot?.availability.windowCount ?? 0);
  const multiplier = settings?.creditCostMultiplier ?? 1;

  return (
    <WizardStep
      n={4}
      nav={<WizardNav step={4} blocked={settings ? null : t('setup.loadingSettings')} onNext={form.next} />}
    >
      <p>{t('setup.share.intro')}</p>
      <form noValidate onSubmit={form.next} className={`${wizard.form} ${wizard.formNarrow}`}>
        <TextField
          label={t('setup.field.maxConcurrent')}
          type="number"
          inputMode="numeric"
          min={MAX_CONCURRENT_MIN}
          max={MAX_CONCURRENT_MAX}
          {...form.field('maxConcurrent')}
          required
          testId="max-concurrent"
          hint={
            fixed ? undefined : t('setup.share.hint', { min: MAX_CONCURRENT_MIN, max: MAX_CONCURRENT_MAX, start: 2 })
          }
        />
      </form>

      <h3 className={common.subheading}>{t('setup.share.whenTitle')}</h3>
      <p className={common.muted} data-testid="wizard-share-terms">
        <Words
          id="setup.share.terms"
          values={{ windows, times: formatTimes(multiplier) }}
          tags={{
            hours: (c) => <a href={routeHref('availability')}>{c}</a>,
            price: (c) => <a href={routeHref('pricing')}>{c}</a>,
          }}
        />
      </p>
    </WizardStep>
  );
}
