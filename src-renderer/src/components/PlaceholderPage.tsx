import type { ReactNode } from 'react';
import { PageHeader } from './PageHeader';

/** A section that is not built yet, saying so plainly instead of showing made-up numbers. */
export function PlaceholderPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <PageHeader title={title} />
      <section className="card placeholder" aria-label={`${title}: not set up yet`}>
        <p className="placeholder-tag">Not set up yet</p>
        {children}
      </section>
    </>
  );
}
