import type { FleetInfo, FleetMachine } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
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
  const { step, run: forget } = useCommand(
    (api) => api.forgetMachine({ nodeId: machine.nodeId }),
    (info) => {
      onDone(info);
      return { kind: 'idle' };
    },
  );

  return (
    <ConfirmPanel
      title={t('fleet.forget.title')}
      confirmLabel={t('fleet.forget.confirm')}
      busyLabel={t('fleet.forget.busy')}
      busy={step.kind === 'busy'}
      unavailable={!connected}
      error={step.kind === 'failed' ? t('fleet.forget.failed', { message: step.message }) : null}
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
