import { useEffect } from 'react';
import type { Tone } from '../../format';
import { SAVED_AT_START } from './network-step-words';
import { describeError } from './wizard-logic';
import { useWizard, type DirectoryCheckState } from './wizard-store';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { TextField } from '../../components/ui/TextField';
import wizard from './Wizard.module.css';
import common from '../../components/ui/common.module.css';
import button from '../../components/ui/Button.module.css';
import styles from './DirectoryCheckPanel.module.css';

/** What the check's state says at a glance, and in a sentence. */
export function directoryCheckWords(check: DirectoryCheckState): { tone: Tone; label: string; words: string; ok: boolean | null } {
  switch (check.status) {
    case 'idle':
      return { tone: 'neutral', label: 'Not checked', words: 'The directory has not been checked yet.', ok: null };
    case 'running':
      return { tone: 'neutral', label: 'Checking…', words: 'Asking the directory whether it answers…', ok: null };
    case 'failed':
      return { tone: 'warn', label: 'Not checked', words: `The check itself did not work. ${describeError(check.error).summary}`, ok: null };
    case 'done':
      return check.result.ok
        ? { tone: 'ok', label: 'Answers', words: check.result.words, ok: true }
        : { tone: 'bad', label: 'Does not answer', words: check.result.words, ok: false };
  }
}

/** What happens when the node is started while the directory does not answer; said here and again before "Start". */
export const DIRECTORY_DOWN_OUTCOME =
  'You can still start: the node will serve locally and keep trying to reach the directory, and registers by itself once it answers.';

interface Props {
  /** The saved address, checked as the step opens. */
  savedUrl: string;
  /** What the address field holds (the saved address until changed). */
  text: string;
  fixed: boolean;
  error: string | undefined;
  onText(text: string): void;
  /** Validates the typed address; returns it, or null after marking the field. */
  validate(): string | null;
}

/**
 * The network step's directory part: whether the directory answers (checked as the step opens, and again on request)
 * in words, what starting anyway means when it does not, and the address, changeable behind "Use another directory".
 */
export function DirectoryCheckPanel({ savedUrl, text, fixed, error, onText, validate }: Props) {
  const check = useWizard((s) => s.directoryCheck);
  const checkDirectory = useWizard((s) => s.checkDirectory);
  const checkedUrl = check.status === 'idle' ? null : check.url;

  // Checked as the step opens (and when the saved address changes); later only on request.
  useEffect(() => {
    if (savedUrl && checkedUrl === null) void checkDirectory(savedUrl);
  }, [savedUrl, checkedUrl, checkDirectory]);

  const shown = directoryCheckWords(check);
  const detail = check.status === 'done' ? check.result.details : null;
  const stale = checkedUrl !== null && checkedUrl !== text.trim();

  return (
    <section className={`${wizard.part} ${styles.directory}`} data-testid="wizard-directory" data-status={check.status === 'done' ? (check.result.ok ? 'ok' : 'failed') : check.status} aria-labelledby="wizard-directory-title">
      <h3 id="wizard-directory-title" className={common.subheading}>
        The network directory
      </h3>
      <p>Your node registers with the directory, which tells consumers about it. It is checked here, before you start.</p>
      <div className={`${wizard.box} ${styles.checkBox}`} aria-live="polite" aria-busy={check.status === 'running' || undefined}>
        <p className={styles.checkHead}>
          <StatusBadge tone={shown.tone}>{shown.label}</StatusBadge>
          {checkedUrl ? <code className={styles.address} title={checkedUrl}>{checkedUrl}</code> : null}
        </p>
        <p data-testid="wizard-directory-words">{shown.words}</p>
        {shown.ok === false ? (
          <p className={styles.outcome} data-testid="wizard-directory-outcome">
            {DIRECTORY_DOWN_OUTCOME}
          </p>
        ) : null}
        {stale ? <p className={common.note}>This was the address checked before; check again for the one entered below.</p> : null}
        <div className={styles.checkActions}>
          <button
            type="button"
            className={button.small}
            data-testid="wizard-directory-check"
            aria-disabled={check.status === 'running' || undefined}
            onClick={() => {
              if (check.status === 'running') return;
              const target = validate();
              if (target) void checkDirectory(target);
            }}
          >
            Check again
          </button>
          {detail || check.status === 'done' ? (
            <details className={styles.details}>
              <summary>Details</summary>
              <p>
                Asked <code className={common.break}>{checkedUrl}</code>
                {detail ? ` — ${detail}` : ''}
                {check.status === 'done' && check.result.ms !== null ? `, ${check.result.ms} ms` : ''}.
              </p>
            </details>
          ) : null}
        </div>
      </div>
      <details className={styles.other} open={text !== savedUrl || !!error || undefined}>
        <summary>Use another directory</summary>
        <TextField
          label="Directory address"
          type="url"
          value={text}
          fixed={fixed}
          onChange={onText}
          error={error}
          testId="directory-url"
          hint={fixed ? undefined : `Only for a directory of your own or your organisation. ${SAVED_AT_START}`}
        />
      </details>
    </section>
  );
}
