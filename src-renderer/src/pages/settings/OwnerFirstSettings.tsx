import { useId, useMemo } from 'react';
import type { Settings } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useT } from '../../i18n/useT';
import type { useSettings } from '../../hooks/useSettings';
import { useSettingsForm } from '../../hooks/useSettingsForm';
import type { FieldErrors } from '../../lib/settings-draft';
import { currencyForLocale, currencyOptions } from '../../words/watch-words';
import {
  ENERGY_FIELDS,
  OWNER_FIELDS,
  OWNER_PROBLEMS,
  plainNumber,
  readOwnerForm,
  toOwnerValues,
  type OwnerField,
  type OwnerValues,
} from './owner-first-form';
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
  const t = useT();
  return (
    <Card title={t('settings.sections.ownUse')} testId="owner-first-card">
      <p className={common.muted}>{t('settings.own.intro')}</p>
      <OwnerWatch />
      <SettingsLoader {...settings}>
        {(loaded) => <OwnerFirstForm key={formKey(loaded.saved)} {...loaded} />}
      </SettingsLoader>
    </Card>
  );
}

/** The language's region's currency is offered while no price is entered; a saved price keeps its currency. */
function startingCurrency(saved: Settings, fixed: boolean): string {
  if (fixed || saved.energy.pricePerKwh !== null) return saved.energy.currency;
  return currencyForLocale(typeof navigator === 'undefined' ? undefined : navigator.language) ?? saved.energy.currency;
}

function OwnerFirstForm({ saved, onSaved, showSaved }: LoadedSettings) {
  const t = useT();
  const hostFixed = useFixedSettings();
  const fixed = useMemo(
    () =>
      new Set<string>([
        ...(hostFixed.has('ownerFirst') ? OWNER_FIELDS : []),
        ...(hostFixed.has('energy') ? ENERGY_FIELDS : []),
      ]),
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
    problems: {
      invalid: (errors) => marked(OWNER_PROBLEMS.invalid(errors)),
      refused: (error) => marked(OWNER_PROBLEMS.refused(error)),
    },
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
    <form
      className={`${formSection.form} ${styles.form}`}
      noValidate
      onSubmit={(e) => kept.submit(form, e)}
      aria-label={t('settings.sections.ownUse')}
    >
      <FormSection title={t('settings.own.whenPauses')}>
        <Check
          label={t('settings.own.gpuPrograms')}
          hint={t('settings.own.gpuProgramsHint')}
          testId="owner-gpu-programs"
          {...flag('gpuPrograms')}
        />
        <Check
          label={t('settings.own.fullscreen')}
          hint={t('settings.own.fullscreenHint')}
          testId="owner-fullscreen"
          {...flag('fullscreen')}
        />
        <ProgramPicker
          id={fieldId('programs')}
          picked={values.programs}
          onChange={(programs) => form.change({ programs })}
          error={errors.programs}
          fixed={fixed.has('programs')}
        />
      </FormSection>

      <FormSection title={t('settings.own.timing')}>
        <TextField
          label={t('settings.own.grace')}
          {...text('graceSeconds')}
          inputMode="numeric"
          testId="owner-grace"
          hint={t('settings.own.graceHint', { min: plainNumber(0), max: plainNumber(600), usual: plainNumber(10) })}
        />
        <TextField
          label={t('settings.own.cooldown')}
          {...text('cooldownSeconds')}
          inputMode="numeric"
          testId="owner-cooldown"
          hint={t('settings.own.cooldownHint', {
            min: plainNumber(0),
            max: plainNumber(3600),
            usual: plainNumber(120),
          })}
        />
      </FormSection>

      <FormSection title={t('settings.own.gpuLimits')}>
        <Check
          label={t('settings.own.freeMemory')}
          hint={t('settings.own.freeMemoryHint')}
          testId="owner-free-memory"
          {...flag('freeMemory')}
        />
        <TextField
          label={t('settings.own.vramFloor')}
          {...text('vramFloorGb')}
          testId="owner-vram-floor"
          hint={t('settings.own.vramFloorHint', { min: plainNumber(0.5), max: plainNumber(1024) })}
        />
        <TextField
          label={t('settings.own.maxPower')}
          {...text('maxPowerW')}
          inputMode="numeric"
          testId="owner-max-power"
          hint={t('settings.own.maxPowerHint', { min: plainNumber(10), max: plainNumber(5000) })}
        />
        <TextField
          label={t('settings.own.maxTemperature')}
          {...text('maxTemperatureC')}
          inputMode="numeric"
          testId="owner-max-temperature"
          hint={t('settings.own.maxPowerHint', { min: plainNumber(40), max: plainNumber(120) })}
        />
      </FormSection>

      <FormSection title={t('settings.own.electricity')}>
        <div className={styles.price}>
          <TextField
            label={t('settings.own.price')}
            {...text('pricePerKwh')}
            testId="energy-price"
            className={styles.priceField}
            hint={t('settings.own.priceHint')}
          />
          <SelectField
            label={t('settings.own.currency')}
            id={fieldId('currency')}
            options={currencyOptions(values.currency)}
            {...form.field('currency')}
            testId="energy-currency"
            className={styles.currencyField}
          />
        </div>
        <TextField
          label={t('settings.own.typicalWatts')}
          {...text('typicalWatts')}
          inputMode="numeric"
          testId="energy-typical-watts"
          hint={t('settings.own.typicalWattsHint', { min: plainNumber(1), max: plainNumber(5000) })}
        />
      </FormSection>

      <FormActions
        form={form}
        saveLabel={t('settings.own.save')}
        undoLabel={t('settings.own.undo')}
        saveTestId="owner-save"
        statusTestId="owner-save-status"
        markUnsaved
      />
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
        <input
          id={id}
          type="checkbox"
          data-testid={testId}
          checked={checked}
          disabled={fixed}
          aria-describedby={hintId}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
      <p id={hintId} className={check.hint}>
        {hint}
      </p>
    </div>
  );
}
