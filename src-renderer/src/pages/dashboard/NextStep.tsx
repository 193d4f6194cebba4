import type { StatusAction } from '@shared/words/status-sentence';
import { getApi, getBridge } from '../../api';
import { routeHref } from '../../routes';
import { CommandButton } from '../../components/ui/CommandButton';
import button from '../../components/ui/Button.module.css';
import styles from './NextStep.module.css';

/** The sentence's next step: a page to open, or something the node can do at once. */
export function NextStep({ action, testId = 'status-action' }: { action: StatusAction; testId?: string }) {
  if (action.kind === 'route') {
    return (
      <p className={styles.actions}>
        <a className={button.button} href={routeHref(action.route)} data-testid={testId}>
          {action.label}
        </a>
      </p>
    );
  }
  const bridge = getBridge();
  // Without a bridge (the desktop window) reconnecting is the shell's business; there is nothing to press.
  if (action.kind === 'reconnect' && !bridge) return null;
  const run =
    action.kind === 'reconnect'
      ? () => bridge?.retryNow()
      : action.command === 'resume'
        ? () => getApi().resume({})
        : action.command === 'restartEngine'
          ? () => getApi().restartEngine({})
          : action.command === 'shareAnyway'
            ? () => getApi().shareAnyway({ minutes: 60 })
            : () => getApi().checkAgain({});
  return (
    <div className={styles.actions}>
      <CommandButton label={action.label} testId={testId} run={run} />
    </div>
  );
}
