import { PORT_MAPPING_MODES, type PortMappingMode } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useSettingsForm } from '../../hooks/useSettingsForm';
import { asIs, boxedProblems, readDraft, type Readers } from '../../lib/settings-draft';
import { PORT_MAPPING_WORDS } from '../../words/network-words';
import { parsePublicUrl } from '../../lib/addresses';
import { useProviderStore } from '../../store';
import { FormActions } from '../../components/ui/FormActions';
import { SelectField } from '../../components/ui/SelectField';
import type { LoadedSettings } from '../../components/SettingsLoader';
import { TextField } from '../../components/ui/TextField';
import formSection from '../../components/ui/FormSection.module.css';
import styles from './ManualSetupForm.module.css';

const MODE_OPTIONS = PORT_MAPPING_MODES.map((value) => ({ value, label: PORT_MAPPING_WORDS[value] }));

type Values = { publicEndpoint: string; portMapping: PortMappingMode };
const FIELDS = ['publicEndpoint', 'portMapping'] as const;
/** The public URL as an address or none; the port mapping as chosen. */
const READERS: Readers<Values> = { publicEndpoint: parsePublicUrl, portMapping: asIs };
const CORRECT_IT = 'Please correct the marked field. Nothing was saved.';

/**
 * The manual way in: a public URL the person already has (a tunnel, or a port forwarded by hand), and
 * whether the node may ask the router to open the port. The parent remounts it (via `key`) on new settings.
 */
export function ManualSetupForm({ saved, onSaved, showSaved }: LoadedSettings) {
  const port = useProviderStore((s) => s.snapshot?.reachability.taskPort ?? null) ?? saved.taskPort;
  // Fixed for this run by the host: shown as stored, not editable, and never sent (so the other field still saves).
  const fixed = useFixedSettings();
  const form = useSettingsForm<Values>({
    saved: { publicEndpoint: saved.publicEndpoint ?? '', portMapping: saved.portMapping },
    fixed,
    read: (values) => readDraft(values, READERS, saved, fixed),
    showSaved,
    onSaved,
    problems: boxedProblems(FIELDS, { invalid: CORRECT_IT, marked: CORRECT_IT }),
  });

  return (
    <form className={`${formSection.form} ${styles.form}`} noValidate onSubmit={(e) => void form.submit(e)} aria-label="Set the address yourself" data-testid="network-manual-form">
      <TextField
        label="Public URL of the task port"
        type="url"
        {...form.field('publicEndpoint')}
        placeholder="https://my-node.example.net"
        testId="public-url-input"
        hint={`For a tunnel, or http://<your public IP>:${port} after forwarding the port by hand. The directory checks it when the node registers. Leave empty to let the node find an address by itself.`}
      />
      <SelectField
        label="Router port mapping"
        options={MODE_OPTIONS}
        {...form.field('portMapping')}
        testId="port-mapping-mode"
        hint="Lets the node ask your router to open the task port by itself, and keep it open while the node runs. Choose Off if the router must not be changed."
      />
      <FormActions form={form} saveLabel="Save" savedText="Saved. The node checks its reachability again." saveTestId="network-save" statusTestId="network-save-status" />
    </form>
  );
}
