import { useState, type FormEvent } from 'react';
import type { FleetInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { SubmitRow } from '../../components/ui/SubmitRow';
import { TextField } from '../../components/ui/TextField';
import { machineNameProblem, nameIssue } from './fleet-words';
import styles from './RenameForm.module.css';

interface Props {
  initial: string;
  onDone(info: FleetInfo): void;
  onCancel(): void;
}

/**
 * This computer's name among the person's machines: checked by the contract's rule before it is sent, and the engine's
 * refusal of the name (another machine has it) said at the field, anything else under the form.
 */
export function RenameForm({ initial, onDone, onCancel }: Props) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !connected) return;
    const problem = machineNameProblem(name);
    setError(problem);
    if (problem) return;
    setBusy(true);
    setFailed(null);
    const result = await getApi().renameMachine({ name: name.trim() });
    setBusy(false);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    const atField = nameIssue(result.error);
    setError(atField);
    setFailed(atField ? null : `The name was not saved: ${result.error.message}`);
  };

  return (
    <form className={styles.form} noValidate onSubmit={(e) => void submit(e)} aria-label="Rename this computer" data-testid="machine-rename">
      <TextField
        label="Name of this computer"
        value={name}
        onChange={(v) => {
          setName(v);
          setError(null);
        }}
        error={error ?? undefined}
        hint="How your other machines list this one. At most 40 characters, and not the name of another of your machines."
        testId="machine-rename-name"
      />
      <SubmitRow label="Save" busyLabel="Saving…" busy={busy} unavailable={!connected} onCancel={onCancel} testId="machine-rename-save" />
      <ErrorLine error={failed} />
    </form>
  );
}
