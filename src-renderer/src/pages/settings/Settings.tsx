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
import { useT } from '../../i18n/useT';
import { runSetupAgain } from '../../lib/setup-again';
import { toFormValues } from './settings-form';
import button from '../../components/ui/Button.module.css';
import styles from './Settings.module.css';

// Keyed on the form's fields only: a reconnect that brings back the same values must not wipe edits.
const formKey = (s: SettingsValues) => JSON.stringify(toFormValues(s));

/** The page's sections in order, as its index lists them; each card is saved on its own. */
const SECTIONS = [
  { id: 'node', title: 'settings.sections.node', draft: 'node' },
  { id: 'servers', title: 'settings.sections.servers' },
  { id: 'own-use', title: 'settings.sections.ownUse', draft: 'ownerFirst' },
  { id: 'identity', title: 'settings.sections.identity' },
  { id: 'membership', title: 'settings.sections.membership' },
  { id: 'appearance', title: 'settings.sections.appearance' },
  { id: 'login', title: 'settings.sections.login' },
  { id: 'notifications', title: 'settings.sections.notifications' },
  { id: 'updates', title: 'settings.sections.updates' },
  { id: 'setup', title: 'settings.sections.setup' },
  { id: 'about', title: 'settings.sections.about' },
  { id: 'danger', title: 'settings.sections.danger' },
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
  const t = useT();
  const settings = useSettings();

  return (
    <>
      <PageHeader title={t('settings.page.title')} subtitle={t('settings.page.subtitle')} />
      <SettingsIndex sections={SECTIONS} />

      <Section id="node">
        <Card title={t('settings.sections.node')}>
          <SettingsLoader {...settings}>
            {(loaded) => <SettingsForm key={formKey(loaded.saved)} {...loaded} />}
          </SettingsLoader>
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
        <Card title={t('settings.sections.membership')}>
          <MembershipSetting />
        </Card>
      </Section>

      <CardGrid>
        <Section id="appearance">
          <Card title={t('settings.sections.appearance')}>
            <div className={styles.stack}>
              <LanguagePicker />
              <ThemePicker />
            </div>
          </Card>
        </Section>

        <Section id="login">
          <Card title={t('settings.sections.login')}>
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
          <Card title={t('settings.sections.setup')}>
            <p>{t('settings.setup.intro')}</p>
            <button type="button" className={button.button} onClick={runSetupAgain}>
              {t('settings.setup.again')}
            </button>
          </Card>
        </Section>

        <Section id="about">
          <Card title={t('settings.sections.about')}>
            <AboutApp />
          </Card>
        </Section>
      </CardGrid>

      <Section id="danger">
        <Card title={t('settings.sections.danger')} className={styles.danger}>
          <RemoveNode />
        </Card>
      </Section>
    </>
  );
}
