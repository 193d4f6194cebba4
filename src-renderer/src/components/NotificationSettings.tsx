import { useState } from 'react';
import type { Settings } from '../../../src-preload/contract';
import type { SettingsState } from '../hooks/useSettings';
import { useSettingsSave } from '../hooks/useSettingsSave';
import { useProviderStore } from '../store';
import { Card } from './Card';
import styles from './NotificationSettings.module.css';

type Switch = keyof Settings['notifications'];

const SWITCHES: { key: Switch; label: string; hint: string }[] = [
  { key: 'offline', label: 'Your node went offline, or is back online', hint: 'When the IICP directory cannot be reached for a minute, and when it can again.' },
  { key: 'backend', label: 'Your LLM server stopped, or is back', hint: 'When the server has not answered for a minute, and when it answers again.' },
  { key: 'reachability', label: 'Not reachable from the internet any more, or again', hint: 'When consumers lose the way in to your node for a minute, and when they have one again.' },
  { key: 'earnings', label: 'Earnings rejected', hint: 'When the IICP directory refuses the credits for tasks your node served.' },
];

/** One switch per kind of desktop notification, each saved as soon as it is switched (all on by default). */
export function NotificationSettings({ state, replace }: { state: SettingsState; replace(settings: Settings): void }) {
  const headless = useProviderStore((s) => s.appInfo?.host === 'headless');
  const [busy, setBusy] = useState<Switch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { store } = useSettingsSave(false, replace);
  if (state.status !== 'ready') return null;
  const current = state.settings.notifications;

  const flip = async (key: Switch) => {
    if (busy) return;
    setBusy(key);
    setError(null);
    const refused = await store({ notifications: { ...current, [key]: !current[key] } });
    if (refused) setError(refused.message);
    setBusy(null);
  };

  return (
    <Card title="Notifications">
      <p className="muted">
        {headless
          ? 'Running headless: there are no desktop notifications, so the Dashboard lists them instead. These choices apply when the desktop app runs with this data folder.'
          : 'The app tells you with a desktop notification; a click on it opens the page that says more. The Dashboard lists the recent ones too.'}
      </p>
      <div className={styles.choices}>
        {SWITCHES.map((s) => (
          <div key={s.key} className="condition">
            <label className="check">
              <input
                type="checkbox"
                checked={current[s.key]}
                disabled={busy === s.key}
                aria-describedby={`notification-hint-${s.key}`}
                data-testid={`notify-${s.key}`}
                onChange={() => void flip(s.key)}
              />
              <span>{s.label}</span>
            </label>
            <p id={`notification-hint-${s.key}`} className="check-hint">
              {s.hint}
            </p>
          </div>
        ))}
      </div>
      {error ? (
        <p className="result result-bad" role="alert">
          Not saved: {error}
        </p>
      ) : null}
    </Card>
  );
}
