import { useEffect, useId, useRef } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import common from '../../components/ui/common.module.css';
import button from '../../components/ui/Button.module.css';
import formActions from '../../components/ui/FormActions.module.css';
import styles from './RemoveNode.module.css';

/** Beside useCommand's idle, busy (removing) and failed: the question asked, and the engine's answer. */
type Step = { kind: 'confirming' } | { kind: 'done'; removed: boolean; message: string };

/**
 * The one irreversible action: deregistering the node at the directory. It takes two clicks with the
 * consequence spelled out in between, and the engine's answer is shown as it comes.
 */
export function RemoveNode() {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const headingId = useId();
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  // The panel goes away with the answer; keep keyboard focus on the button that replaces it.
  const answered = () => {
    returnFocus.current = true;
  };
  const { step, setStep, run } = useCommand<{ removed: boolean; message: string }, Step>(
    (api) => api.removeNode({ confirm: true }),
    (value) => {
      answered();
      return { kind: 'done', ...value };
    },
    answered,
  );

  useEffect(() => {
    if (step.kind === 'confirming') confirmHeading.current?.focus();
    else if (step.kind !== 'busy' && returnFocus.current) {
      returnFocus.current = false;
      openButton.current?.focus();
    }
  }, [step.kind]);

  const cancel = () => {
    returnFocus.current = true;
    setStep({ kind: 'idle' });
  };

  const remove = () => {
    if (step.kind === 'confirming') void run();
  };

  const confirming = step.kind === 'confirming' || step.kind === 'busy';

  return (
    <div className={styles.zone} data-testid="remove-node">
      <p>
        <Words id="settings.removeNode.intro" tags={{ b: (c) => <strong>{c}</strong> }} />
      </p>
      <p className={common.muted}>{t('settings.removeNode.note')}</p>

      {!confirming ? (
        <button
          ref={openButton}
          type="button"
          className={button.dangerOutline}
          aria-disabled={!connected || undefined}
          onClick={() => {
            if (connected) setStep({ kind: 'confirming' });
          }}
        >
          {t('settings.removeNode.open')}
        </button>
      ) : (
        <div
          className={styles.panel}
          role="group"
          aria-labelledby={headingId}
          onKeyDown={(e) => e.key === 'Escape' && step.kind === 'confirming' && cancel()}
        >
          <h3 id={headingId} ref={confirmHeading} tabIndex={-1} className={styles.title}>
            {t('settings.removeNode.question')}
          </h3>
          <p>{t('settings.removeNode.consequence')}</p>
          <div className={formActions.actions}>
            <button
              type="button"
              className={button.danger}
              aria-disabled={step.kind === 'busy' || !connected || undefined}
              onClick={remove}
            >
              {t(step.kind === 'busy' ? 'settings.removeNode.busy' : 'settings.removeNode.yes')}
            </button>
            <button
              type="button"
              className={button.button}
              aria-disabled={step.kind === 'busy' || undefined}
              onClick={() => step.kind === 'confirming' && cancel()}
            >
              {t('settings.removeNode.cancel')}
            </button>
          </div>
        </div>
      )}

      <div role="status">
        {step.kind === 'done' ? (
          <p
            className={step.removed ? `${common.result} ${common.resultOk}` : `${common.result} ${common.resultWarn}`}
            data-testid="remove-node-result"
            data-removed={step.removed}
          >
            {step.message}
          </p>
        ) : step.kind === 'failed' ? (
          <p className={`${common.result} ${common.resultBad}`} data-testid="remove-node-result" data-removed="false">
            {t('settings.removeNode.failed', { why: step.message })}
          </p>
        ) : null}
      </div>
    </div>
  );
}
