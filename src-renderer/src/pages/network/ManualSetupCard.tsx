import type { Settings } from '@shared/contract';
import type { SettingsState } from '../../hooks/useSettings';
import { Card } from '../../components/ui/Card';
import { SettingsLoader } from '../../components/SettingsLoader';
import { ManualSetupForm } from './ManualSetupForm';
import { useT } from '../../i18n/useT';

// Keyed on the form's own fields: a reconnect that brings back the same values must not wipe edits.
const formKey = (s: Settings) => JSON.stringify([s.publicEndpoint, s.portMapping]);

interface Props {
  state: SettingsState;
  connected: boolean;
  reload(): void;
  replace(settings: Settings): void;
}

/** The manual fallback, loaded from the stored settings (with the usual loading and error states). */
export function ManualSetupCard(settings: Props) {
  const t = useT();
  return (
    <Card title={t('network.manual.title')}>
      <SettingsLoader {...settings}>
        {(loaded) => <ManualSetupForm key={formKey(loaded.saved)} {...loaded} />}
      </SettingsLoader>
    </Card>
  );
}
