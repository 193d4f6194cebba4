import { useId, type ReactNode } from 'react';

/** A titled region of a page; the heading names the region for screen-reader landmark navigation. */
export function Card({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className={className ? `card ${className}` : 'card'} aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
