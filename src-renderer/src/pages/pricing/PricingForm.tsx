import { useState, type FormEvent } from 'react';
import { PRICING_MODELS, type PricingInfo, type PricingModel, type Settings } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import { FormActions } from '../../components/ui/FormActions';
import { SelectField } from '../../components/ui/SelectField';
import type { LoadedSettings } from '../../components/SettingsLoader';
import { TextField } from '../../components/ui/TextField';
import { parseMultiplier, tierCap } from './pricing-logic';
import { billingLabel, previewFor } from './pricing-words';
import formSection from '../../components/ui/FormSection.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import styles from './PricingForm.module.css';

const MODEL_OPTIONS = PRICING_MODELS.map((value) => ({ value, label: value === 'per_token' ? `${billingLabel(value)} (the default)` : billingLabel(value) }));

type Errors = { creditCostMultiplier?: string; pricingModel?: string };

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

/**
 * The declared price: the multiplier on the network's base rate, and (under Advanced) the pricing model. Saved
 * with updateSettings; settings the host fixed for this run are shown read-only and never sent. The parent
 * remounts it (via `key`) when new settings arrive.
 */
export function PricingForm({ saved, onSaved, showSaved, pricing }: LoadedSettings & { pricing: PricingInfo | null }) {
  const fixed = useFixedSettings();
  const multiplierFixed = fixed.has('creditCostMultiplier');
  const modelFixed = fixed.has('pricingModel');
  const [text, setText] = useState(String(saved.creditCostMultiplier));
  const [model, setModel] = useState<PricingModel>(saved.pricingModel);
  const [errors, setErrors] = useState<Errors>({});
  const { save, setSave, store } = useSettingsSave(showSaved, onSaved);
  const shownText = multiplierFixed ? String(saved.creditCostMultiplier) : text;
  const shownModel = modelFixed ? saved.pricingModel : model;
  const parsed = parseMultiplier(shownText);
  const typed = 'value' in parsed ? parsed.value : null;

  const touched = (field: keyof Errors) => {
    setErrors((e) => ({ ...e, [field]: undefined }));
    if (save.kind !== 'saving') setSave({ kind: 'idle' });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.kind === 'saving') return;
    if (!multiplierFixed && 'error' in parsed) {
      setErrors({ creditCostMultiplier: parsed.error });
      setSave({ kind: 'failed', messages: ['Nothing was saved: please correct your price first.'] });
      return;
    }
    const patch: Partial<Settings> = {};
    if (!multiplierFixed && typed !== null && typed !== saved.creditCostMultiplier) patch.creditCostMultiplier = typed;
    if (!modelFixed && model !== saved.pricingModel) patch.pricingModel = model;
    if (Object.keys(patch).length === 0) {
      setErrors({});
      setSave({ kind: 'unchanged' });
      return;
    }
    const refused = await store(patch);
    if (!refused) {
      setErrors({});
      return;
    }
    const fields: Errors = {};
    const other: string[] = [];
    for (const issue of refused.issues ?? []) {
      if (issue.path === 'creditCostMultiplier' || issue.path === 'pricingModel') fields[issue.path] ??= issue.message;
      else other.push(issue.message);
    }
    setErrors(fields);
    const marked = Object.keys(fields).length > 0 ? ['Nothing was saved: please correct the marked field.'] : [];
    setSave({ kind: 'failed', messages: marked.length + other.length > 0 ? [...marked, ...other] : [`Nothing was saved: ${refused.message}`] });
  };

  const dirty = (!multiplierFixed && (typed === null || typed !== saved.creditCostMultiplier)) || (!modelFixed && model !== saved.pricingModel);

  return (
    <form className={formSection.form} noValidate onSubmit={(e) => void submit(e)} aria-label="Your price" data-testid="pricing-form">
      <TextField
        label="Your price, in times the base rate"
        inputMode="decimal"
        value={shownText}
        fixed={multiplierFixed}
        onChange={(v) => {
          setText(v);
          touched('creditCostMultiplier');
        }}
        error={errors.creditCostMultiplier}
        testId="pricing-multiplier"
        className={styles.multiplier}
        hint="1 is the network’s base rate (the default), 1.5 asks half as much again, 0.5 half as much, 0 nothing. Any number from 0.001 to 1000, with up to 4 digits after the point."
      />
      <PricePreview value={typed} pricing={pricing} />

      <details className={`${disclosure.details} ${disclosure.strong} ${styles.advanced}`} open={saved.pricingModel !== 'per_token' || modelFixed || undefined}>
        <summary>Advanced</summary>
        <div className={styles.advancedBody}>
          <SelectField
            label="Billing"
            value={shownModel}
            fixed={modelFixed}
            options={MODEL_OPTIONS}
            onChange={(v) => {
              setModel(v);
              touched('pricingModel');
            }}
            error={errors.pricingModel}
            testId="pricing-model"
            hint="How your node tells the directory its work is billed. The network defines only “per token”; the directory accepts the others, but receipts count tokens either way. Leave it unless you know you need another."
          />
        </div>
      </details>

      <FormActions
        save={save}
        saveLabel="Save price"
        savedText="Saved. Your node sends the new price to the directory with its next check-in, or when it registers."
        dirty={dirty}
        onUndo={() => {
          setText(String(saved.creditCostMultiplier));
          setModel(saved.pricingModel);
          setErrors({});
          setSave({ kind: 'idle' });
        }}
        saveTestId="pricing-save"
        statusTestId="pricing-save-status"
      />
    </form>
  );
}
