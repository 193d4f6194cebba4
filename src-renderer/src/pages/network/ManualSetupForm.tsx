import { useState, type FormEvent } from 'react';
import { PORT_MAPPING_MODES, type PortMappingMode, type Settings } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import { PORT_MAPPING_WORDS } from '../../words/network-words';
import { fieldIssue, parsePublicUrl } from '../setup/wizard-logic';
import { useProviderStore } from '../../store';
import { FormActions } from '../../components/ui/FormActions';
import { SelectField } from '../../components/ui/SelectField';
import type { LoadedSettings } from '../../components/SettingsLoader';
import { TextField } from '../../components/ui/TextField';
import formSection from '../../components/ui/FormSection.module.css';
import styles from './ManualSetupForm.module.css';

const MODE_OPTIONS = PORT_MAPPING_MODES.map((value) => ({ value, label: PORT_MAPPING_WORDS[value] }));

type Errors = { publicEndpoint?: string; portMapping?: string };

/**
 * The manual way in: a public URL the person already has (a tunnel, or a port forwarded by hand), and
 * whether the node may ask the router to open the port. The parent remounts it (via `key`) on new settings.
 */
export function ManualSetupForm({ saved, onSaved, showSaved }: LoadedSettings) {
  const [url, setUrl] = useState(saved.publicEndpoint ?? '');
  const [mode, setMode] = useState<PortMappingMode>(saved.portMapping);
  const [errors, setErrors] = useState<Errors>({});
  const { save, setSave, store } = useSettingsSave(showSaved, onSaved);
  const port = useProviderStore((s) => s.snapshot?.reachability.taskPort ?? null) ?? saved.taskPort;
  // Fixed for this run by the host: shown as stored, not editable, and never sent (so the other field still saves).
  const fixed = useFixedSettings();
  const urlFixed = fixed.has('publicEndpoint');
  const modeFixed = fixed.has('portMapping');
  const shownUrl = urlFixed ? (saved.publicEndpoint ?? '') : url;
  const shownMode = modeFixed ? saved.portMapping : mode;

  const touched = (field: keyof Errors) => {
    setErrors((e) => ({ ...e, [field]: undefined }));
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
    const refused = await store(patch);
    if (!refused) {
      setErrors({});
      return;
    }
    const fieldErrors: Errors = {};
    const publicIssue = fieldIssue(refused, 'publicEndpoint');
    const modeIssue = fieldIssue(refused, 'portMapping');
    if (publicIssue) fieldErrors.publicEndpoint = publicIssue;
    if (modeIssue) fieldErrors.portMapping = modeIssue;
    setErrors(fieldErrors);
    const other = (refused.issues ?? []).filter((i) => !/^(publicEndpoint|portMapping)(\.|$)/.test(i.path)).map((i) => i.message);
    const marked = publicIssue || modeIssue ? ['Please correct the marked field. Nothing was saved.'] : [];
    setSave({ kind: 'failed', messages: [...marked, ...other].length > 0 ? [...marked, ...other] : [`Nothing was saved: ${refused.message}`] });
  };

  const dirty = (!urlFixed && url.trim() !== (saved.publicEndpoint ?? '')) || (!modeFixed && mode !== saved.portMapping);

  return (
    <form className={`${formSection.form} ${styles.form}`} noValidate onSubmit={(e) => void submit(e)} aria-label="Set the address yourself" data-testid="network-manual-form">
      <TextField
        label="Public URL of the task port"
        type="url"
        value={shownUrl}
        fixed={urlFixed}
        onChange={(v) => {
          setUrl(v);
          touched('publicEndpoint');
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
          touched('portMapping');
        }}
        error={errors.portMapping}
        testId="port-mapping-mode"
        hint="Lets the node ask your router to open the task port by itself, and keep it open while the node runs. Choose Off if the router must not be changed."
      />
      <FormActions
        save={save}
        saveLabel="Save"
        savedText="Saved. The node checks its reachability again."
        dirty={dirty}
        onUndo={() => {
          setUrl(saved.publicEndpoint ?? '');
          setMode(saved.portMapping);
          setErrors({});
          setSave({ kind: 'idle' });
        }}
        saveTestId="network-save"
        statusTestId="network-save-status"
      />
    </form>
  );
}
