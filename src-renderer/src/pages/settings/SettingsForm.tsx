import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useServerModels, type ServerModelsState } from '../../hooks/useServerModels';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import { readForm, toFormValues, FORM_FIELDS, type FieldErrors, type FormField, type FormValues } from './settings-form';
import { FIELD_LABELS, hostProblems } from '../../words/settings-messages';
import { serverName } from '../setup/wizard-logic';
import { FormActions } from '../../components/ui/FormActions';
import { FormSection } from '../../components/ui/FormSection';
import { ModelPicker } from '../../components/models/ModelPicker';
import { focusField, ProblemSummary } from './ProblemSummary';
import { RegionField } from './RegionField';
import type { LoadedSettings } from '../../components/SettingsLoader';
import { TextField } from '../../components/ui/TextField';
import formSection from '../../components/ui/FormSection.module.css';
import check from '../../components/ui/Check.module.css';
import button from '../../components/ui/Button.module.css';
import styles from './SettingsForm.module.css';

/** Each field's control has a known id, so the list of problems can link to it and focus can move there. */
const fieldId = (field: FormField): string => `settings-${field}`;
const SUMMARY_ID = 'settings-problems';

/** The node's settings. Parent remounts it (via `key`) when fresh settings are loaded from the host. */
export function SettingsForm({ saved, onSaved, showSaved }: LoadedSettings) {
  const [values, setValues] = useState<FormValues>(() => toFormValues(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [otherProblems, setOtherProblems] = useState<string[]>([]);
  /** Where focus goes once the problems are on screen (a field's id, or the list of problems). */
  const focusNext = useRef<string | null>(null);
  const { save, setSave, store } = useSettingsSave(showSaved, onSaved);
  const serverModels = useServerModels();
  const completionHintId = useId();
  // Fixed for this run by the host: shown as stored (the effective value), read-only, and never sent.
  const fixed = useFixedSettings();
  const savedValues = toFormValues(saved);
  const shown = <F extends FormField>(field: F): FormValues[F] => (fixed.has(field) ? savedValues[field] : values[field]);

  useEffect(() => {
    const target = focusNext.current;
    if (target === null) return;
    focusNext.current = null;
    focusField(target);
  }, [errors, otherProblems]);

  const clearProblem = (fields: readonly FormField[]) => {
    setErrors((e) => (fields.some((f) => e[f]) ? Object.fromEntries(Object.entries(e).filter(([f]) => !fields.includes(f as FormField))) : e));
  };

  const set =
    <F extends FormField>(field: F) =>
    (value: FormValues[F]) => {
      setValues((v) => ({ ...v, [field]: value }));
      clearProblem([field]);
      if (save.kind !== 'saving') setSave({ kind: 'idle' });
    };

  /** All problems at once: marked at their fields, listed above the form, and the first one focused. */
  const showProblems = (fields: FieldErrors, other: string[]) => {
    setErrors(fields);
    setOtherProblems(other);
    setSave({ kind: 'idle' });
    const first = FORM_FIELDS.find((f) => fields[f]);
    focusNext.current = first ? fieldId(first) : SUMMARY_ID;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.kind === 'saving') return;
    const { patch, errors: found } = readForm(values, saved, fixed);
    if (Object.keys(found).length > 0) {
      showProblems(found, []);
      return;
    }
    setOtherProblems([]);
    if (Object.keys(patch).length === 0) {
      setSave({ kind: 'unchanged' });
      return;
    }
    const refused = await store(patch);
    if (!refused) {
      setErrors({});
      return;
    }
    if (refused.code === 'invalid_request') {
      const { fields, other } = hostProblems(refused);
      showProblems(fields, other);
    } else {
      setSave({ kind: 'failed', messages: [refused.message] });
    }
  };

  const pending = readForm(values, saved, fixed);
  const dirty = Object.keys(pending.patch).length > 0 || Object.keys(pending.errors).length > 0;
  const problems = FORM_FIELDS.filter((f) => errors[f]).map((f) => ({ id: fieldId(f), label: FIELD_LABELS[f], message: errors[f]! }));
  const text = (field: Exclude<FormField, 'excludedModels'>) => ({
    id: fieldId(field),
    value: shown(field),
    fixed: fixed.has(field),
    onChange: set(field),
    error: errors[field],
  });
  const models = serverModels.state.status === 'ready' ? serverModels.state.list.models : [];
  const defaultModel = shown('defaultModel');

  return (
    <form className={`${formSection.form} ${styles.form}`} noValidate onSubmit={(e) => void submit(e)} aria-label="Node settings">
      <div id={SUMMARY_ID} tabIndex={-1} className={styles.summary}>
        <ProblemSummary problems={problems} other={otherProblems} />
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
          choice={{ excluded: shown('excludedModels'), defaultModel: defaultModel === '' ? null : defaultModel }}
          onChange={(c) => {
            setValues((v) => ({ ...v, excludedModels: c.excluded, defaultModel: c.defaultModel ?? '' }));
            clearProblem(['excludedModels', 'defaultModel']);
            if (save.kind !== 'saving') setSave({ kind: 'idle' });
          }}
          keep={[...saved.excludedModels, ...(saved.defaultModel ? [saved.defaultModel] : [])]}
          note={<ModelListNote state={serverModels.state} lookAgain={serverModels.lookAgain} serverChanged={shown('backendUrl').trim() !== savedValues.backendUrl} />}
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
        <TextField label="Largest answer (tokens)" inputMode="numeric" {...text('maxTokens')} required hint="The most tokens one task may ask for; advertised to the directory. 1–1,000,000." />
        <div className={check.item}>
          <label className={fixed.has('offerCompletion') ? `${check.check} ${check.disabled}` : check.check}>
            <input
              id={fieldId('offerCompletion')}
              type="checkbox"
              data-testid="offer-completion"
              checked={shown('offerCompletion') === 'true'}
              disabled={fixed.has('offerCompletion')}
              aria-describedby={completionHintId}
              onChange={(e) => set('offerCompletion')(String(e.target.checked))}
            />
            <span>Also offer plain text completion</span>
          </label>
          <p id={completionHintId} className={check.hint}>
            Chat models also answer completion tasks (a prompt continued as text), which your server supports. Turn it off to offer chat only.
          </p>
        </div>
        <TextField label="Tokens per minute" inputMode="numeric" {...text('tokensPerMin')} required hint="The throughput you advertise to the directory, in tokens per minute." />
      </FormSection>

      <FormActions
        save={save}
        saveLabel="Save changes"
        dirty={dirty}
        onUndo={() => {
          setValues(toFormValues(saved));
          setErrors({});
          setOtherProblems([]);
          setSave({ kind: 'idle' });
        }}
      />
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
