import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import type { SettingsState } from '../../hooks/useSettings';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import type { MessageId } from '@shared/i18n/catalogue';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { Card } from '../../components/ui/Card';
import { InstantChecks } from '../../components/InstantChecks';
import common from '../../components/ui/common.module.css';

type Switch = keyof Settings['notifications'];

const SWITCHES: { key: Switch; label: MessageId; hint: MessageId }[] = [
  { key: 'offline', label: 'settings.notify.offline.label', hint: 'settings.notify.offline.hint' },
  { key: 'backend', label: 'settings.notify.backend.label', hint: 'settings.notify.backend.hint' },
  { key: 'reachability', label: 'settings.notify.reachability.label', hint: 'settings.notify.reachability.hint' },
  { key: 'earnings', label: 'settings.notify.earnings.label', hint: 'settings.notify.earnings.hint' },
  { key: 'fleet', label: 'settings.notify.fleet.label', hint: 'settings.notify.fleet.hint' },
];

/** One switch per kind of desktop notification, each saved as soon as it is switched (all on by default). */
export function NotificationSettings({ state, replace }: { state: SettingsState; replace(settings: Settings): void }) {
  const t = useT();
  const headless = useProviderStore((s) => s.appInfo?.host === 'headless');
  const { store } = useSettingsSave(false, replace);
  if (state.status !== 'ready') return null;
  // A switch an older host does not send yet is on, as it is by default.
  const current = { ...DEFAULT_SETTINGS.notifications, ...state.settings.notifications };
  return (
    <Card title={t('settings.notify.title')}>
      <p className={common.muted}>{t(headless ? 'settings.notify.headless' : 'settings.notify.desktop')}</p>
      <InstantChecks
        checks={SWITCHES.map((s) => ({
          key: s.key,
          label: t(s.label),
          hint: t(s.hint),
          checked: current[s.key],
          testId: `notify-${s.key}`,
        }))}
        save={(key) => store({ notifications: { ...current, [key]: !current[key] } })}
      />
    </Card>
  );
}
