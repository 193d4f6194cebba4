import type { Settings as SettingsValues } from '@shared/contract';
import { AboutApp } from './AboutApp';
import { Card } from '../../components/ui/Card';
import { LlmServers } from './LlmServers';
import { MembershipSetting } from './MembershipSetting';
import { NotificationSettings } from './NotificationSettings';
import { OperatorIdentitySettings } from './OperatorIdentitySettings';
import { OwnerFirstSettings } from './OwnerFirstSettings';
import { PageHeader } from '../../components/ui/PageHeader';
import { RemoveNode } from './RemoveNode';
import { SettingsForm } from './SettingsForm';
import { SettingsLoader } from '../../components/SettingsLoader';
import { StartAtLoginSetting } from './StartAtLoginSetting';
import { ThemePicker } from './ThemePicker';
import { UpdatesSetting } from './UpdatesSetting';
import { useSettings } from '../../hooks/useSettings';
import { navigate } from '../../routes';
import { useWizard } from '../setup/wizard-store';
import { toFormValues } from './settings-form';
import button from '../../components/ui/Button.module.css';
import styles from './Settings.module.css';

// Keyed on the form's fields only: a reconnect that brings back the same values must not wipe edits.
const formKey = (s: SettingsValues) => JSON.stringify(toFormValues(s));

export function Settings() {
  const settings = useSettings();

  return (
    <>
      <PageHeader title="Settings" />

      <Card title="Node settings">
        <SettingsLoader {...settings}>{(loaded) => <SettingsForm key={formKey(loaded.saved)} {...loaded} />}</SettingsLoader>
      </Card>

      <LlmServers replace={settings.replace} />

      <OwnerFirstSettings {...settings} />

      <OperatorIdentitySettings />

      <Card title="Trust-domain membership">
        <MembershipSetting />
      </Card>

      <Card title="Appearance">
        <ThemePicker />
      </Card>

      <Card title="Start at login">
        <StartAtLoginSetting />
      </Card>

      <NotificationSettings state={settings.state} replace={settings.replace} />

      <UpdatesSetting state={settings.state} replace={settings.replace} />

      <Card title="Setup">
        <p>The setup wizard walks you through connecting your LLM server and joining the network.</p>
        <button
          type="button"
          className={button.button}
          onClick={() => {
            useWizard.getState().reset();
            navigate('setup');
          }}
        >
          Run setup again
        </button>
      </Card>

      <Card title="About this app">
        <AboutApp />
      </Card>

      <Card title="Danger zone" className={styles.danger}>
        <RemoveNode />
      </Card>
    </>
  );
}
