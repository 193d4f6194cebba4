import type { FleetInfo } from '@shared/contract';
import { NameForm } from '../../components/ui/NameForm';
import { machineNameProblem } from '../../words/fleet-words';
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
  return (
    <NameForm<FleetInfo>
      formLabel="Rename this computer"
      label="Name of this computer"
      submitLabel="Save"
      busyLabel="Saving…"
      initial={initial}
      hint="How your other machines list this one. At most 40 characters, and not the name of another of your machines."
      check={machineNameProblem}
      field="name"
      send={(api, name) => api.renameMachine({ name })}
      onDone={onDone}
      onCancel={onCancel}
      refused={(message) => `The name was not saved: ${message}`}
      className={styles.form}
      testId="machine-rename"
    />
  );
}
