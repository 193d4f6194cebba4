import type { NodeSnapshot } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { CommandButton } from '../../components/ui/CommandButton';
import { SwitchField } from '../../components/ui/SwitchField';
import button from '../../components/ui/Button.module.css';
import styles from './AvailabilitySwitch.module.css';
import { useT } from '../../i18n/useT';

const RUNNING = new Set<NodeSnapshot['state']>(['online', 'paused', 'degraded']);
/** "Pause for 1 hour", as in the tray's Pause menu. */
export const PAUSE_HOUR_MS = 3_600_000;

const pauseForAnHour = () => getApi().pause({ untilMs: Date.now() + PAUSE_HOUR_MS });

/**
 * The person's on/off switch, with "Pause for 1 hour" beside it while on. During a pause the status sentence beside
 * it says until when and offers "Resume now", so the switch does not repeat either. It shows the engine's
 * `available` flag, never a guess: a click sends the command and the switch moves when the snapshot in the answer
 * (or the next push) says so.
 */
export function AvailabilitySwitch({ snapshot }: { snapshot: NodeSnapshot }) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');

  const { available, pausedUntil } = snapshot;
  const usable = connected && RUNNING.has(snapshot.state);

  let hint: string;
  if (!usable) hint = connected ? t('dashboard.switch.notRunning') : t('dashboard.switch.notConnected');
  else if (available) hint = t('dashboard.switch.on');
  else if (pausedUntil) hint = t('dashboard.switch.pausedUntil');
  else hint = t('dashboard.switch.off');

  return (
    <div className={styles.box} data-testid="availability-box">
      <SwitchField
        label={t('dashboard.switch.label')}
        className={styles.switch}
        on={available}
        unavailable={!usable}
        hint={hint}
        busyLabel={t('dashboard.switch.busy')}
        testId="availability-switch"
        toggle={() => (available ? getApi().pause({}) : getApi().resume({}))}
      />
      {usable && available ? (
        <CommandButton
          label={t('dashboard.switch.pauseHour')}
          busyLabel={t('dashboard.switch.busy')}
          testId="pause-hour"
          className={`${button.small} ${styles.action}`}
          run={pauseForAnHour}
        />
      ) : null}
    </div>
  );
}
