import type { ReactNode } from 'react';

/** One labelled value inside a card, as a description-list pair. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
