import type { ReactNode } from 'react';
import type { Settings as SettingsValues } from '@shared/contract';
import { AboutApp } from './AboutApp';
import { Card, CardGrid } from '../../components/ui/Card';
import { LanguagePicker } from './LanguagePicker';
import { LlmServers } from './LlmServers';
import { MembershipSetting } from './MembershipSetting';
import { NotificationSettings } from './NotificationSettings';
import { OperatorIdentitySettings } from './OperatorIdentitySettings';
import { OwnerFirstSettings } from './OwnerFirstSettings';
import { PageHeader } from '../../components/ui/PageHeader';
import { RemoveNode } from './RemoveNode';
import { SettingsForm } from './SettingsForm';
import { SettingsIndex, sectionId, type SettingsSection } from './SettingsIndex';
import { SettingsLoader } from '../../components/SettingsLoader';
import { StartAtLoginSetting } from './StartAtLoginSetting';
import { ThemePicker } from './ThemePicker';
import { UpdatesSetting } from './UpdatesSetting';
import { useSettings } from '../../hooks/useSettings';
import { runSetupAgain } from '../../lib/setup-again';
import { toFormValues } from './settings-form';
import button from '../../components/ui/Button.module.css';
import styles from './Settings.module.css';

// Keyed on the form's fields only: a reconnect that brings back the same values must not wipe edits.
const formKey = (s: SettingsValues) => JSON.stringify(toFormValues(s));

/** The page's sections in order, as its index lists them; each card is saved on its own. */
const SECTIONS = [
  { id: 'node', title: 'Node settings', draft: 'node' },
  { id: 'servers', title: 'LLM servers' },
  { id: 'own-use', title: 'Your own use comes first', draft: 'ownerFirst' },
  { id: 'identity', title: 'Your operator identity' },
  { id: 'membership', title: 'Trust-domain membership' },
  { id: 'appearance', title: 'Appearance' },
  { id: 'login', title: 'Start at login' },
  { id: 'notifications', title: 'Notifications' },
  { id: 'updates', title: 'Updates' },
  { id: 'setup', title: 'Setup' },
  { id: 'about', title: 'About this app' },
  { id: 'danger', title: 'Danger zone' },
] as const satisfies readonly SettingsSection[];

type SectionId = (typeof SECTIONS)[number]['id'];

/** One section's place on the page, which its link in the index leads to. */
function Section({ id, children }: { id: SectionId; children: ReactNode }) {
  return (
    <div id={sectionId(id)} className={styles.section}>
      {children}
    </div>
  );
}

export function Settings() {
  const settings = useSettings();

  return (
    <>
      <PageHeader title="Settings" subtitle="Each card is saved on its own." />
      <SettingsIndex sections={SECTIONS} />

      <Section id="node">
        <Card title="Node settings">
          <SettingsLoader {...settings}>{(loaded) => <SettingsForm key={formKey(loaded.saved)} {...loaded} />}</SettingsLoader>
        </Card>
      </Section>

      <Section id="servers">
        <LlmServers replace={settings.replace} />
      </Section>

      <Section id="own-use">
        <OwnerFirstSettings {...settings} />
      </Section>

      <Section id="identity">
        <OperatorIdentitySettings />
      </Section>

      <Section id="membership">
        <Card title="Trust-domain membership">
          <MembershipSetting />
        </Card>
      </Section>

      <CardGrid>
        <Section id="appearance">
          <Card title="Appearance">
            <div className={styles.stack}>
              <LanguagePicker />
              <ThemePicker />
            </div>
          </Card>
        </Section>

        <Section id="login">
          <Card title="Start at login">
            <StartAtLoginSetting />
          </Card>
        </Section>

        <Section id="notifications">
          <NotificationSettings state={settings.state} replace={settings.replace} />
        </Section>

        <Section id="updates">
          <UpdatesSetting state={settings.state} replace={settings.replace} />
        </Section>

        <Section id="setup">
          <Card title="Setup">
            <p>The setup wizard walks you through connecting your LLM server and joining the network.</p>
            <button
              type="button"
              className={button.button}
              onClick={runSetupAgain}
            >
              Run setup again
            </button>
          </Card>
        </Section>

        <Section id="about">
          <Card title="About this app">
            <AboutApp />
          </Card>
        </Section>
      </CardGrid>

      <Section id="danger">
        <Card title="Danger zone" className={styles.danger}>
          <RemoveNode />
        </Card>
      </Section>
    </>
  );
}
