import { useId } from 'react';
import { BRUSHES, brushKey, shareColor, type Brush } from '../../lib/schedule-grid';

const NOTES: Partial<Record<string, string>> = {
  '0': 'Closed paints a window with no slots: it matters when "Outside your windows" offers a share, to keep some hours closed.',
  erase: 'Erase takes hours out of your windows: they then follow "Outside your windows".',
};

/** The share the grid paints with: four shares, a closed window, or erase. Arrow keys move between them. */
export function PaintSharePicker({ brush, onChange }: { brush: Brush; onChange(brush: Brush): void }) {
  const name = useId();
  const noteId = useId();
  const note = NOTES[brushKey(brush)];
  return (
    <fieldset className="paint-picker" data-testid="paint-share" aria-describedby={note ? noteId : undefined}>
      <legend>Paint with</legend>
      <div className="paint-options">
        {BRUSHES.map((b) => (
          <label key={brushKey(b.value)} className="paint-option" title={b.hint}>
            <input type="radio" name={name} value={brushKey(b.value)} checked={brush === b.value} onChange={() => onChange(b.value)} />
            <span
              className={b.value === 'erase' ? 'swatch swatch-erase' : b.value === 0 ? 'swatch swatch-closed' : 'swatch'}
              style={typeof b.value === 'number' && b.value > 0 ? { background: shareColor(b.value) } : undefined}
              aria-hidden="true"
            />
            <span className="paint-label">{b.label}</span>
          </label>
        ))}
      </div>
      {note ? (
        <p id={noteId} className="field-hint paint-note">
          {note}
        </p>
      ) : null}
    </fieldset>
  );
}
