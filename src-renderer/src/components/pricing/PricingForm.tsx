import { useState, type FormEvent } from 'react';
import { PRICING_MODELS, type PricingInfo, type PricingModel, type Settings } from '../../../../src-preload/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import { FormActions } from '../FormActions';
import { SelectField } from '../SelectField';
import type { LoadedSettings } from '../SettingsLoader';
import { TextField } from '../TextField';
import { formatCredits, formatMultiplier, PRICING_MODEL_WORDS, tierLabel } from '../earnings/earnings-words';
import { parseMultiplier, storedMultiplier, tierCap } from './pricing-logic';

const MODEL_OPTIONS = PRICING_MODELS.map((value) => ({ value, label: PRICING_MODEL_WORDS[value] }));

type Errors = { creditCostMultiplier?: string; pricingModel?: string };

/** What the typed multiplier means, before it is saved: the tier ceiling, the price it gives, and warnings. */
function MultiplierGuide({ value, pricing }: { value: number | null; pricing: PricingInfo | null }) {
  if (!pricing) {
    return <p className="muted small">The ceiling for your models is shown once the node has worked out their tier.</p>;
  }
  const { weight, name, model } = pricing.tier;
  const cap = tierCap(weight);
  const over = value !== null && value > cap;
  const stored = value === null ? null : storedMultiplier(value, weight);
  const tier = `${tierLabel(name)} tier, weight ${formatMultiplier(weight)}`;
  return (
    <div className="pricing-guide">
      <p
        className={over ? 'callout callout-warn callout-compact pricing-ceiling' : 'small pricing-ceiling'}
        data-testid="pricing-ceiling"
        data-exceeded={over ? 'true' : 'false'}
        data-ceiling={cap}
      >
        {over && value !== null ? (
          <>
            <strong>Above your tier’s ceiling.</strong> The directory will store min(declared, 3 × tier weight) = min({formatMultiplier(value)}, 3 ×{' '}
            {formatMultiplier(weight)}) = <strong>{formatMultiplier(stored!)}</strong>, so asking more than {formatMultiplier(cap)} earns nothing extra
            {model ? ` while ${model} is your largest model` : ''}.
          </>
        ) : (
          <>
            Ceiling for your largest model ({tier}): 3 × {formatMultiplier(weight)} = <strong>{formatMultiplier(cap)}</strong>. The directory stores
            min(declared, {formatMultiplier(cap)}).
          </>
        )}
      </p>
      {stored !== null ? (
        <p className="small" data-testid="pricing-preview">
          {stored === 0
            ? 'Consumers would pay nothing for your work.'
            : `Consumers would pay ${formatCredits(weight * stored)} credits per 1000 output tokens${model ? ` of ${model}` : ''}.`}
        </p>
      ) : null}
      {value === 0 ? (
        <p className="callout callout-warn callout-compact" data-testid="pricing-free">
          <strong>0 means your node works for free.</strong> The directory caps each receipt at its smallest rate, so your node earns next to nothing.
        </p>
      ) : value !== null && value > 1 && !over ? (
        <p className="small muted">Above the network’s base rate (1): consumers who compare prices may prefer cheaper nodes.</p>
      ) : null}
    </div>
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
      setSave({ kind: 'failed', messages: ['Please correct the marked field. Nothing was saved.'] });
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
    const marked = Object.keys(fields).length > 0 ? ['Please correct the marked field. Nothing was saved.'] : [];
    setSave({ kind: 'failed', messages: marked.length + other.length > 0 ? [...marked, ...other] : [`Nothing was saved: ${refused.message}`] });
  };

  const dirty = (!multiplierFixed && (typed === null || typed !== saved.creditCostMultiplier)) || (!modelFixed && model !== saved.pricingModel);

  return (
    <form className="settings-form pricing-form" noValidate onSubmit={(e) => void submit(e)} aria-label="Your price" data-testid="pricing-form">
      <TextField
        label="Credit multiplier"
        inputMode="decimal"
        value={shownText}
        fixed={multiplierFixed}
        onChange={(v) => {
          setText(v);
          touched('creditCostMultiplier');
        }}
        error={errors.creditCostMultiplier}
        testId="pricing-multiplier"
        className="field-multiplier"
        hint="How much your node asks, as a multiple of the network’s base rate: 1 is the base rate (the default), 1.5 asks half as much again, 0.5 half. 0 or 0.001–1000, up to 4 decimals."
      />
      <MultiplierGuide value={'value' in parsed ? parsed.value : null} pricing={pricing} />

      <details className="advanced" open={saved.pricingModel !== 'per_token' || modelFixed || undefined}>
        <summary>Advanced</summary>
        <div className="advanced-body">
          <SelectField
            label="Pricing model"
            value={shownModel}
            fixed={modelFixed}
            options={MODEL_OPTIONS}
            onChange={(v) => {
              setModel(v);
              touched('pricingModel');
            }}
            error={errors.pricingModel}
            testId="pricing-model"
            hint="How the directory is told your work is billed. IICP v1 defines only “per token”; directories accept the others, but consumers bill by tokens either way. Leave it unless you know you need another."
          />
        </div>
      </details>

      <FormActions
        save={save}
        saveLabel="Save price"
        savedText="Saved. Your node tells the directory with its next heartbeat (or when it registers)."
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
