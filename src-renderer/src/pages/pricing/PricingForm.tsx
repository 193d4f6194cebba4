import { PRICING_MODELS, type PricingInfo, type PricingModel } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useSettingsForm } from '../../hooks/useSettingsForm';
import { asIs, boxedProblems, readDraft, type Readers } from '../../lib/settings-draft';
import { FormActions } from '../../components/ui/FormActions';
import { SelectField } from '../../components/ui/SelectField';
import type { LoadedSettings } from '../../components/SettingsLoader';
import { TextField } from '../../components/ui/TextField';
import { parseMultiplier, tierCap } from './pricing-logic';
import { billingLabel, previewFor, priceHint } from './pricing-words';
import formSection from '../../components/ui/FormSection.module.css';
import styles from './PricingForm.module.css';
import type { Say } from '@shared/i18n/say';
import { useT } from '../../i18n/useT';

const modelOptions = (t: Say) =>
  PRICING_MODELS.map((value) => ({
    value,
    label:
      value === 'per_token' ? t('pricing.form.billingDefault', { billing: billingLabel(value) }) : billingLabel(value),
  }));

type Values = { creditCostMultiplier: string; pricingModel: PricingModel };
const FIELDS = ['creditCostMultiplier', 'pricingModel'] as const;

/** What the typed price would mean, in words, before it is saved; a warning above the size limit or at 0. */
function PricePreview({ value, pricing }: { value: number | null; pricing: PricingInfo | null }) {
  const t = useT();
  if (!pricing) {
    return (
      <p className={styles.preview} data-testid="pricing-preview">
        {t('pricing.form.previewWaiting')}
      </p>
    );
  }
  if (value === null) return null;
  const preview = previewFor(value, pricing);
  return (
    <p
      className={preview.warn ? styles.warning : styles.preview}
      data-testid="pricing-preview"
      data-exceeded={preview.exceeded ? 'true' : 'false'}
      data-ceiling={tierCap(pricing.tier.weight)}
      aria-live="polite"
    >
      {preview.text}
    </p>
  );
}

/** How the price form reads what is typed: the price as a number, the billing as chosen. */
const READERS: Readers<Values> = { creditCostMultiplier: parseMultiplier, pricingModel: asIs };

/**
 * The declared price: the multiplier on the network's base rate, and (under Advanced) the pricing model. Saved
 * with updateSettings; settings the host fixed for this run are shown read-only and never sent. The parent
 * remounts it (via `key`) when new settings arrive.
 */
export function PricingForm({ saved, onSaved, showSaved, pricing }: LoadedSettings & { pricing: PricingInfo | null }) {
  const t = useT();
  const fixed = useFixedSettings();
  const form = useSettingsForm<Values>({
    saved: { creditCostMultiplier: String(saved.creditCostMultiplier), pricingModel: saved.pricingModel },
    fixed,
    read: (values) => readDraft(values, READERS, saved, fixed),
    showSaved,
    onSaved,
    problems: boxedProblems(FIELDS, { invalid: t('pricing.form.invalid'), marked: t('pricing.form.marked') }),
  });
  const parsed = parseMultiplier(form.values.creditCostMultiplier);
  const typed = 'value' in parsed ? parsed.value : null;

  return (
    <form
      className={formSection.form}
      noValidate
      onSubmit={(e) => void form.submit(e)}
      aria-label={t('pricing.form.label')}
      data-testid="pricing-form"
    >
      <TextField
        label={t('pricing.form.price')}
        inputMode="decimal"
        {...form.field('creditCostMultiplier')}
        testId="pricing-multiplier"
        className={styles.multiplier}
        hint={priceHint(pricing)}
      />
      <PricePreview value={typed} pricing={pricing} />

      <details
        className={styles.advanced}
        open={saved.pricingModel !== 'per_token' || fixed.has('pricingModel') || undefined}
      >
        <summary>{t('pricing.form.advanced')}</summary>
        <div className={styles.advancedBody}>
          <SelectField
            label={t('pricing.form.billing')}
            options={modelOptions(t)}
            {...form.field('pricingModel')}
            testId="pricing-model"
            hint={t('pricing.form.billingHint')}
          />
        </div>
      </details>

      <FormActions
        form={form}
        saveLabel={t('pricing.form.save')}
        savedText={t('pricing.form.saved')}
        saveTestId="pricing-save"
        statusTestId="pricing-save-status"
      />
    </form>
  );
}
