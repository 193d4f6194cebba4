import { useId, useMemo } from 'react';
import type { Settings } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import type { useSettings } from '../../hooks/useSettings';
import { useSettingsForm } from '../../hooks/useSettingsForm';
import type { FieldErrors } from '../../lib/settings-draft';
import { currencyForLocale, currencyOptions } from '../../words/watch-words';
import { ENERGY_FIELDS, OWNER_FIELDS, OWNER_PROBLEMS, plainNumber, readOwnerForm, toOwnerValues, type OwnerField, type OwnerValues } from './owner-first-form';
import { Card } from '../../components/ui/Card';
import { FormActions } from '../../components/ui/FormActions';
import { FormSection } from '../../components/ui/FormSection';
import { SelectField } from '../../components/ui/SelectField';
import { SettingsLoader, type LoadedSettings } from '../../components/SettingsLoader';
import { TextField } from '../../components/ui/TextField';
import { useFocusAfter } from './ProblemSummary';
import { OwnerWatch } from './OwnerWatch';
import { useKeptDraft, useUnsavedReport } from './settings-drafts';
import { ProgramPicker } from './ProgramPicker';
import check from '../../components/ui/Check.module.css';
import common from '../../components/ui/common.module.css';
import formSection from '../../components/ui/FormSection.module.css';
import styles from './OwnerFirstSettings.module.css';

const fieldId = (field: OwnerField): string => `owner-${field}`;
const FIELD_ORDER: readonly OwnerField[] = [...OWNER_FIELDS, ...ENERGY_FIELDS];

// Keyed on this card's settings only: saving the other settings must not wipe edits here.
const formKey = (s: Settings) => JSON.stringify([s.ownerFirst, s.energy]);

/**
 * "Your own use comes first": when the node gives the GPU back to its owner, what this computer lets it watch, and
 * what a kWh costs. Saved with its own button; the parent passes the page's stored settings (useSettings).
 */
export function OwnerFirstSettings(settings: ReturnType<typeof useSettings>) {
  return (
    <Card title="Your own use comes first" testId="owner-first-card">
      <p className={common.muted}>The node steps back when you need this computer. Running tasks get a short time to finish, and the node waits a while after your use ends.</p>
      <OwnerWatch />
      <SettingsLoader {...settings}>{(loaded) => <OwnerFirstForm key={formKey(loaded.saved)} {...loaded} />}</SettingsLoader>
    </Card>
  );
}

/** The language's region's currency is offered while no price is entered; a saved price keeps its currency. */
function startingCurrency(saved: Settings, fixed: boolean): string {
  if (fixed || saved.energy.pricePerKwh !== null) return saved.energy.currency;
  return currencyForLocale(typeof navigator === 'undefined' ? undefined : navigator.language) ?? saved.energy.currency;
}

function OwnerFirstForm({ saved, onSaved, showSaved }: LoadedSettings) {
  const hostFixed = useFixedSettings();
  const fixed = useMemo(
    () => new Set<string>([...(hostFixed.has('ownerFirst') ? OWNER_FIELDS : []), ...(hostFixed.has('energy') ? ENERGY_FIELDS : [])]),
    [hostFixed],
  );
  /** Where focus goes once the problems are on screen. */
  const marked = <T extends { fields?: FieldErrors<OwnerField> }>(shown: T): T => {
    const first = FIELD_ORDER.find((f) => shown.fields?.[f]);
    focusNext.current = first ? fieldId(first) : null;
    return shown;
  };
  const stored = toOwnerValues(saved, startingCurrency(saved, hostFixed.has('energy')));
  // Kept outside the form: saving the node's settings, or a visit to another page, keeps what is typed here.
  const kept = useKeptDraft('ownerFirst', stored);
  const form = useSettingsForm<OwnerValues>({
    saved: stored,
    fixed,
    read: (values) => readOwnerForm(values, saved, hostFixed),
    draft: kept.draft,
    showSaved,
    onSaved: (next) => {
      kept.saved();
      onSaved(next);
    },
    problems: { invalid: (errors) => marked(OWNER_PROBLEMS.invalid(errors)), refused: (error) => marked(OWNER_PROBLEMS.refused(error)) },
  });
  const { values, errors } = form;
  const focusNext = useFocusAfter([errors]);
  useUnsavedReport('ownerFirst', form.dirty);

  type Text = Exclude<OwnerField, 'gpuPrograms' | 'fullscreen' | 'freeMemory' | 'programs' | 'currency'>;
  const text = (field: Text) => ({ id: fieldId(field), inputMode: 'decimal' as const, ...form.field(field) });
  const flag = (field: 'gpuPrograms' | 'fullscreen' | 'freeMemory') => ({
    id: fieldId(field),
    checked: values[field],
    fixed: fixed.has(field),
    onChange: (on: boolean) => form.change({ [field]: on } as Partial<OwnerValues>),
  });

  return (
    <form className={`${formSection.form} ${styles.form}`} noValidate onSubmit={(e) => kept.submit(form, e)} aria-label="Your own use comes first">
      <FormSection title="When the node pauses">
        <Check label="Pause while another program uses the GPU" hint="For example a game or a video render." testId="owner-gpu-programs" {...flag('gpuPrograms')} />
        <Check label="Pause while an app fills the screen" hint="For example a game or a film in full screen." testId="owner-fullscreen" {...flag('fullscreen')} />
        <ProgramPicker id={fieldId('programs')} picked={values.programs} onChange={(programs) => form.change({ programs })} error={errors.programs} fixed={fixed.has('programs')} />
      </FormSection>

      <FormSection title="Timing">
        <TextField
          label="Time for running tasks to finish (seconds)"
          {...text('graceSeconds')}
          inputMode="numeric"
          testId="owner-grace"
          hint="When you need the GPU, tasks already running may finish within this time. 0 to 600; 10 by default."
        />
        <TextField
          label="Wait after your use ends (seconds)"
          {...text('cooldownSeconds')}
          inputMode="numeric"
          testId="owner-cooldown"
          hint="The node serves again this long after you stop. 0 to 3600; 120 by default."
        />
      </FormSection>

      <FormSection title="GPU limits">
        <Check
          label="Ask the LLM server to free GPU memory"
          hint="While you use the GPU, the server unloads its models. This works with Ollama and LM Studio only."
          testId="owner-free-memory"
          {...flag('freeMemory')}
        />
        <TextField label="Keep this much GPU memory free (GB)" {...text('vramFloorGb')} testId="owner-vram-floor" hint={`The node pauses when less is free. ${plainNumber(0.5)} to ${plainNumber(1024)}. Leave it empty for no limit.`} />
        <TextField label="Pause above this GPU power (watts)" {...text('maxPowerW')} inputMode="numeric" testId="owner-max-power" hint="10 to 5000. Leave it empty for no limit." />
        <TextField label="Pause above this GPU temperature (°C)" {...text('maxTemperatureC')} inputMode="numeric" testId="owner-max-temperature" hint="40 to 120. Leave it empty for no limit." />
      </FormSection>

      <FormSection title="Electricity">
        <div className={styles.price}>
          <TextField
            label="Price of one kWh"
            {...text('pricePerKwh')}
            testId="energy-price"
            className={styles.priceField}
            hint="What you pay for electricity, so the app can show what serving costs. Leave it empty to see only the kWh."
          />
          <SelectField
            label="Currency"
            id={fieldId('currency')}
            options={currencyOptions(values.currency)}
            {...form.field('currency')}
            testId="energy-currency"
            className={styles.currencyField}
          />
        </div>
        <TextField
          label="Typical power while serving (watts)"
          {...text('typicalWatts')}
          inputMode="numeric"
          testId="energy-typical-watts"
          hint="What the computer draws above idle while it answers tasks. The app uses it only where it cannot read a power meter. 1 to 5000; leave it empty if you do not know."
        />
      </FormSection>

      <FormActions form={form} saveLabel="Save" undoLabel="Undo" saveTestId="owner-save" statusTestId="owner-save-status" markUnsaved />
    </form>
  );
}

interface CheckProps {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  fixed: boolean;
  testId: string;
  onChange(on: boolean): void;
}

/** A check box with its label and the hint under it; greyed when the host fixed it for this run. */
function Check({ id, label, hint, checked, fixed, testId, onChange }: CheckProps) {
  const hintId = useId();
  return (
    <div className={check.item}>
      <label className={fixed ? `${check.check} ${check.disabled}` : check.check}>
        <input id={id} type="checkbox" data-testid={testId} checked={checked} disabled={fixed} aria-describedby={hintId} onChange={(e) => onChange(e.target.checked)} />
        <span>{label}</span>
      </label>
      <p id={hintId} className={check.hint}>
        {hint}
      </p>
    </div>
  );
}
