import { useId, useState } from 'react';
import type { Result } from '@shared/contract';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { Token } from '../../components/ui/Token';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import field from '../../components/ui/FieldShell.module.css';
import styles from './SavedList.module.css';
import { useCommand } from '../../hooks/useCommand';
import { useT } from '../../i18n/useT';

interface Props {
  /** The list's heading, which also names it for screen readers. */
  title: string;
  items: readonly string[];
  /**
   * How a person knows an item, when not by its value: a machine by the name every page gives it (its node ID is the
   * tooltip). Without it the value is shown whole.
   */
  nameOf?(item: string): string;
  /** What the list says while it is empty. */
  empty: string;
  /** The input's label and its hint. */
  inputLabel: string;
  hint: string;
  placeholder?: string;
  /** The add button's words ("Add computer"), unique on the page. */
  addLabel: string;
  /** Why a typed value cannot be added, or null. */
  problem(text: string, items: readonly string[]): string | null;
  /** Stores the whole new list (one value more or one less than `items`). */
  save(items: string[]): Promise<Result<unknown>>;
  connected: boolean;
  testId: string;
}

/**
 * A short list of values the engine keeps (node IDs, browser origins): each with its Remove button, and a value typed
 * and added with the button or Enter. Every change is stored at once; a refusal is said under the list.
 */
export function SavedList({
  title,
  items,
  empty,
  inputLabel,
  hint,
  placeholder,
  addLabel,
  problem,
  save,
  connected,
  testId,
  nameOf,
}: Props) {
  const t = useT();
  const headingId = useId();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [text, setText] = useState('');
  const [typo, setTypo] = useState<string | null>(null);
  // The caller's save speaks to the host itself; `typed` says whether the field's value was added and goes once kept.
  const command = useCommand(
    (_api, next: string[], _typed: boolean) => save(next),
    (_saved, _next, typed) => {
      if (typed) setText('');
      return { kind: 'idle' };
    },
  );
  const busy = command.step.kind === 'busy';
  const failed = command.step.kind === 'failed' ? t('gateway.list.notSaved', { message: command.step.message }) : null;
  const blocked = busy || !connected;

  const store = (next: string[], typed = false) => {
    if (!blocked) void command.run(next, typed);
  };

  const add = () => {
    if (blocked) return;
    const found = problem(text, items);
    setTypo(found);
    if (found) return;
    store([...items, text.trim()], true);
  };

  return (
    <div className={styles.list} role="group" aria-labelledby={headingId} data-testid={testId}>
      <h3 id={headingId} className={common.subheading}>
        {title}
      </h3>
      {items.length > 0 ? (
        <ul className={styles.items} aria-labelledby={headingId}>
          {items.map((item) => (
            <li key={item} className={styles.item}>
              {nameOf ? (
                <bdi translate="no" title={item} data-value={item}>
                  {nameOf(item)}
                </bdi>
              ) : (
                <Token value={item} />
              )}
              <button
                type="button"
                className={button.quiet}
                aria-label={t('gateway.list.removeNamed', { item: nameOf ? nameOf(item) : item })}
                aria-disabled={blocked || undefined}
                onClick={() => store(items.filter((i) => i !== item))}
              >
                {t('gateway.list.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className={common.muted}>{empty}</p>
      )}
      <ErrorLine error={failed} />
      <div className={field.field}>
        <label htmlFor={inputId}>{inputLabel}</label>
        <div className={styles.row}>
          <input
            id={inputId}
            className={styles.input}
            value={text}
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder}
            aria-invalid={typo ? true : undefined}
            aria-describedby={[typo ? errorId : null, hintId].filter(Boolean).join(' ')}
            onChange={(e) => {
              setText(e.target.value);
              setTypo(null);
            }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              add();
            }}
          />
          <button type="button" className={button.button} aria-disabled={blocked || undefined} onClick={add}>
            {busy ? t('gateway.saving') : addLabel}
          </button>
        </div>
        {typo ? (
          <p id={errorId} className={field.error} role="alert">
            {typo}
          </p>
        ) : null}
        <p id={hintId} className={field.hint}>
          {hint}
        </p>
      </div>
    </div>
  );
}
