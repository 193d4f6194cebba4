import type { ReactNode } from 'react';
import type { Tone } from '../../format';
import { Spinner } from './Spinner';
import common from './common.module.css';
import styles from './StatusBadge.module.css';

/** The dot's colour and the words' (neutral keeps the default grey dot and the text colour). */
const TONE: Record<Tone, string | undefined> = {
  ok: `${styles.ok} ${common.resultOk}`,
  warn: `${styles.warn} ${common.resultWarn}`,
  bad: `${styles.bad} ${common.resultBad}`,
  neutral: undefined,
};

interface Props {
  tone: Tone;
  children: ReactNode;
  /** A badge that heads a card: a larger dot. */
  size?: 'normal' | 'large';
  /** Beside words that may wrap: aligned on the first line's baseline, the dot centred on it. */
  align?: 'centre' | 'baseline';
  /** The status is moving, not settled: a spinner takes the dot's place. */
  busy?: boolean;
}

/** A word with a coloured dot; the colour only repeats what the word says, so it is never the sole cue. */
export function StatusBadge({ tone, children, size = 'normal', align = 'centre', busy = false }: Props) {
  const classes = [
    styles.badge,
    TONE[tone],
    size === 'large' ? styles.large : null,
    align === 'baseline' ? styles.baseline : null,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <span className={classes} data-tone={tone}>
      {busy ? <Spinner /> : <span className={styles.dot} aria-hidden="true" />}
      {children}
    </span>
  );
}
