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

const MODEL_OPTIONS = PRICING_MODELS.map((value) => ({ value, label: value === 'per_token' ? `${billingLabel(value)} (the default)` : billingLabel(value) }));

type Values = { creditCostMultiplier: string; pricingModel: PricingModel };
const FIELDS = ['creditCostMultiplier', 'pricingModel'] as const;

/** What the typed price would mean, in words, before it is saved; a warning above the size limit or at 0. */
function PricePreview({ value, pricing }: { value: number | null; pricing: PricingInfo | null }) {
  if (!pricing) {
    return (
      <p className={styles.preview} data-testid="pricing-preview">
        What a new price would earn is shown once your node has worked out the size of its models.
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
  const fixed = useFixedSettings();
  const form = useSettingsForm<Values>({
    saved: { creditCostMultiplier: String(saved.creditCostMultiplier), pricingModel: saved.pricingModel },
    fixed,
    read: (values) => readDraft(values, READERS, saved, fixed),
    showSaved,
    onSaved,
    problems: boxedProblems(FIELDS, { invalid: 'Nothing was saved: please correct your price first.', marked: 'Nothing was saved: please correct the marked field.' }),
  });
  const parsed = parseMultiplier(form.values.creditCostMultiplier);
  const typed = 'value' in parsed ? parsed.value : null;

  return (
    <form className={formSection.form} noValidate onSubmit={(e) => void form.submit(e)} aria-label="Your price" data-testid="pricing-form">
      <TextField
        label="Your price, in times the base rate"
        inputMode="decimal"
        {...form.field('creditCostMultiplier')}
        testId="pricing-multiplier"
        className={styles.multiplier}
        hint={priceHint(pricing)}
      />
      <PricePreview value={typed} pricing={pricing} />

      <details className={styles.advanced} open={saved.pricingModel !== 'per_token' || fixed.has('pricingModel') || undefined}>
        <summary>Advanced</summary>
        <div className={styles.advancedBody}>
          <SelectField
            label="Billing"
            options={MODEL_OPTIONS}
            {...form.field('pricingModel')}
            testId="pricing-model"
            hint="How your node tells the directory its work is billed. The network defines only “per token”; the directory accepts the others, but receipts count tokens either way. Leave it unless you know you need another."
          />
        </div>
      </details>

      <FormActions
        form={form}
        saveLabel="Save price"
        savedText="Saved. Your node sends the new price to the directory with its next check-in, or when it registers."
        saveTestId="pricing-save"
        statusTestId="pricing-save-status"
      />
    </form>
  );
}
