import { Fragment } from 'react';
import { cleanForeignText } from '@shared/text/foreign-text';
import { useT } from '../../i18n/useT';
import styles from './Quoted.module.css';

/**
 * Text the node did not write — a model name a consumer asked for, a directory's refusal or evidence — shown as a
 * quotation, apart from our own words: cleaned once more (text stored by an older version may still carry controls
 * or bidi overrides), in quotation marks and its own box, its direction isolated by <bdi> so it cannot reorder the
 * sentence around it, and always as text: never a link, never markup. The quotation marks are real characters, so
 * they are copied and read aloud with it.
 */
export function Quoted({
  text,
  max,
  line,
  className,
}: QuoteStyle & { text: string | null | undefined; className?: string }) {
  const t = useT();
  const clean = cleanForeignText(text, max);
  if (clean === '') return null;
  const classes = [styles.quoted, line ? styles.line : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <span className={classes} data-testid="quoted" data-foreign="" translate="no" title={clean}>
      {t('common.quote.open')}
      <bdi>{clean}</bdi>
      {t('common.quote.close')}
    </span>
  );
}

/** How a quotation is shown: cut to `max` characters (the cleaner's 200 unless said), and on one line if `line`. */
export interface QuoteStyle {
  max?: number;
  line?: boolean;
}

/**
 * What a consumer sent (a model name asked for) on the dashboard: one line, at most 40 characters, cut with "…".
 * Enough to recognise a model name, too little to pass a sentence off as ours; the tooltip holds no more.
 */
export const CONSUMER_QUOTE: Readonly<Required<QuoteStyle>> = Object.freeze({ max: 40, line: true });

/** Several quotations in a row, separated by commas (the separators are ours, outside the quotes). */
export function QuotedList({ items, max, line }: QuoteStyle & { items: readonly (string | null | undefined)[] }) {
  const shown = items.map((t) => cleanForeignText(t, max)).filter((t) => t !== '');
  return (
    <>
      {shown.map((t, i) => (
        <Fragment key={`${i}:${t}`}>
          {i > 0 ? ', ' : null}
          <Quoted text={t} max={max} line={line} />
        </Fragment>
      ))}
    </>
  );
}

/** Quotations that follow our own words: a space, then the list; nothing at all when there is none. */
export function QuotedAfter({ items, max, line }: QuoteStyle & { items: readonly string[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <>
      {' '}
      <QuotedList items={items} max={max} line={line} />
    </>
  );
}
