import type { Settings } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import type { SettingsState } from '../../hooks/useSettings';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import { Card } from '../../components/ui/Card';
import { InstantChecks } from '../../components/InstantChecks';
import wayIn from './WayIn.module.css';

type Choice = 'relayFallback' | 'relayPlaintext' | 'quickTunnel';

const CHOICES: { key: Choice; label: string; hint: string }[] = [
  {
    key: 'relayFallback',
    label: 'Serve through a relay when nothing else works',
    hint: 'For connections behind carrier-grade NAT or a router without UPnP. Encrypted tasks stay unreadable to the relay; answers take a little longer.',
  },
  {
    key: 'relayPlaintext',
    label: 'Also accept unencrypted tasks through a relay',
    hint: 'The relay could read them. Official consumers encrypt by default, so leaving this off costs little.',
  },
  {
    key: 'quickTunnel',
    label: 'Use a Cloudflare quick tunnel (cloudflared) before a relay',
    hint: 'Needs cloudflared installed; the app never downloads it. Cloudflare carries the traffic and the address changes at every start.',
  },
];

/** The ladder's last rungs are the person's choice: each one saved as soon as it is switched. */
export function FallbackSettings({ state, replace }: { state: SettingsState; replace(settings: Settings): void }) {
  const fixed = useFixedSettings();
  const { store } = useSettingsSave(false, replace);
  if (state.status !== 'ready') return null;
  const s = state.settings;
  return (
    <Card title="When there is no direct way in" className={wayIn.card}>
      <InstantChecks
        checks={CHOICES.map((c) => ({ ...c, checked: s[c.key], fixed: fixed.has(c.key), testId: `network-${c.key}` }))}
        save={(key) => store({ [key]: !s[key] })}
      />
    </Card>
  );
}
