import { useEffect } from 'react';
import type { Tone } from '../../format';
import { sayNow } from '@shared/i18n/current';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { describeError } from './wizard-logic';
import { useWizard } from './wizard-store';
import type { DirectoryCheckState } from './wizard-state';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { TextField } from '../../components/ui/TextField';
import wizard from './Wizard.module.css';
import common from '../../components/ui/common.module.css';
import button from '../../components/ui/Button.module.css';
import styles from './DirectoryCheckPanel.module.css';

/** What the check's state says at a glance, and in a sentence. */
export function directoryCheckWords(check: DirectoryCheckState): {
  tone: Tone;
  label: string;
  words: string;
  ok: boolean | null;
} {
  const t = sayNow();
  switch (check.status) {
    case 'idle':
      return {
        tone: 'neutral',
        label: t('setup.directory.notChecked'),
        words: t('setup.directory.notCheckedYet'),
        ok: null,
      };
    case 'running':
      return { tone: 'neutral', label: t('setup.directory.checking'), words: t('setup.directory.asking'), ok: null };
    case 'failed':
      return {
        tone: 'warn',
        label: t('setup.directory.notChecked'),
        words: t('setup.directory.checkFailed', { error: describeError(check.error).summary }),
        ok: null,
      };
    case 'done':
      return check.result.ok
        ? { tone: 'ok', label: t('setup.directory.answers'), words: t.said(check.result.words), ok: true }
        : { tone: 'bad', label: t('setup.directory.doesNotAnswer'), words: t.said(check.result.words), ok: false };
  }
}

/** What happens when the node is started while the directory does not answer; said here and again before "Start". */
export const directoryDownOutcome = (): string => sayNow()('setup.directory.downOutcome');

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
  const t = useT();
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
    <section
      className={`${wizard.part} ${styles.directory}`}
      data-testid="wizard-directory"
      data-status={check.status === 'done' ? (check.result.ok ? 'ok' : 'failed') : check.status}
      aria-labelledby="wizard-directory-title"
    >
      <h3 id="wizard-directory-title" className={common.subheading}>
        {t('setup.directory.title')}
      </h3>
      <p>{t('setup.directory.intro')}</p>
      <div
        className={`${wizard.box} ${styles.checkBox}`}
        aria-live="polite"
        aria-busy={check.status === 'running' || undefined}
      >
        <p className={styles.checkHead}>
          <StatusBadge tone={shown.tone}>{shown.label}</StatusBadge>
          {checkedUrl ? (
            <code className={styles.address} title={checkedUrl}>
              {checkedUrl}
            </code>
          ) : null}
        </p>
        <p data-testid="wizard-directory-words">{shown.words}</p>
        {shown.ok === false ? (
          <p className={styles.outcome} data-testid="wizard-directory-outcome">
            {t('setup.directory.downOutcome')}
          </p>
        ) : null}
        {stale ? <p className={common.note}>{t('setup.directory.stale')}</p> : null}
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
            {t('setup.directory.checkAgain')}
          </button>
          {detail || check.status === 'done' ? (
            <details className={styles.details}>
              <summary>{t('setup.directory.details')}</summary>
              <p>
                <Words
                  id="setup.directory.asked"
                  values={{
                    url: checkedUrl ?? '',
                    detail: detail ?? 'none',
                    ms: check.status === 'done' && check.result.ms !== null ? String(check.result.ms) : 'none',
                  }}
                  tags={{ code: (c) => <code className={common.break}>{c}</code> }}
                />
              </p>
            </details>
          ) : null}
        </div>
      </div>
      <details className={styles.other} open={text !== savedUrl || !!error || undefined}>
        <summary>{t('setup.directory.other')}</summary>
        <TextField
          label={t('setup.field.directoryUrl')}
          type="url"
          value={text}
          fixed={fixed}
          onChange={onText}
          error={error}
          testId="directory-url"
          hint={fixed ? undefined : t('setup.directory.otherHint')}
        />
      </details>
    </section>
  );
}
