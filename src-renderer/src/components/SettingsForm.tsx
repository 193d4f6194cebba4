import { useId, useState, type FormEvent } from 'react';
import { useFixedSettings } from '../hooks/useFixedSettings';
import { useSettingsSave } from '../hooks/useSettingsSave';
import { useProviderStore } from '../store';
import { issuesToErrors, toFormValues, toPatch, type FieldErrors, type FormField, type FormValues } from '../settings-form';
import { FormActions } from './FormActions';
import { FormSection } from './FormSection';
import type { LoadedSettings } from './SettingsLoader';
import { TextField } from './TextField';

const EMPTY: string[] = [];
const HINT_MODELS = 8;

function offeredHint(models: string[]): string {
  if (models.length === 0) return '';
  const shown = models.slice(0, HINT_MODELS).join(', ');
  const more = models.length > HINT_MODELS ? ` and ${models.length - HINT_MODELS} more` : '';
  return ` Offered now: ${shown}${more}.`;
}

/** The node's settings. Parent remounts it (via `key`) when fresh settings are loaded from the host. */
export function SettingsForm({ saved, onSaved, showSaved }: LoadedSettings) {
  const [values, setValues] = useState<FormValues>(() => toFormValues(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const { save, setSave, store } = useSettingsSave(showSaved, onSaved);
  const modelListId = useId();
  const completionHintId = useId();
  // Suggestions only: what the server listed at the last look (after exclusions), never required.
  const models = useProviderStore((s) => s.snapshot?.backend.models ?? EMPTY);
  // Fixed for this run by the host: shown as stored (the effective value), read-only, and never sent.
  const fixed = useFixedSettings();
  const savedValues = toFormValues(saved);
  const shown = (field: FormField) => (fixed.has(field) ? savedValues[field] : values[field]);

  const set = (field: FormField) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    if (save.kind !== 'saving') setSave({ kind: 'idle' });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.kind === 'saving') return;
    const { patch, errors: localErrors } = toPatch(values, saved, fixed);
    if (Object.keys(localErrors).length > 0) {
      setErrors(localErrors);
      setSave({ kind: 'failed', messages: ['Please correct the marked fields.'] });
      return;
    }
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
      const { fields, other } = issuesToErrors(refused);
      setErrors(fields);
      setSave({ kind: 'failed', messages: other.length ? other : ['Please correct the marked fields.'] });
    } else {
      setSave({ kind: 'failed', messages: [refused.message] });
    }
  };

  const pending = toPatch(values, saved, fixed);
  const dirty = Object.keys(pending.patch).length > 0 || Object.keys(pending.errors).length > 0;

  return (
    <form className="settings-form" noValidate onSubmit={(e) => void submit(e)} aria-label="Node settings">
      <FormSection title="Your node">
        <TextField label="Display name" value={shown('displayName')} fixed={fixed.has('displayName')} onChange={set('displayName')} error={errors.displayName} required hint="How your node is named on the network. Up to 64 characters." />
        <TextField label="Region" value={shown('region')} fixed={fixed.has('region')} onChange={set('region')} error={errors.region} required hint="Advertised to the directory so nearby consumers find you. Letters, digits, - and _." />
      </FormSection>

      <FormSection title="Models">
        <TextField
          label="Local LLM server"
          type="url"
          value={shown('backendUrl')}
          fixed={fixed.has('backendUrl')}
          onChange={set('backendUrl')}
          error={errors.backendUrl}
          placeholder="http://127.0.0.1:11434"
          hint="The address of Ollama, LM Studio, vLLM or llama.cpp on this computer, without /v1. Leave empty to serve no models."
        />
        <TextField
          label="Default model"
          value={shown('defaultModel')}
          fixed={fixed.has('defaultModel')}
          onChange={set('defaultModel')}
          error={errors.defaultModel}
          list={models.length > 0 ? modelListId : undefined}
          placeholder="first model the server lists"
          hint="Used when a task names no model. Leave empty to use the first model your server lists."
        />
        <TextField
          label="Models kept private"
          value={shown('excludedModels')}
          fixed={fixed.has('excludedModels')}
          onChange={set('excludedModels')}
          error={errors.excludedModels}
          placeholder="none"
          hint={`Models on your server that are never offered to the network, separated by commas.${offeredHint(models)}`}
        />
        {models.length > 0 ? (
          <datalist id={modelListId}>
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        ) : null}
      </FormSection>

      <FormSection title="Network">
        <TextField label="Directory URL" type="url" value={shown('directoryUrl')} fixed={fixed.has('directoryUrl')} onChange={set('directoryUrl')} error={errors.directoryUrl} required hint="The IICP directory your node registers with." />
        <TextField label="Task port" inputMode="numeric" value={shown('taskPort')} fixed={fixed.has('taskPort')} onChange={set('taskPort')} error={errors.taskPort} required hint="The port consumers connect to, 1024–65535." />
        <TextField
          label="Public endpoint"
          type="url"
          value={shown('publicEndpoint')}
          fixed={fixed.has('publicEndpoint')}
          onChange={set('publicEndpoint')}
          error={errors.publicEndpoint}
          placeholder="https://…"
          hint="Optional. The public URL of your task port, for example a tunnel. Leave empty to let the node look for an address by itself; the Network page shows what it found."
        />
      </FormSection>

      <FormSection title="Limits">
        <TextField label="Tasks at once" inputMode="numeric" value={shown('maxConcurrent')} fixed={fixed.has('maxConcurrent')} onChange={set('maxConcurrent')} error={errors.maxConcurrent} required hint="How many tasks your node serves at the same time, 1–64." />
        <TextField label="Largest answer (tokens)" inputMode="numeric" value={shown('maxTokens')} fixed={fixed.has('maxTokens')} onChange={set('maxTokens')} error={errors.maxTokens} required hint="The most tokens one task may ask for; advertised to the directory. 1–1,000,000." />
        <div className="condition">
          <label className={fixed.has('offerCompletion') ? 'check check-disabled' : 'check'}>
            <input
              type="checkbox"
              data-testid="offer-completion"
              checked={shown('offerCompletion') === 'true'}
              disabled={fixed.has('offerCompletion')}
              aria-describedby={completionHintId}
              onChange={(e) => set('offerCompletion')(String(e.target.checked))}
            />
            <span>Also offer plain text completion</span>
          </label>
          <p id={completionHintId} className="check-hint">
            Chat models also answer completion tasks (a prompt continued as text), which your server supports. Turn it off to offer chat only.
          </p>
        </div>
        <TextField label="Tokens per minute" inputMode="numeric" value={shown('tokensPerMin')} fixed={fixed.has('tokensPerMin')} onChange={set('tokensPerMin')} error={errors.tokensPerMin} required hint="The throughput you advertise to the directory, in tokens per minute." />
      </FormSection>

      <FormActions
        save={save}
        saveLabel="Save changes"
        dirty={dirty}
        onUndo={() => {
          setValues(toFormValues(saved));
          setErrors({});
          setSave({ kind: 'idle' });
        }}
      />
    </form>
  );
}
