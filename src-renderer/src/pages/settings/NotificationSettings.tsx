import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import type { SettingsState } from '../../hooks/useSettings';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { InstantChecks } from '../../components/InstantChecks';
import common from '../../components/ui/common.module.css';

type Switch = keyof Settings['notifications'];

const SWITCHES: { key: Switch; label: string; hint: string }[] = [
  { key: 'offline', label: 'Your node lost contact with the IICP directory, or has it again', hint: 'When the IICP directory cannot be reached for a minute, and when it can again.' },
  { key: 'backend', label: 'Your LLM server stopped, or is back', hint: 'When the server has not answered for a minute, and when it answers again.' },
  { key: 'reachability', label: 'Not reachable from the internet any more, or again', hint: 'When consumers lose the way in to your node for a minute, and when they have one again.' },
  { key: 'earnings', label: 'Earnings rejected', hint: 'When the IICP directory refuses the credits for tasks your node served.' },
  {
    key: 'fleet',
    label: 'One of my machines stops inside its availability window',
    hint: 'When another computer under your operator identity is not heard while its schedule says it should be on, and when it is back. Asleep outside its window is as planned and says nothing.',
  },
];

/** One switch per kind of desktop notification, each saved as soon as it is switched (all on by default). */
export function NotificationSettings({ state, replace }: { state: SettingsState; replace(settings: Settings): void }) {
  const headless = useProviderStore((s) => s.appInfo?.host === 'headless');
  const { store } = useSettingsSave(false, replace);
  if (state.status !== 'ready') return null;
  // A switch an older host does not send yet is on, as it is by default.
  const current = { ...DEFAULT_SETTINGS.notifications, ...state.settings.notifications };
  return (
    <Card title="Notifications">
      <p className={common.muted}>
        {headless
          ? 'Running headless: there are no desktop notifications, so the Dashboard lists them instead. These choices apply when the desktop app runs with this data folder.'
          : 'The app tells you with a desktop notification; a click on it opens the page that says more. The Dashboard lists the recent ones too.'}
      </p>
      <InstantChecks
        checks={SWITCHES.map((s) => ({ ...s, checked: current[s.key], testId: `notify-${s.key}` }))}
        save={(key) => store({ notifications: { ...current, [key]: !current[key] } })}
      />
    </Card>
  );
}
