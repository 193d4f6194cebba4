import { useState, type FormEvent } from 'react';
import { PORT_MAPPING_MODES, type PortMappingMode, type Settings } from '../../../../src-preload/contract';
import { getApi } from '../../api';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { PORT_MAPPING_WORDS } from '../../network-words';
import { fieldIssue, parsePublicUrl } from '../../setup/wizard-logic';
import { useProviderStore } from '../../store';
import { SelectField } from '../SelectField';
import { TextField } from '../TextField';

const MODE_OPTIONS = PORT_MAPPING_MODES.map((value) => ({ value, label: PORT_MAPPING_WORDS[value] }));

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'unchanged' } | { kind: 'failed'; messages: string[] };
type Errors = { publicEndpoint?: string; portMapping?: string };

interface Props {
  saved: Settings;
  onSaved(settings: Settings): void;
  /** Start out saying "Saved." (the parent remounts the form with what the host just stored). */
  showSaved: boolean;
}

/**
 * The manual way in: a public URL the person already has (a tunnel, or a port forwarded by hand), and
 * whether the node may ask the router to open the port. The parent remounts it (via `key`) on new settings.
 */
export function ManualSetupForm({ saved, onSaved, showSaved }: Props) {
  const [url, setUrl] = useState(saved.publicEndpoint ?? '');
  const [mode, setMode] = useState<PortMappingMode>(saved.portMapping);
  const [errors, setErrors] = useState<Errors>({});
  const [save, setSave] = useState<SaveState>(showSaved ? { kind: 'saved' } : { kind: 'idle' });
  const port = useProviderStore((s) => s.snapshot?.reachability.taskPort ?? null) ?? saved.taskPort;
  // Fixed for this run by the host: shown as stored, not editable, and never sent (so the other field still saves).
  const fixed = useFixedSettings();
  const urlFixed = fixed.has('publicEndpoint');
  const modeFixed = fixed.has('portMapping');
  const shownUrl = urlFixed ? (saved.publicEndpoint ?? '') : url;
  const shownMode = modeFixed ? saved.portMapping : mode;

  const touched = () => {
    if (save.kind !== 'saving') setSave({ kind: 'idle' });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.kind === 'saving') return;
    const parsed = urlFixed ? { value: saved.publicEndpoint } : parsePublicUrl(url);
    if ('error' in parsed) {
      setErrors({ publicEndpoint: parsed.error });
      setSave({ kind: 'failed', messages: ['Please correct the marked field. Nothing was saved.'] });
      return;
    }
    const patch: Partial<Settings> = {};
    if (!urlFixed && parsed.value !== saved.publicEndpoint) patch.publicEndpoint = parsed.value;
    if (!modeFixed && mode !== saved.portMapping) patch.portMapping = mode;
    if (Object.keys(patch).length === 0) {
      setErrors({});
      setSave({ kind: 'unchanged' });
      return;
    }
    setSave({ kind: 'saving' });
    const result = await getApi().updateSettings(patch);
    if (result.ok) {
      setErrors({});
      setSave({ kind: 'saved' });
      onSaved(result.value);
      return;
    }
    const fieldErrors: Errors = {};
    const publicIssue = fieldIssue(result.error, 'publicEndpoint');
    const modeIssue = fieldIssue(result.error, 'portMapping');
    if (publicIssue) fieldErrors.publicEndpoint = publicIssue;
    if (modeIssue) fieldErrors.portMapping = modeIssue;
    setErrors(fieldErrors);
    const other = (result.error.issues ?? []).filter((i) => !/^(publicEndpoint|portMapping)(\.|$)/.test(i.path)).map((i) => i.message);
    const marked = publicIssue || modeIssue ? ['Please correct the marked field. Nothing was saved.'] : [];
    setSave({ kind: 'failed', messages: [...marked, ...other].length > 0 ? [...marked, ...other] : [`Nothing was saved: ${result.error.message}`] });
  };

  const dirty = (!urlFixed && url.trim() !== (saved.publicEndpoint ?? '')) || (!modeFixed && mode !== saved.portMapping);

  return (
    <form className="settings-form network-form" noValidate onSubmit={(e) => void submit(e)} aria-label="Set the address yourself" data-testid="network-manual-form">
      <TextField
        label="Public URL of the task port"
        type="url"
        value={shownUrl}
        fixed={urlFixed}
        onChange={(v) => {
          setUrl(v);
          setErrors((e) => ({ ...e, publicEndpoint: undefined }));
          touched();
        }}
        error={errors.publicEndpoint}
        placeholder="https://my-node.example.net"
        testId="public-url-input"
        hint={`For a tunnel, or http://<your public IP>:${port} after forwarding the port by hand. The directory checks it when the node registers. Leave empty to let the node find an address by itself.`}
      />
      <SelectField
        label="Router port mapping"
        value={shownMode}
        fixed={modeFixed}
        options={MODE_OPTIONS}
        onChange={(v) => {
          setMode(v);
          setErrors((e) => ({ ...e, portMapping: undefined }));
          touched();
        }}
        error={errors.portMapping}
        testId="port-mapping-mode"
        hint="Lets the node ask your router to open the task port by itself, and keep it open while the node runs. Choose Off if the router must not be changed."
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="network-save" aria-disabled={save.kind === 'saving' || undefined}>
          {save.kind === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="button"
          aria-disabled={!dirty || undefined}
          onClick={() => {
            if (!dirty) return;
            setUrl(saved.publicEndpoint ?? '');
            setMode(saved.portMapping);
            setErrors({});
            setSave({ kind: 'idle' });
          }}
        >
          Undo changes
        </button>
        <p className="form-status" role="status" data-testid="network-save-status">
          {save.kind === 'saved' ? 'Saved. The node checks its reachability again.' : save.kind === 'unchanged' ? 'Nothing to save.' : null}
        </p>
      </div>
      {save.kind === 'failed' ? (
        <div className="form-errors" role="alert">
          {save.messages.map((m) => (
            <p key={m} className="field-error">
              {m}
            </p>
          ))}
        </div>
      ) : null}
    </form>
  );
}
