import { useState, type FormEvent } from 'react';
import type { ContractErrorBody } from '@shared/contract';
import { getApi } from '../../api';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { routeHref } from '../../routes';
import { fieldIssue, MAX_CONCURRENT_MAX, MAX_CONCURRENT_MIN, parseMaxConcurrent } from './wizard-logic';
import { useWizard } from './wizard-store';
import { useProviderStore } from '../../store';
import { TextField } from '../../components/ui/TextField';
import { ErrorBox } from './ErrorBox';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import common from '../../components/ui/common.module.css';
import wizard from './Wizard.module.css';

/** "1.0×", "0.5×", "2.25×": the multiplier as the Pricing page writes it. */
const formatMultiplier = (m: number): string => `${Number.isInteger(m) ? m.toFixed(1) : String(m)}×`;

/** Step 4: how many tasks at once, and where the weekly windows and the price are set. */
export function StepAvailability() {
  const settings = useWizard((s) => s.settings);
  const typed = useWizard((s) => s.maxConcurrent);
  const setMaxConcurrent = useWizard((s) => s.setMaxConcurrent);
  const setSettings = useWizard((s) => s.setSettings);
  const goTo = useWizard((s) => s.goTo);
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<ContractErrorBody | null>(null);
  const windows = useProviderStore((s) => s.snapshot?.availability.windowCount ?? 0);
  const multiplier = settings?.creditCostMultiplier ?? 1;

  // Fixed for this run by the host: shown read-only and not sent; Next just goes on.
  const fixed = useFixedSettings().has('maxConcurrent');
  const text = (fixed ? null : typed) ?? (settings ? String(settings.maxConcurrent) : '');

  const next = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !settings) return;
    if (fixed) {
      goTo(5);
      return;
    }
    const parsed = parseMaxConcurrent(text);
    if ('error' in parsed) {
      setFieldError(parsed.error);
      return;
    }
    if (parsed.value === settings.maxConcurrent) {
      goTo(5);
      return;
    }
    setBusy(true);
    setFailure(null);
    const result = await getApi().updateSettings({ maxConcurrent: parsed.value });
    setBusy(false);
    if (result.ok) {
      setSettings(result.value);
      goTo(5);
      return;
    }
    const issue = fieldIssue(result.error, 'maxConcurrent');
    if (issue) setFieldError(issue);
    else setFailure(result.error);
  };

  return (
    <WizardStep
      n={4}
      nav={<WizardNav step={4} busy={busy} blocked={settings ? null : 'Loading your settings…'} onNext={() => void next()} />}
    >
      <p>
        How many tasks your node works on at the same time. More tasks at once serve more people, but they share your computer's memory
        and graphics card; start low and raise it if your computer keeps up.
      </p>
      <form noValidate onSubmit={(e) => void next(e)} className={`${wizard.form} ${wizard.formNarrow}`}>
        <TextField
          label="Tasks at once"
          type="number"
          inputMode="numeric"
          min={MAX_CONCURRENT_MIN}
          max={MAX_CONCURRENT_MAX}
          value={text}
          fixed={fixed}
          onChange={(v) => {
            setMaxConcurrent(v);
            setFieldError(undefined);
          }}
          error={fieldError}
          required
          testId="max-concurrent"
          hint={fixed ? undefined : `${MAX_CONCURRENT_MIN} to ${MAX_CONCURRENT_MAX}. A new node starts with 2.`}
        />
      </form>
      {failure ? <ErrorBox title="Tasks at once was not saved." error={failure} /> : null}

      <h3 className={common.subheading}>When and at what price</h3>
      <p className={common.muted} data-testid="wizard-share-terms">
        {windows > 0
          ? `Your ${windows === 1 ? 'availability window applies' : `${windows} availability windows apply`}: your node works inside them. `
          : 'Your node works whenever it is switched on. '}
        It charges {formatMultiplier(multiplier)} the network’s base price. Change the hours on the{' '}
        <a href={routeHref('availability')}>Availability</a> page and the price on the <a href={routeHref('pricing')}>Pricing</a> page, now or
        later.
      </p>
    </WizardStep>
  );
}
