import { Fragment } from 'react';
import { cleanForeignText } from '@shared/text/foreign-text';
import styles from './Quoted.module.css';

/**
 * Text the node did not write — a model name a consumer asked for, a directory's refusal or evidence — shown as a
 * quotation, apart from our own words: cleaned once more (text stored by an older version may still carry controls
 * or bidi overrides), in quotation marks and its own box, its direction isolated by <bdi> so it cannot reorder the
 * sentence around it, and always as text: never a link, never markup. The quotation marks are real characters, so
 * they are copied and read aloud with it.
 */
export function Quoted({ text, max, className }: { text: string | null | undefined; max?: number; className?: string }) {
  const clean = cleanForeignText(text, max);
  if (clean === '') return null;
  return (
    <span className={className ? `${styles.quoted} ${className}` : styles.quoted} data-testid="quoted" data-foreign="" translate="no" title={clean}>
      “<bdi>{clean}</bdi>”
    </span>
  );
}

/** Several quotations in a row, separated by commas (the separators are ours, outside the quotes). */
export function QuotedList({ items, max }: { items: readonly (string | null | undefined)[]; max?: number }) {
  const shown = items.map((t) => cleanForeignText(t, max)).filter((t) => t !== '');
  return (
    <>
      {shown.map((t, i) => (
        <Fragment key={`${i}:${t}`}>
          {i > 0 ? ', ' : null}
          <Quoted text={t} max={max} />
        </Fragment>
      ))}
    </>
  );
}

/** Quotations that follow our own words: a space, then the list; nothing at all when there is none. */
export function QuotedAfter({ items }: { items: readonly string[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <>
      {' '}
      <QuotedList items={items} />
    </>
  );
}
