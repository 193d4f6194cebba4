import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { FleetInfo } from '@shared/contract';
import { MACHINE_NAME_MAX } from '@shared/contract';
import { formatCount } from '../../format';
import { useT } from '../../i18n/useT';
import { NameForm } from '../../components/ui/NameForm';
import { machineNameProblem } from '../../words/fleet-words';
import styles from './RenameForm.module.css';

interface Props {
  initial: string;
  onDone(info: FleetInfo): void;
  /** Cancel or Escape: the form closes and the caller puts the focus back where it was. */
  onCancel(): void;
}

/**
 * This computer's name among the person's machines: checked by the contract's rule before it is sent, and the engine's
 * refusal of the name (another machine has it) said at the field, anything else under the form. It opens with the
 * focus in the name field, and Escape closes it as Cancel does.
 */
export function RenameForm({ initial, onDone, onCancel }: Props) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector('input')?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onCancel();
  };
  return (
    <div ref={box} onKeyDown={onKeyDown}>
      <NameForm<FleetInfo>
        formLabel={t('fleet.rename.form')}
        label={t('fleet.rename.label')}
        submitLabel={t('fleet.rename.save')}
        busyLabel={t('fleet.rename.saving')}
        initial={initial}
        hint={t('fleet.rename.hint', { max: formatCount(MACHINE_NAME_MAX) })}
        check={machineNameProblem}
        field="name"
        send={(api, name) => api.renameMachine({ name })}
        onDone={onDone}
        onCancel={onCancel}
        refused={(message) => t('fleet.rename.refused', { message })}
        className={styles.form}
        testId="machine-rename"
      />
    </div>
  );
}
