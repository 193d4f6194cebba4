import { useId, useMemo, type FormEvent } from 'react';
import type { AvailabilitySchedule } from '@shared/contract';
import { useProviderStore } from '../../store';
import { AvailabilityGrid } from './AvailabilityGrid';
import { OutsideShareField } from './OutsideShareField';
import { PaintSharePicker } from './PaintSharePicker';
import { sortIssues } from './schedule-issues';
import { isDirty, useSchedule, type SaveState } from './schedule-store';
import { ShareLegend } from './ShareLegend';
import { TimeZoneField } from './TimeZoneField';
import { WindowList } from './WindowList';
import { Pill } from '../../components/ui/Pill';
import card from '../../components/ui/Card.module.css';
import errorBox from '../../components/ui/ErrorBox.module.css';
import common from '../../components/ui/common.module.css';
import formActions from '../../components/ui/FormActions.module.css';
import field from '../../components/ui/FieldShell.module.css';
import button from '../../components/ui/Button.module.css';
import styles from './ScheduleEditor.module.css';
import { useT } from '../../i18n/useT';
import { formatCount } from '../../format';

const NO_PROBLEMS: ReadonlyMap<number, string[]> = new Map();

function SaveStatus({ save, dirty }: { save: SaveState; dirty: boolean }) {
  const t = useT();
  let text: string | null = null;
  let className = formActions.status;
  if (save.kind === 'saving') {
    text = t('availability.saving');
    className += ` ${formActions.quiet}`;
  } else if (save.kind === 'saved' && !dirty) text = t('availability.editor.saved');
  else if (save.kind === 'unchanged' && !dirty) text = t('availability.editor.nothing');
  else if (dirty) {
    text = t('availability.editor.dirty');
    className += ` ${formActions.pending}`;
  }
  return (
    <p className={className} role="status" data-testid="availability-save-status">
      {text}
    </p>
  );
}

/**
 * The weekly schedule being edited: the share to paint with, the grid, the windows in words, what happens
 * outside them, the time zone, and Save / Undo. Edits stay a draft until saved; the host checks the draft
 * (overlaps, the zone) and its words are shown as they come.
 */
export function ScheduleEditor({ saved, draft }: { saved: AvailabilitySchedule; draft: AvailabilitySchedule }) {
  const t = useT();
  const headingId = useId();
  const save = useSchedule((s) => s.save);
  const brush = useSchedule((s) => s.brush);
  const { setBrush, paint, removeWindow, setOutsideShare, setTimeZone, undo, saveDraft } = useSchedule.getState();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const maxConcurrent = useProviderStore((s) => s.snapshot?.capacity.maxConcurrent ?? null);
  const dirty = isDirty({ saved, draft });
  const saving = save.kind === 'saving';
  const issues = useMemo(
    () => (save.kind === 'failed' ? sortIssues(save.error, draft.windows) : null),
    [save, draft.windows],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (saving || !connected) return;
    if (!dirty) {
      useSchedule.setState({ save: { kind: 'unchanged' } });
      return;
    }
    void saveDraft();
  };

  return (
    <section
      className={`${card.card} ${styles.card}`}
      aria-labelledby={headingId}
      data-testid="availability-schedule"
      data-dirty={dirty ? 'true' : 'false'}
    >
      <div className={card.head}>
        <h2 id={headingId} className={card.title}>
          {t('availability.editor.title')}
        </h2>
        {dirty ? <Pill tone="warn">{t('availability.editor.unsaved')}</Pill> : null}
      </div>
      <p>
        {maxConcurrent !== null
          ? t('availability.editor.introMax', {
              max: formatCount(maxConcurrent),
              zone: draft.timeZone.replace(/_/g, ' '),
            })
          : t('availability.editor.intro', { zone: draft.timeZone.replace(/_/g, ' ') })}
      </p>

      <PaintSharePicker brush={brush} onChange={setBrush} />
      <AvailabilityGrid
        windows={draft.windows}
        brush={brush}
        timeZone={draft.timeZone}
        locked={saving}
        outsideOpen={draft.windows.length > 0 && draft.outsideShare > 0}
        onPaint={paint}
      />
      <ShareLegend outsideShare={draft.outsideShare} hasWindows={draft.windows.length > 0} />

      <WindowList
        windows={draft.windows}
        problems={issues?.windows ?? NO_PROBLEMS}
        maxConcurrent={maxConcurrent}
        locked={saving}
        onRemove={removeWindow}
      />

      <form className={styles.form} noValidate onSubmit={submit} aria-label={t('availability.editor.formLabel')}>
        <div className={`${styles.fields} ${field.stackHints}`}>
          <OutsideShareField
            value={draft.outsideShare}
            hasWindows={draft.windows.length > 0}
            locked={saving}
            onChange={setOutsideShare}
          />
          <TimeZoneField
            value={draft.timeZone}
            saved={saved.timeZone}
            error={issues?.timeZone ?? null}
            locked={saving}
            onChange={setTimeZone}
          />
        </div>

        {issues ? (
          <div
            className={errorBox.box}
            role="alert"
            data-testid="availability-error"
            data-code={save.kind === 'failed' ? save.error.code : undefined}
          >
            <p className={errorBox.title}>{t('availability.editor.notSaved')}</p>
            <ul className={common.plainList}>
              {issues.all.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
            {issues.windows.size > 0 ? <p className={common.small}>{t('availability.editor.marked')}</p> : null}
          </div>
        ) : null}

        <div className={formActions.actions}>
          <button
            type="submit"
            className={button.primary}
            data-testid="availability-save"
            aria-disabled={saving || !connected || undefined}
          >
            {saving ? t('availability.saving') : t('availability.editor.save')}
          </button>
          <button
            type="button"
            className={button.button}
            data-testid="availability-undo"
            aria-disabled={!dirty || saving || undefined}
            onClick={() => {
              if (dirty && !saving) undo();
            }}
          >
            {t('availability.editor.undo')}
          </button>
          <SaveStatus save={save} dirty={dirty} />
        </div>
      </form>
    </section>
  );
}
