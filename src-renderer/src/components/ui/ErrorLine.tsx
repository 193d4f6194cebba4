import field from './FieldShell.module.css';

/** A problem in one line, said to screen readers at once; nothing when there is none. */
export function ErrorLine({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className={field.error} role="alert">
      {error}
    </p>
  );
}
