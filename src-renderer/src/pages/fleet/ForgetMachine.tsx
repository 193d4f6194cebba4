import { useState } from 'react';
import type { FleetInfo, FleetMachine } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { ConfirmPanel } from '../../components/ui/ConfirmPanel';

interface Props {
  machine: FleetMachine;
  /** Its name as shown. */
  name: string;
  onDone(info: FleetInfo): void;
  onCancel(): void;
}

/** "Forget this machine?": it leaves this computer's list, and comes back if this computer meets it again. */
export function ForgetMachine({ machine, name, onDone, onCancel }: Props) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  const forget = async () => {
    setBusy(true);
    setFailed(null);
    const result = await getApi().forgetMachine({ nodeId: machine.nodeId });
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setFailed(`The machine was not forgotten: ${result.error.message}`);
  };

  return (
    <ConfirmPanel
      title="Forget this machine?"
      confirmLabel="Yes, forget it"
      busyLabel="Forgetting…"
      busy={busy}
      unavailable={!connected}
      error={failed}
      onConfirm={() => void forget()}
      onCancel={onCancel}
      testId="machine-forget"
      confirmTestId="machine-forget-confirm"
    >
      <p>
        <bdi>{name}</bdi> leaves this computer’s list, and this computer stops telling you when it is down.
      </p>
      <p>Nothing changes on the machine itself. It comes back to the list if this computer meets it again, in the directory’s answers or in another of your machines’ lists.</p>
    </ConfirmPanel>
  );
}
