import { useId, type ReactNode } from 'react';

/** A titled group of form fields (a fieldset in meaning, but styled freely). */
export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className="form-section" role="group" aria-labelledby={id}>
      <h3 id={id} className="form-section-title">
        {title}
      </h3>
      {children}
    </div>
  );
}
