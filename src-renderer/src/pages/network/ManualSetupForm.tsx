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
import { useT } from '../../i18n/useT';

type Values = { publicEndpoint: string; portMapping: PortMappingMode };
const FIELDS = ['publicEndpoint', 'portMapping'] as const;
/** The public URL as an address or none; the port mapping as chosen. */
const READERS: Readers<Values> = { publicEndpoint: parsePublicUrl, portMapping: asIs };

/**
 * The manual way in: a public URL the person already has (a tunnel, or a port forwarded by hand), and
 * whether the node may ask the router to open the port. The parent remounts it (via `key`) on new settings.
 */
export function ManualSetupForm({ saved, onSaved, showSaved }: LoadedSettings) {
  const t = useT();
  const correctIt = t('network.manual.correctIt');
  const port = useProviderStore((s) => s.snapshot?.reachability.taskPort ?? null) ?? saved.taskPort;
  // Fixed for this run by the host: shown as stored, not editable, and never sent (so the other field still saves).
  const fixed = useFixedSettings();
  const form = useSettingsForm<Values>({
    saved: { publicEndpoint: saved.publicEndpoint ?? '', portMapping: saved.portMapping },
    fixed,
    read: (values) => readDraft(values, READERS, saved, fixed),
    showSaved,
    onSaved,
    problems: boxedProblems(FIELDS, { invalid: correctIt, marked: correctIt }),
  });

  return (
    <form
      className={`${formSection.form} ${styles.form}`}
      noValidate
      onSubmit={(e) => void form.submit(e)}
      aria-label={t('network.manual.title')}
      data-testid="network-manual-form"
    >
      <TextField
        label={t('network.manual.urlLabel')}
        type="url"
        {...form.field('publicEndpoint')}
        // not-shown: an example address, the same in every language
        placeholder="https://my-node.example.net"
        testId="public-url-input"
        hint={t('network.manual.urlHint', { ip: `<${t('network.guidance.yourPublicIp')}>`, port: String(port) })}
      />
      <SelectField
        label={t('network.mappingCard.title')}
        options={PORT_MAPPING_MODES.map((value) => ({ value, label: PORT_MAPPING_WORDS[value] }))}
        {...form.field('portMapping')}
        testId="port-mapping-mode"
        hint={t('network.manual.mappingHint')}
      />
      <FormActions
        form={form}
        saveLabel={t('common.save')}
        savedText={t('network.manual.saved')}
        saveTestId="network-save"
        statusTestId="network-save-status"
      />
    </form>
  );
}
