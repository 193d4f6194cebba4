import type { ReactNode } from 'react';
import type { Tone } from '../../format';

/** A word with a coloured dot; the colour only repeats what the word says, so it is never the sole cue. */
export function StatusBadge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`badge badge-${tone}`}>
      <span className="badge-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
