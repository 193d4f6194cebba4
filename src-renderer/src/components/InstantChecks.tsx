import { useState } from 'react';
import checkStyles from './ui/Check.module.css';
import common from './ui/common.module.css';
import styles from './InstantChecks.module.css';
import { useT } from '../i18n/useT';

export interface InstantCheck<K extends string> {
  key: K;
  label: string;
  hint: string;
  checked: boolean;
  /** Fixed for this run (a flag or the environment): shown, not changeable. */
  fixed?: boolean;
  testId: string;
}

/**
 * Check boxes that take effect as soon as they are clicked (no Save button), each with what it is about under it.
 * One change at a time; a refusal is said under the list and the box stays as the host has it.
 */
export function InstantChecks<K extends string>({
  checks,
  save,
}: {
  checks: InstantCheck<K>[];
  save(key: K): Promise<{ message: string } | null>;
}) {
  const t = useT();
  const [busy, setBusy] = useState<K | null>(null);
  const [error, setError] = useState<string | null>(null);

  const flip = async (check: InstantCheck<K>) => {
    if (busy || check.fixed) return;
    setBusy(check.key);
    setError(null);
    const refused = await save(check.key);
    if (refused) setError(refused.message);
    setBusy(null);
  };

  return (
    <>
      <div className={styles.choices}>
        {checks.map((c) => (
          <div key={c.key} className={checkStyles.item}>
            <label className={c.fixed ? `${checkStyles.check} ${checkStyles.disabled}` : checkStyles.check}>
              <input
                type="checkbox"
                checked={c.checked}
                disabled={c.fixed || busy === c.key}
                aria-describedby={`${c.testId}-hint`}
                data-testid={c.testId}
                onChange={() => void flip(c)}
              />
              <span>{c.label}</span>
            </label>
            <p id={`${c.testId}-hint`} className={checkStyles.hint}>
              {c.hint}
            </p>
          </div>
        ))}
      </div>
      {error ? (
        <p className={`${common.result} ${common.resultBad}`} role="alert">
          {t('network.checks.notSaved', { message: error })}
        </p>
      ) : null}
    </>
  );
}
