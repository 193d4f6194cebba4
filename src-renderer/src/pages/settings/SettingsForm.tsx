import { useId } from 'react';
import { formatCount, serverName } from '../../format';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useServerModels, type ServerModelsState } from '../../hooks/useServerModels';
import { useSettingsForm } from '../../hooks/useSettingsForm';
import type { Shown } from '../../lib/settings-draft';
import { readForm, toFormValues, FORM_FIELDS, type FieldErrors, type FormField, type FormValues } from './settings-form';
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

  const problems = FORM_FIELDS.filter((f) => errors[f]).map((f) => ({ id: fieldId(f), label: FIELD_LABELS[f], message: errors[f]! }));
  const text = (field: Exclude<FormField, 'excludedModels'>) => ({ id: fieldId(field), ...form.field(field) });
  const models = serverModels.state.status === 'ready' ? serverModels.state.list.models : [];
  const defaultModel = values.defaultModel;

  return (
    <form className={`${formSection.form} ${styles.form}`} noValidate onSubmit={(e) => kept.submit(form, e)} aria-label="Node settings">
      <div id={SUMMARY_ID} tabIndex={-1} className={styles.summary}>
        <ProblemSummary problems={problems} other={form.other} />
      </div>

      <FormSection title="Your node">
        <TextField label="Display name" {...text('displayName')} required hint="How your node is named on the network. Up to 64 characters." />
        <RegionField {...text('region')} directoryUrl={saved.directoryUrl} />
      </FormSection>

      <FormSection title="Models">
        <TextField
          label="Local LLM server"
          type="url"
          {...text('backendUrl')}
          placeholder="http://127.0.0.1:11434"
          hint="The address of Ollama, LM Studio, vLLM or llama.cpp on this computer, without /v1. Leave empty to serve no models."
        />
        <ModelPicker
          models={models}
          choice={{ excluded: values.excludedModels, defaultModel: defaultModel === '' ? null : defaultModel }}
          onChange={(c) => form.change({ excludedModels: c.excluded, defaultModel: c.defaultModel ?? '' })}
          keep={[...saved.excludedModels, ...(saved.defaultModel ? [saved.defaultModel] : [])]}
          note={<ModelListNote state={serverModels.state} lookAgain={serverModels.lookAgain} serverChanged={values.backendUrl.trim() !== savedValues.backendUrl} />}
          fixed={{ offered: fixed.has('excludedModels'), defaultModel: fixed.has('defaultModel') }}
          errors={{ offered: errors.excludedModels, defaultModel: errors.defaultModel }}
          ids={{ offered: fieldId('excludedModels'), defaultModel: fieldId('defaultModel') }}
        />
      </FormSection>

      <FormSection title="Network">
        <TextField label="Directory URL" type="url" {...text('directoryUrl')} required hint="The IICP directory your node registers with." />
        <TextField label="Task port" inputMode="numeric" {...text('taskPort')} required hint="The port consumers connect to, 1024–65535." />
        <TextField
          label="Public endpoint"
          type="url"
          {...text('publicEndpoint')}
          placeholder="https://…"
          hint="Optional. The public URL of your task port, for example a tunnel. Leave empty to let the node look for an address by itself; the Network page shows what it found."
        />
        <TextField
          label="Trusted reverse proxies"
          {...text('trustedProxies')}
          placeholder="127.0.0.1"
          hint="Optional. Only if a reverse proxy or tunnel on your side passes consumers on to the task port: its IP address or range, such as 127.0.0.1 or 10.0.0.0/8, separated by commas. The node then tells consumers apart by the address that proxy reports. Leave empty otherwise: then nobody can pretend to be many consumers."
        />
      </FormSection>

      <FormSection title="Limits">
        <TextField label="Tasks at once" inputMode="numeric" {...text('maxConcurrent')} required hint="How many tasks your node serves at the same time, 1–64." />
        <TextField label="Largest answer (tokens)" inputMode="numeric" {...text('maxTokens')} required hint={`The most tokens one task may ask for; advertised to the directory. 1–${formatCount(1_000_000)}.`} />
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
            <span>Also offer plain text completion</span>
          </label>
          <p id={completionHintId} className={check.hint}>
            Chat models also answer completion tasks (a prompt continued as text), which your server supports. Turn it off to offer chat only.
          </p>
        </div>
        <TextField label="Tokens per minute" inputMode="numeric" {...text('tokensPerMin')} required hint="The throughput you advertise to the directory, in tokens per minute." />
      </FormSection>

      <FormActions form={form} saveLabel="Save changes" markUnsaved />
    </form>
  );
}

/** Above the model list: where it comes from, or why it may be incomplete (the saved choices are shown all the same). */
function ModelListNote({ state, lookAgain, serverChanged }: { state: ServerModelsState; lookAgain(): void; serverChanged: boolean }) {
  const again = (
    <button type="button" className={`${button.quiet} ${button.small}`} onClick={lookAgain}>
      Look again
    </button>
  );
  let status: 'loading' | 'current' | 'incomplete';
  let words: string;
  if (state.status === 'loading') {
    status = 'loading';
    words = 'Asking your LLM server for its models…';
  } else if (state.status === 'failed') {
    status = 'incomplete';
    words = `${state.words} Your saved choices are shown.`;
  } else if (!state.list.current) {
    status = 'incomplete';
    words = `${state.list.problem ?? 'Your LLM server did not answer just now.'} Your saved choices are shown.`;
  } else {
    status = 'current';
    words = `What ${serverName(state.list.flavour)} lists right now.`;
  }
  return (
    <p className={styles.modelNote} data-testid="model-list-note" data-status={status} role="status">
      <span>
        {words}
        {serverChanged ? ' These are the saved server’s models; save to list the new server’s.' : ''}
      </span>{' '}
      {status === 'loading' ? null : again}
    </p>
  );
}
