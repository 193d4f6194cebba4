import type { Settings } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import type { SettingsState } from '../../hooks/useSettings';
import { useSettingsSave } from '../../hooks/useSettingsSave';
import { Card } from '../../components/ui/Card';
import { InstantChecks } from '../../components/InstantChecks';
import wayIn from './WayIn.module.css';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../../i18n/useT';

type Choice = 'relayFallback' | 'relayPlaintext' | 'quickTunnel';

const CHOICES: { key: Choice; label: MessageId; hint: MessageId }[] = [
  { key: 'relayFallback', label: 'network.fallback.relay', hint: 'network.fallback.relayHint' },
  { key: 'relayPlaintext', label: 'network.fallback.plaintext', hint: 'network.fallback.plaintextHint' },
  { key: 'quickTunnel', label: 'network.fallback.quickTunnel', hint: 'network.fallback.quickTunnelHint' },
];

/** The ladder's last rungs are the person's choice: each one saved as soon as it is switched. */
export function FallbackSettings({ state, replace }: { state: SettingsState; replace(settings: Settings): void }) {
  const t = useT();
  const fixed = useFixedSettings();
  const { store } = useSettingsSave(false, replace);
  if (state.status !== 'ready') return null;
  const s = state.settings;
  return (
    <Card title={t('network.fallback.title')} className={wayIn.card}>
      <InstantChecks
        checks={CHOICES.map((c) => ({
          key: c.key,
          label: t(c.label),
          hint: t(c.hint),
          checked: s[c.key],
          fixed: fixed.has(c.key),
          testId: `network-${c.key}`,
        }))}
        save={(key) => store({ [key]: !s[key] })}
      />
    </Card>
  );
}
