import { useId, type ReactNode } from 'react';
import type { DetectedModel } from '@shared/contract';
import { FixedNote } from '../ui/FixedNote';
import { SelectField } from '../ui/SelectField';
import {
  defaultOptions,
  modelBadges,
  pickerRows,
  withModelOffered,
  type ModelSelection,
  type PickerRow,
} from './model-choice';
import { Pill } from '../ui/Pill';
import { useT } from '../../i18n/useT';
import field from '../ui/FieldShell.module.css';
import styles from './ModelPicker.module.css';

interface Props {
  /** What the server lists, with what each model is. */
  models: readonly DetectedModel[];
  choice: ModelSelection;
  onChange(choice: ModelSelection): void;
  /** Names chosen before that stay in view while the server does not list them (saved exclusions and default). */
  keep?: readonly string[];
  /** Above the list: where it comes from, or why it may be incomplete. */
  note?: ReactNode;
  /** Fixed for this run by the host: shown, not changeable. */
  fixed?: { offered?: boolean; defaultModel?: boolean };
  errors?: { offered?: string | undefined; defaultModel?: string | undefined };
  /** Ids of the list and of the default's select, for links and focus from a list of problems. */
  ids?: { offered?: string; defaultModel?: string };
  /**
   * Several servers: their models in one list per server, each under its heading; `models` is then all of them, once
   * per name, as the node offers and keeps private a model by its name.
   */
  groups?: readonly { key: string; title: ReactNode; models: readonly DetectedModel[] }[];
}

/**
 * The one model picker (setup wizard and Settings): each model the server lists with what it is for, a check box
 * "offer" per model (unticked models are kept private), and the default chat model, which only chat models can be.
 */
export function ModelPicker({
  models,
  choice,
  onChange,
  keep = [],
  note,
  fixed = {},
  errors = {},
  ids = {},
  groups,
}: Props) {
  const t = useT();
  const madeListId = useId();
  const legendId = useId();
  const countId = useId();
  const errorId = useId();
  const fixedId = useId();
  const listId = ids.offered ?? madeListId;
  const rows = pickerRows(models, choice.excluded, keep);
  const offeredCount = rows.filter((r) => r.offered && r.model).length;
  const listed = rows.filter((r) => r.model).length;
  const options = defaultOptions(models, choice);
  const describedBy = [errors.offered ? errorId : null, fixed.offered ? fixedId : null, countId]
    .filter(Boolean)
    .join(' ');

  const row = (r: PickerRow) => (
    <li
      key={r.name}
      className={r.offered ? styles.row : `${styles.row} ${styles.rowOff}`}
      data-testid="model-row"
      data-model={r.name}
      data-offered={r.offered}
      data-listed={r.model !== null}
    >
      <label className={fixed.offered ? `${styles.label} ${styles.labelFixed}` : styles.label}>
        <input
          type="checkbox"
          data-testid="model-offer"
          checked={r.offered}
          disabled={fixed.offered || undefined}
          onChange={(e) => onChange(withModelOffered(choice, models, r.name, e.target.checked))}
        />
        <span className={styles.name} title={r.name}>
          {r.name}
        </span>
      </label>
      <span className={styles.badges}>
        {r.model ? (
          modelBadges(r.model).map((b) => (
            <Pill key={b.key} tone={b.tone}>
              {b.label}
            </Pill>
          ))
        ) : (
          <Pill tone="warn">{t('components.picker.notListed')}</Pill>
        )}
      </span>
    </li>
  );

  return (
    <div className={styles.picker}>
      <fieldset
        className={styles.group}
        id={listId}
        tabIndex={-1}
        aria-describedby={describedBy}
        aria-invalid={errors.offered ? true : undefined}
        data-testid="model-picker"
      >
        <legend id={legendId} className={styles.legend}>
          {t('components.picker.legend')}
        </legend>
        {note ? <div className={styles.note}>{note}</div> : null}
        {rows.length === 0 ? (
          <p className={styles.empty}>{t('components.picker.empty')}</p>
        ) : groups ? (
          groups.map((g, i) => (
            <div key={g.key} data-testid="model-group" data-key={g.key}>
              <p id={`${legendId}-${i}`} className={styles.groupTitle}>
                {g.title}
              </p>
              <ul className={styles.rows} aria-labelledby={`${legendId}-${i}`}>
                {pickerRows(g.models, choice.excluded).map(row)}
              </ul>
            </div>
          ))
        ) : (
          <ul className={styles.rows} aria-labelledby={legendId}>
            {rows.map(row)}
          </ul>
        )}
        <p id={countId} className={styles.count} aria-live="polite">
          {t('components.picker.count', { offered: offeredCount, listed })}
        </p>
        {errors.offered ? (
          <p id={errorId} className={field.error}>
            {errors.offered}
          </p>
        ) : null}
        {fixed.offered ? <FixedNote id={fixedId} /> : null}
      </fieldset>

      <SelectField
        label={t('components.picker.default')}
        value={choice.defaultModel ?? ''}
        options={options}
        onChange={(v) => onChange({ ...choice, defaultModel: v === '' ? null : v })}
        fixed={fixed.defaultModel ?? false}
        disabled={options.length === 1}
        error={errors.defaultModel}
        id={ids.defaultModel}
        testId="default-model"
        className={styles.default}
        hint={t('components.picker.defaultHint')}
      />
    </div>
  );
}
