import type { ReactNode } from 'react';
import styles from './Pill.module.css';

/** What a pill says about the thing beside it: a kind, something extra, good news, or something to look at. */
export type PillTone = 'plain' | 'kind' | 'extra' | 'ok' | 'warn';

const TONE: Record<PillTone, string | undefined> = {
  plain: undefined,
  kind: styles.kind,
  extra: styles.extra,
  ok: styles.ok,
  warn: styles.warn,
};

/** A short label in a rounded box, beside a name or a heading. */
export function Pill({
  tone = 'plain',
  className,
  children,
}: {
  tone?: PillTone;
  className?: string;
  children: ReactNode;
}) {
  return <span className={[styles.pill, TONE[tone], className].filter(Boolean).join(' ')}>{children}</span>;
}
