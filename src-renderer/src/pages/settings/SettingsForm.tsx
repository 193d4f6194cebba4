import { useId } from 'react';
import { serverName } from '../../format';
import { useT } from '../../i18n/useT';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useServerModels, type ServerModelsState } from '../../hooks/useServerModels';
import { useSettingsForm } from '../../hooks/useSettingsForm';
import type { Shown } from '../../lib/settings-draft';
import {
  readForm,
  toFormValues,
  FORM_FIELDS,
  type FieldErrors,
  type FormField,
  type FormValues,
} from './settings-form';
import { FIELD_LABELS, hostProblems } from '../../words/settings-messages';
import { FormActions } from '../../components/ui/FormActions';
import { FormSection } from '../../components/ui/FormSection';
import { ModelPicker } from '../../components/models/ModelPicker';
import { ProblemSummary, useFocusAfter } from './ProblemSummary';
import { RegionField } from './RegionField';
import type { LoadedSettings } from '../../components/SettingsLoader';
import { TextField } from '../../components/ui/TextField';
import { useKeptDraft, useUnsavedReport } from './settings-drafts';
import formSection from '../../components/ui/FormSection.module.css';
import check from '../../components/ui/Check.module.css';
import button from '../../components/ui/Button.module.css';
import styles from './SettingsForm.module.css';

/** Each field's control has a known id, so the list of problems can link to it and focus can move there. */
const fieldId = (field: FormField): string => `settings-${field}`;
const SUMMARY_ID = 'settings-problems';

/**
 * The node's settings. Parent remounts it (via `key`) when fresh settings are loaded from the host; what is typed is
 * kept outside the form (settings-drafts.ts), so a remount, another card's save or a visit elsewhere keeps it.
 */
export function SettingsForm({ saved, onSaved, showSaved }: LoadedSettings) {
  const t = useT();
  /** Where focus goes once the problems are on screen (a field's id, or the list of problems). */
  const serverModels = useServerModels();
  const completionHintId = useId();
  // Fixed for this run by the host: shown as stored (the effective value), read-only, and never sent.
  const fixed = useFixedSettings();
  const savedValues = toFormValues(saved);
  const kept = useKeptDraft('node', savedValues);

  /** All problems at once: marked at their fields, listed above the form, and the first one focused. */
  const listed = (fields: FieldErrors, other: string[]): Shown<FormField> => {
    const first = FORM_FIELDS.find((f) => fields[f]);
    focusNext.current = first ? fieldId(first) : SUMMARY_ID;
    return { fields, other };
  };
  const form = useSettingsForm<FormValues>({
    saved: savedValues,
    fixed,
    read: (values) => readForm(values, saved, fixed),
    draft: kept.draft,
    showSaved,
    onSaved: (stored) => {
      kept.saved();
      onSaved(stored);
    },
    problems: {
      invalid: (fields) => listed(fields, []),
      refused: (error) => {
        if (error.code !== 'invalid_request') return { failed: [error.message] };
        const { fields, other } = hostProblems(error);
        return listed(fields, other);
      },
    },
  });
  const { values, errors } = form;
  const focusNext = useFocusAfter([errors, form.other]);
  useUnsavedReport('node', form.dirty);

  const problems = FORM_FIELDS.filter((f) => errors[f]).map((f) => ({
    id: fieldId(f),
    label: FIELD_LABELS[f],
    message: errors[f]!,
  }));
  const text = (field: Exclude<FormField, 'excludedModels'>) => ({ id: fieldId(field), ...form.field(field) });
  const models = serverModels.state.status === 'ready' ? serverModels.state.list.models : [];
  const defaultModel = values.defaultModel;

  return (
    <form
      className={`${formSection.form} ${styles.form}`}
      noValidate
      onSubmit={(e) => kept.submit(form, e)}
      aria-label={t('settings.form.label')}
    >
      <div id={SUMMARY_ID} tabIndex={-1} className={styles.summary}>
        <ProblemSummary problems={problems} other={form.other} />
      </div>

      <FormSection title={t('settings.form.yourNode')}>
        <TextField
          label={t('settings.field.displayName')}
          {...text('displayName')}
          required
          hint={t('settings.form.nameHint', { max: 64 })}
        />
        <RegionField {...text('region')} directoryUrl={saved.directoryUrl} />
      </FormSection>

      <FormSection title={t('settings.form.models')}>
        <TextField
          label={t('settings.field.backendUrl')}
          type="url"
          {...text('backendUrl')}
          placeholder="http://127.0.0.1:11434"
          hint={t('settings.form.backendHint')}
        />
        <ModelPicker
          models={models}
          choice={{ excluded: values.excludedModels, defaultModel: defaultModel === '' ? null : defaultModel }}
          onChange={(c) => form.change({ excludedModels: c.excluded, defaultModel: c.defaultModel ?? '' })}
          keep={[...saved.excludedModels, ...(saved.defaultModel ? [saved.defaultModel] : [])]}
          note={
            <ModelListNote
              state={serverModels.state}
              lookAgain={serverModels.lookAgain}
              serverChanged={values.backendUrl.trim() !== savedValues.backendUrl}
            />
          }
          fixed={{ offered: fixed.has('excludedModels'), defaultModel: fixed.has('defaultModel') }}
          errors={{ offered: errors.excludedModels, defaultModel: errors.defaultModel }}
          ids={{ offered: fieldId('excludedModels'), defaultModel: fieldId('defaultModel') }}
        />
      </FormSection>

      <FormSection title={t('settings.form.network')}>
        <TextField
          label={t('settings.field.directoryUrl')}
          type="url"
          {...text('directoryUrl')}
          required
          hint={t('settings.form.directoryHint')}
        />
        <TextField
          label={t('settings.field.taskPort')}
          inputMode="numeric"
          {...text('taskPort')}
          required
          hint={t('settings.form.portHint')}
        />
        <TextField
          label={t('settings.field.publicEndpoint')}
          type="url"
          {...text('publicEndpoint')}
          placeholder="https://…"
          hint={t('settings.form.publicHint')}
        />
        <TextField
          label={t('settings.field.trustedProxies')}
          {...text('trustedProxies')}
          placeholder="127.0.0.1"
          hint={t('settings.form.proxiesHint')}
        />
      </FormSection>

      <FormSection title={t('settings.form.limits')}>
        <TextField
          label={t('settings.field.maxConcurrent')}
          inputMode="numeric"
          {...text('maxConcurrent')}
          required
          hint={t('settings.form.concurrentHint')}
        />
        <TextField
          label={t('settings.field.maxTokens')}
          inputMode="numeric"
          {...text('maxTokens')}
          required
          hint={t('settings.form.tokensHint', { max: 1_000_000 })}
        />
        <div className={check.item}>
          <label className={fixed.has('offerCompletion') ? `${check.check} ${check.disabled}` : check.check}>
            <input
              id={fieldId('offerCompletion')}
              type="checkbox"
              data-testid="offer-completion"
              checked={values.offerCompletion === 'true'}
              disabled={fixed.has('offerCompletion')}
              aria-describedby={completionHintId}
              onChange={(e) => form.change({ offerCompletion: String(e.target.checked) })}
            />
            <span>{t('settings.field.offerCompletion')}</span>
          </label>
          <p id={completionHintId} className={check.hint}>
            {t('settings.form.completionHint')}
          </p>
        </div>
        <TextField
          label={t('settings.field.tokensPerMin')}
          inputMode="numeric"
          {...text('tokensPerMin')}
          required
          hint={t('settings.form.throughputHint')}
        />
      </FormSection>

      <FormActions form={form} saveLabel={t('settings.form.save')} markUnsaved />
    </form>
  );
}

/**
 * Above the model list: where it comes from, or why it may be incomplete (the saved choices are shown all the same).
 */
function ModelListNote({
  state,
  lookAgain,
  serverChanged,
}: {
  state: ServerModelsState;
  lookAgain(): void;
  serverChanged: boolean;
}) {
  const t = useT();
  const again = (
    <button type="button" className={`${button.quiet} ${button.small}`} onClick={lookAgain}>
      {t('settings.models.lookAgain')}
    </button>
  );
  let status: 'loading' | 'current' | 'incomplete';
  let words: string;
  if (state.status === 'loading') {
    status = 'loading';
    words = t('settings.models.asking');
  } else if (state.status === 'failed') {
    status = 'incomplete';
    words = t('settings.models.savedShown', { why: state.words });
  } else if (!state.list.current) {
    status = 'incomplete';
    words = t('settings.models.savedShown', { why: state.list.problem ?? t('settings.models.noAnswer') });
  } else {
    status = 'current';
    words = t('settings.models.current', { server: serverName(state.list.flavour) });
  }
  return (
    <p className={styles.modelNote} data-testid="model-list-note" data-status={status} role="status">
      <span>
        {words}
        {serverChanged ? ` ${t('settings.models.serverChanged')}` : ''}
      </span>{' '}
      {status === 'loading' ? null : again}
    </p>
  );
}
