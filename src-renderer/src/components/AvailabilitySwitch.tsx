import { useState } from 'react';
import type { NodeSnapshot, Result } from '../../../src-preload/contract';
import { getApi } from '../api';
import { useProviderStore } from '../store';
import { SwitchField } from './SwitchField';
import styles from './AvailabilitySwitch.module.css';

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
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const applySnapshot = useProviderStore((s) => s.applySnapshot);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const { available, pausedUntil } = snapshot;
  const usable = connected && RUNNING.has(snapshot.state);

  let hint: string;
  if (!usable) hint = connected ? `The switch works once the node is running.` : 'The switch works again once reconnected.';
  else if (available) hint = 'Your node accepts work from the network when it can.';
  else if (pausedUntil) hint = 'It switches back on by itself at the end of the pause.';
  else hint = 'Your node takes no new work until you switch it back on.';

  const send = async (command: () => Promise<Result<NodeSnapshot>>) => {
    if (busy || !usable) return;
    setBusy(true);
    setError(null);
    const result = await command();
    if (result.ok) applySnapshot(result.value);
    else setError(result.error.message);
    setBusy(false);
  };

  const action: { label: string; testId: string; run: () => Promise<Result<NodeSnapshot>> } | null =
    usable && available ? { label: 'Pause for 1 hour', testId: 'pause-hour', run: pauseForAnHour } : null;

  return (
    <div className={styles.box} data-testid="availability-box">
      <SwitchField
        label="Available"
        on={available}
        unavailable={!usable}
        hint={hint}
        busyLabel="Switching…"
        testId="availability-switch"
        toggle={() => (available ? getApi().pause({}) : getApi().resume({}))}
      />
      {action ? (
        <button
          type="button"
          className={`button button-small ${styles.action}`}
          data-testid={action.testId}
          aria-disabled={busy || undefined}
          onClick={() => void send(action.run)}
        >
          {busy ? 'Switching…' : action.label}
        </button>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
