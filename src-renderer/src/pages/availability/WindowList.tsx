import { useId, useRef } from 'react';
import type { AvailabilityWindow } from '@shared/contract';
import { formatCount } from '../../format';
import { capacityOf, formatShare } from '../../lib/schedule-grid';
import { windowWords } from '../../lib/schedule-words';
import common from '../../components/ui/common.module.css';
import button from '../../components/ui/Button.module.css';
import field from '../../components/ui/FieldShell.module.css';
import styles from './WindowList.module.css';
import { useT } from '../../i18n/useT';

interface Props {
  windows: readonly AvailabilityWindow[];
  /** Problems the host found, by window index (from issue paths like `windows.3`). */
  problems: ReadonlyMap<number, string[]>;
  /** Slots when fully available, to say what each share gives; null while unknown. */
  maxConcurrent: number | null;
  locked: boolean;
  onRemove(index: number): void;
}

/**
 * The draft's windows in words, exactly as they will be stored, each with its problem (if any) and a way to remove it.
 */
export function WindowList({ windows, problems, maxConcurrent, locked, onRemove }: Props) {
  const t = useT();
  const headingId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const remove = (index: number) => {
    if (locked) return;
    onRemove(index);
    // The button goes away with its window: keep the keyboard on the list, at the same place.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button');
      const next = buttons && buttons.length > 0 ? buttons[Math.min(index, buttons.length - 1)] : null;
      (next ?? headingRef.current)?.focus();
    });
  };

  return (
    <div className={styles.list} data-testid="availability-windows">
      <h3 id={headingId} ref={headingRef} tabIndex={-1} className={`${common.subheading} ${styles.title}`}>
        {windows.length === 0
          ? t('availability.windows.none')
          : t('availability.windows.title', { count: formatCount(windows.length) })}
      </h3>
      {windows.length === 0 ? (
        <p className={common.muted}>{t('availability.windows.noneHint')}</p>
      ) : (
        <ul ref={listRef} className={styles.items} aria-labelledby={headingId}>
          {windows.map((w, i) => {
            const issues = problems.get(i) ?? [];
            const words = windowWords(w);
            const shape = `${words.days} ${words.times}`;
            return (
              <li
                key={`${i}-${shape}-${w.share}`}
                className={issues.length > 0 ? `${styles.item} ${styles.itemBad}` : styles.item}
                data-testid="availability-window"
                data-problem={issues.length > 0 || undefined}
              >
                <span className={styles.text}>
                  <span className={styles.days}>{words.days}</span> <span className={styles.times}>{words.times}</span>
                  <span>
                    {' · '}
                    {w.share === 0 ? t('availability.share.closed') : formatShare(w.share)}
                    {maxConcurrent !== null && w.share > 0 ? (
                      <span className={common.muted}>
                        {' '}
                        {t('availability.windows.atOnce', { count: capacityOf(maxConcurrent, w.share) })}
                      </span>
                    ) : null}
                  </span>
                </span>
                <button
                  type="button"
                  className={button.quiet}
                  aria-label={t('availability.windows.removeLabel', { window: shape })}
                  aria-disabled={locked || undefined}
                  onClick={() => remove(i)}
                >
                  {t('availability.windows.remove')}
                </button>
                {issues.map((m) => (
                  <p key={m} className={`${field.error} ${styles.problem}`}>
                    {m}
                  </p>
                ))}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
