import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './RecheckButton.module.css';
import { useT } from '../../i18n/useT';

/**
 * Runs the reachability ladder again (after a port was forwarded by hand, or the router restarted). The
 * host answers with a snapshot, which goes through the store like any other, so the page shows the engine's
 * state and never a guess of its own.
 */
export function RecheckButton({ checking }: { checking: boolean }) {
  const t = useT();
  const command = useCommand(
    (api) => api.recheckReachability({}),
    (snapshot) => {
      useProviderStore.getState().applySnapshot(snapshot);
      return { kind: 'idle' as const };
    },
  );
  const { step } = command;
  const blocked = command.blocked || checking;
  const recheck = async () => {
    if (!checking) await command.run();
  };

  return (
    <div className={styles.recheck}>
      <button
        type="button"
        className={button.button}
        data-testid="network-recheck"
        aria-disabled={blocked || undefined}
        onClick={() => void recheck()}
      >
        {step.kind === 'busy' || checking ? t('network.status.checking') : t('network.recheck.again')}
      </button>
      <p className={styles.result} role="status" data-testid="network-recheck-result">
        {step.kind === 'failed' ? (
          <span className={`${common.result} ${common.resultBad}`}>
            {t('network.recheck.failed', { message: step.message })}
          </span>
        ) : null}
      </p>
    </div>
  );
}
