import type { NodeSnapshot } from '../../../src-preload/contract';
import { getApi } from '../api';
import { formatFullTimestamp } from '../format';
import { useProviderStore } from '../store';
import { SwitchField } from './SwitchField';

const RUNNING = new Set<NodeSnapshot['state']>(['online', 'paused', 'degraded']);

/**
 * The person's on/off switch. It shows the engine's `available` flag, never a guess: a click sends the
 * command and the switch moves when the snapshot in the answer (or the next push) says so.
 */
export function AvailabilitySwitch({ snapshot }: { snapshot: NodeSnapshot }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');

  const { available, pausedUntil } = snapshot;
  const usable = connected && RUNNING.has(snapshot.state);

  let hint: string;
  if (!usable) hint = connected ? `The switch works once the node is running.` : 'The switch works again once reconnected.';
  else if (available) hint = 'Your node accepts work from the network when it can.';
  else if (pausedUntil) hint = `Paused until ${formatFullTimestamp(pausedUntil)}.`;
  else hint = 'Your node takes no new work until you switch it back on.';

  return (
    <SwitchField
      label="Available"
      on={available}
      unavailable={!usable}
      hint={hint}
      busyLabel="Switching…"
      testId="availability-switch"
      toggle={() => (available ? getApi().pause({}) : getApi().resume({}))}
    />
  );
}
