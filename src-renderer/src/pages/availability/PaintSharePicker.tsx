import { useId } from 'react';
import { BRUSHES, brushKey, brushLabel, shareColor, type Brush } from '../../lib/schedule-grid';
import swatch from '../../components/ui/Swatch.module.css';
import field from '../../components/ui/FieldShell.module.css';
import common from '../../components/ui/common.module.css';
import styles from './PaintSharePicker.module.css';
import { useT } from '../../i18n/useT';
import type { MessageId } from '@shared/i18n/catalogue';

const NOTES: Partial<Record<string, MessageId>> = {
  '0': 'availability.paint.closedNote',
  erase: 'availability.paint.eraseNote',
};

/** The share the grid paints with: four shares, a closed window, or erase. Arrow keys move between them. */
export function PaintSharePicker({ brush, onChange }: { brush: Brush; onChange(brush: Brush): void }) {
  const t = useT();
  const name = useId();
  const noteId = useId();
  const noteKey = NOTES[brushKey(brush)];
  const note = noteKey ? t(noteKey) : null;
  return (
    <fieldset className={styles.picker} data-testid="paint-share" aria-describedby={note ? noteId : undefined}>
      <legend>{t('availability.paint.legend')}</legend>
      <div className={styles.options}>
        {BRUSHES.map((b) => (
          <label key={brushKey(b.value)} className={styles.option} title={t(b.hint)}>
            <input
              type="radio"
              className={common.drawnInput}
              name={name}
              value={brushKey(b.value)}
              checked={brush === b.value}
              onChange={() => onChange(b.value)}
            />
            <span
              className={
                b.value === 'erase'
                  ? `${swatch.swatch} ${swatch.erase}`
                  : b.value === 0
                    ? `${swatch.swatch} ${swatch.closed}`
                    : swatch.swatch
              }
              style={typeof b.value === 'number' && b.value > 0 ? { background: shareColor(b.value) } : undefined}
              aria-hidden="true"
            />
            <span>{brushLabel(b.value)}</span>
          </label>
        ))}
      </div>
      {note ? (
        <p id={noteId} className={`${field.hint} ${styles.note}`}>
          {note}
        </p>
      ) : null}
    </fieldset>
  );
}
