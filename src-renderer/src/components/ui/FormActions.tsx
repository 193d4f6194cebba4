import type { SaveState } from '../../hooks/useSettingsSave';
import { Pill } from './Pill';
import button from './Button.module.css';
import field from './FieldShell.module.css';
import styles from './FormActions.module.css';
import { useT } from '../../i18n/useT';

interface Props {
  /** The form's save and whether there is something to undo (useSettingsForm gives both, and the undo). */
  form: { save: SaveState; dirty: boolean; reset(): void };
  /** The submit button's words when not saving. */
  saveLabel: string;
  /** The undo button's words (a second form on a page needs its own, so each button has a name of its own). */
  undoLabel?: string;
  /** The status line after a save went through. */
  savedText?: string;
  saveTestId?: string;
  statusTestId?: string;
  /** Say "Unsaved changes" while there is something to save or undo (a draft kept across visits to the page). */
  markUnsaved?: boolean;
}

/** A settings form's last row: Save and Undo, the save's status, and the messages of a failed save under it. */
export function FormActions({
  form,
  saveLabel,
  undoLabel: undoWords,
  savedText: savedWords,
  saveTestId,
  statusTestId,
  markUnsaved = false,
}: Props) {
  const t = useT();
  const undoLabel = undoWords ?? t('components.form.undo');
  const savedText = savedWords ?? t('components.form.saved');
  // Undo is offered only when there is something to undo.
  const { save, dirty } = form;
  return (
    <>
      <div className={styles.actions}>
        <button
          type="submit"
          className={button.primary}
          data-testid={saveTestId}
          aria-disabled={save.kind === 'saving' || undefined}
        >
          {save.kind === 'saving' ? t('components.form.saving') : saveLabel}
        </button>
        <button
          type="button"
          className={button.button}
          aria-disabled={!dirty || undefined}
          onClick={() => {
            if (dirty) form.reset();
          }}
        >
          {undoLabel}
        </button>
        {markUnsaved && dirty && save.kind !== 'saving' ? (
          <Pill tone="warn">{t('components.form.unsaved')}</Pill>
        ) : null}
        <p className={styles.status} role="status" data-testid={statusTestId}>
          {save.kind === 'saved' ? savedText : save.kind === 'unchanged' ? t('components.form.nothing') : null}
        </p>
      </div>
      {save.kind === 'failed' ? (
        <div className={styles.errors} role="alert">
          {save.messages.map((m) => (
            <p key={m} className={field.error}>
              {m}
            </p>
          ))}
        </div>
      ) : null}
    </>
  );
}
