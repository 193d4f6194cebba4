import type { ReactNode } from 'react';
import type { Tone } from '../format';
import { StatusBadge } from './ui/StatusBadge';
import button from './ui/Button.module.css';
import common from './ui/common.module.css';
import { useT } from '../i18n/useT';

interface RunProps {
  label: string;
  testId: string;
  /** The check is running: the button says "Checking…". */
  busy: boolean;
  /** The button does nothing now (running, or no node to check). */
  blocked: boolean;
  onRun(): void;
  /** Why the check could not run, after `failedWords` beside the button. */
  error: string | null;
  failedWords: string;
  className: string | undefined;
}

/** A check's button, and beside it why the check could not run. */
export function CheckRun({ label, testId, busy, blocked, onRun, error, failedWords, className }: RunProps) {
  const t = useT();
  return (
    <div className={className}>
      <button
        type="button"
        className={button.button}
        data-testid={testId}
        aria-disabled={blocked || undefined}
        onClick={onRun}
      >
        {busy ? t('components.check.checking') : label}
      </button>
      {error ? (
        <span className={`${common.result} ${common.resultBad}`} role="alert">
          {failedWords}: {error}
        </span>
      ) : null}
    </div>
  );
}

interface StepProps {
  testId: string;
  outcome: string;
  /** What was checked, before its verdict. */
  label: string;
  verdict: { label: string; tone: Tone };
  /** The classes of the label line and of the words under it. */
  classes: { head: string | undefined; words: string | undefined };
  /** What was found, in words. */
  children: ReactNode;
}

/** One step of a check's report: what was checked and its verdict, then what was found. */
export function CheckStep({ testId, outcome, label, verdict, classes, children }: StepProps) {
  return (
    <li data-testid={testId} data-outcome={outcome}>
      <span className={classes.head}>
        {label}: <StatusBadge tone={verdict.tone}>{verdict.label}</StatusBadge>
      </span>
      <span className={classes.words}>{children}</span>
    </li>
  );
}
