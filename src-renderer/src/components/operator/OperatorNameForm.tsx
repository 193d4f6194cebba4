import { useState, type FormEvent } from 'react';
import type { OperatorInfo, Result } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { issueAt, nameProblem } from '../../words/identity-words';
import { ErrorLine } from '../ui/ErrorLine';
import { SubmitRow } from '../ui/SubmitRow';
import { TextField } from '../ui/TextField';
import styles from './OperatorNameForm.module.css';

interface Props {
  /** The form's name for screen readers ("Create your operator identity"). */
  formLabel: string;
  label?: string;
  submitLabel: string;
  busyLabel: string;
  initial?: string;
  hint?: string;
  /** Sends the trimmed name (create or rename). */
  send(api: ReturnType<typeof getApi>, displayName: string): Promise<Result<OperatorInfo>>;
  onDone(info: OperatorInfo): void;
  /** Told every change of the name (a wizard keeps it while the person looks elsewhere). */
  onName?: (name: string) => void;
  /** A Cancel button beside the submit one, when given. */
  onCancel?: () => void;
  testId: string;
}

/**
 * A display name and the button that creates the identity with it, or renames it: the contract's rule is checked
 * before sending, and the engine's refusal of the name is shown at the field, anything else under it.
 */
export function OperatorNameForm({ formLabel, label = 'Operator name', submitLabel, busyLabel, initial = '', hint, send, onDone, onName, onCancel, testId }: Props) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !connected) return;
    const problem = nameProblem(name);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setFailed(null);
    const result = await send(getApi(), name.trim());
    setBusy(false);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    const atField = issueAt(result.error, 'displayName');
    setError(atField);
    setFailed(atField ? null : result.error.message);
  };

  return (
    <form className={styles.form} noValidate onSubmit={(e) => void submit(e)} aria-label={formLabel} data-testid={testId}>
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
      <SubmitRow label={submitLabel} busyLabel={busyLabel} busy={busy} unavailable={!connected} onCancel={onCancel} testId={`${testId}-submit`} />
      <ErrorLine error={failed} />
    </form>
  );
}
