import { useId, useState } from 'react';
import type { NodeSnapshot } from '../../../src-preload/contract';
import { getApi } from '../api';
import { formatFullTimestamp } from '../format';
import { useProviderStore } from '../store';

const RUNNING = new Set<NodeSnapshot['state']>(['online', 'paused', 'degraded']);

/**
 * The person's on/off switch. It shows the engine's `available` flag, never a guess: a click sends the
 * command and the switch moves when the snapshot in the answer (or the next push) says so.
 */
export function AvailabilitySwitch({ snapshot }: { snapshot: NodeSnapshot }) {
  const labelId = useId();
  const hintId = useId();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const applySnapshot = useProviderStore((s) => s.applySnapshot);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const { available, pausedUntil } = snapshot;
  const usable = connected && RUNNING.has(snapshot.state);
  // aria-disabled rather than disabled: a disabled button drops keyboard focus mid-click.
  const inert = busy || !usable;

  const toggle = async () => {
    if (inert) return;
    setBusy(true);
    setError(null);
    const api = getApi();
    const result = available ? await api.pause({}) : await api.resume({});
    if (result.ok) applySnapshot(result.value);
    else setError(result.error.message);
    setBusy(false);
  };

  let hint: string;
  if (!usable) hint = connected ? `The switch works once the node is running.` : 'The switch works again once reconnected.';
  else if (available) hint = 'Your node accepts work from the network when it can.';
  else if (pausedUntil) hint = `Paused until ${formatFullTimestamp(pausedUntil)}.`;
  else hint = 'Your node takes no new work until you switch it back on.';

  return (
    <div className="switch-field">
      <div className="switch-row">
        <span id={labelId} className="switch-label">
          Available
        </span>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={available}
          aria-labelledby={labelId}
          aria-describedby={hintId}
          aria-disabled={inert || undefined}
          aria-busy={busy || undefined}
          data-testid="availability-switch"
          onClick={() => void toggle()}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span className="switch-state" aria-hidden="true">
            {busy ? 'Switching…' : available ? 'On' : 'Off'}
          </span>
        </button>
      </div>
      <p id={hintId} className="switch-hint">
        {hint}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
