import { useState, type FormEvent } from 'react';
import type { Result } from '@shared/contract';
import type { getApi } from '../../api';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import { issueAt } from '../../words/identity-words';
import { ErrorLine } from './ErrorLine';
import { SubmitRow } from './SubmitRow';
import { TextField } from './TextField';
import styles from './NameForm.module.css';

interface Props<T> {
  /** The form's name for screen readers ("Create your operator identity"). */
  formLabel: string;
  label: string;
  submitLabel: string;
  busyLabel: string;
  initial?: string;
  hint?: string;
  /** Why a name cannot be used, by the contract's own rule; null when it can. */
  check(value: string): string | null;
  /** Where in a refusal the engine names a problem with the name (`displayName`, `name`). */
  field: string;
  /** Sends the trimmed name. */
  send(api: ReturnType<typeof getApi>, name: string): Promise<Result<T>>;
  onDone(value: T): void;
  /** The words under the form for a refusal that names no problem at the field (default: the engine's message). */
  refused?: (message: string) => string;
  /** Told every change of the name (a wizard keeps it while the person looks elsewhere). */
  onName?: (name: string) => void;
  /** Empties the field once the name is taken, for a form that makes one thing after another (app keys). */
  clearOnDone?: boolean;
  /** A Cancel button beside the submit one, when given. */
  onCancel?: () => void;
  className?: string;
  testId: string;
}

/**
 * A name and the button that sends it: the contract's rule is checked before sending, and the engine's refusal of the
 * name is shown at the field, anything else under it. The operator identity's name, a machine's name and a new app
 * key's name use it.
 */
export function NameForm<T>({
  formLabel,
  label,
  submitLabel,
  busyLabel,
  initial = '',
  hint,
  check,
  field,
  send,
  onDone,
  refused,
  onName,
  clearOnDone = false,
  onCancel,
  className,
  testId,
}: Props<T>) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const command = useCommand(
    (api, typed: string) => send(api, typed),
    (value) => {
      if (clearOnDone) {
        setName('');
        onName?.('');
      }
      onDone(value);
      return { kind: 'idle' };
    },
    (error) => {
      const atField = issueAt(error, field);
      setError(atField);
      setFailed(atField ? null : (refused?.(error.message) ?? error.message));
    },
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (command.blocked) return;
    const problem = check(name);
    if (problem) {
      setError(problem);
      return;
    }
    setFailed(null);
    void command.run(name.trim());
  };

  return (
    <form
      className={[styles.form, className].filter(Boolean).join(' ')}
      noValidate
      onSubmit={submit}
      aria-label={formLabel}
      data-testid={testId}
    >
      <TextField
        label={label}
        value={name}
        onChange={(v) => {
          setName(v);
          setError(null);
          onName?.(v);
        }}
        error={error ?? undefined}
        hint={hint}
        testId={`${testId}-name`}
        className={styles.field}
      />
      <SubmitRow
        label={submitLabel}
        busyLabel={busyLabel}
        busy={command.step.kind === 'busy'}
        unavailable={!connected}
        onCancel={onCancel}
        testId={`${testId}-submit`}
      />
      <ErrorLine error={failed} />
    </form>
  );
}
