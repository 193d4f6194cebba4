import type { OperatorInfo } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { ConfirmPanel } from '../../components/ui/ConfirmPanel';

/**
 * A new key pair for the same display name, after the consequence is spelled out: the directory moves the identity to
 * the new key and refuses the old one from then on, so the person's other computers must import the new file.
 */
export function OperatorRotate({ onDone, onCancel }: { onDone(info: OperatorInfo): void; onCancel(): void }) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const { step, run } = useCommand(
    (api) => api.rotateOperator({ confirm: true }),
    (info) => {
      onDone(info);
      return { kind: 'idle' };
    },
  );

  return (
    <ConfirmPanel
      title={t('settings.rotate.title')}
      confirmLabel={t('settings.rotate.yes')}
      busyLabel={t('settings.rotate.busy')}
      kind="danger"
      warn
      busy={step.kind === 'busy'}
      unavailable={!connected}
      error={step.kind === 'failed' ? step.message : null}
      onConfirm={() => void run()}
      onCancel={onCancel}
      testId="operator-rotate"
      confirmTestId="operator-rotate-confirm"
    >
      <p>{t('settings.rotate.when')}</p>
      <p>{t('settings.rotate.moves')}</p>
      <p>{t('settings.rotate.others')}</p>
    </ConfirmPanel>
  );
}
