import { useState } from 'react';
import type { FleetInfo, FleetMachine } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
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
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  const forget = async () => {
    setBusy(true);
    setFailed(null);
    const result = await getApi().forgetMachine({ nodeId: machine.nodeId });
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setFailed(t('fleet.forget.failed', { message: result.error.message }));
  };

  return (
    <ConfirmPanel
      title={t('fleet.forget.title')}
      confirmLabel={t('fleet.forget.confirm')}
      busyLabel={t('fleet.forget.busy')}
      busy={busy}
      unavailable={!connected}
      error={failed}
      onConfirm={() => void forget()}
      onCancel={onCancel}
      testId="machine-forget"
      confirmTestId="machine-forget-confirm"
    >
      <p>
        <Words id="fleet.forget.leaves" tags={{ name: () => <bdi>{name}</bdi> }} />
      </p>
      <p>{t('fleet.forget.nothing')}</p>
    </ConfirmPanel>
  );
}
