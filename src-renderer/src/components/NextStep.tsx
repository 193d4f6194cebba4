import { useState } from 'react';
import type { StatusAction } from '../../../src-preload/status-sentence';
import { getApi, getBridge } from '../api';
import { routeHref } from '../routes';
import styles from './NextStep.module.css';

/** The sentence's next step: a page to open, or something the node can do at once. */
export function NextStep({ action, testId = 'status-action' }: { action: StatusAction; testId?: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (action.kind === 'route') {
    return (
      <p className={styles.actions}>
        <a className="button" href={routeHref(action.route)} data-testid={testId}>
          {action.label}
        </a>
      </p>
    );
  }
  const run = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      if (action.kind === 'reconnect') {
        getBridge()?.retryNow();
        return;
      }
      const r = action.command === 'resume' ? await getApi().resume({}) : await getApi().checkAgain({});
      if (!r.ok) setProblem(r.error.message);
    } finally {
      setBusy(false);
    }
  };
  // Without a bridge (the desktop window) reconnecting is the shell's business; there is nothing to press.
  if (action.kind === 'reconnect' && !getBridge()) return null;
  return (
    <div className={styles.actions}>
      <button type="button" className="button" data-testid={testId} onClick={() => void run()} aria-disabled={busy || undefined}>
        {busy ? 'Working…' : action.label}
      </button>
      {problem ? (
        <span className={styles.problem} role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
