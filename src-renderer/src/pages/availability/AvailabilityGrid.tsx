import { useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { AvailabilityWindow } from '@shared/contract';
import {
  cellsBetween,
  cellView,
  dayLong,
  dayShort,
  HOURS,
  shareAttr,
  shareColor,
  two,
  weekShares,
  WEEKDAYS,
  type Brush,
  type Cell,
  type CellView,
  type Weekday,
} from '../../lib/schedule-grid';
import { cellLabel } from '../../lib/schedule-words';
import { useZoneClock } from './useZoneClock';
import { formatWallTime } from '../../format';
import common from '../../components/ui/common.module.css';
import field from '../../components/ui/FieldShell.module.css';
import swatch from '../../components/ui/Swatch.module.css';
import styles from './AvailabilityGrid.module.css';
import { useT } from '../../i18n/useT';

interface Props {
  windows: readonly AvailabilityWindow[];
  brush: Brush;
  timeZone: string;
  /** True while a save is on its way: the grid shows the draft but takes no edits. */
  locked: boolean;
  /** True when hours outside every window still offer a share: the empty cells are dotted to say so. */
  outsideOpen: boolean;
  onPaint(cells: Cell[], brush: Brush): void;
}

interface Stroke {
  anchor: Cell;
  current: Cell;
  brush: Brush;
}

const sameCell = (a: Cell, b: Cell) => a.day === b.day && a.hour === b.hour;

function cellOf(el: Element | null): Cell | null {
  const target = el?.closest<HTMLElement>('[data-testid="grid-cell"]');
  if (!target) return null;
  const day = Number(target.dataset.day);
  const hour = Number(target.dataset.hour);
  return day >= 1 && day <= 7 && hour >= 0 && hour <= 23 ? { day: day as Weekday, hour } : null;
}

/** What one click or Space does with the chosen brush: paint it, or clear a cell that already has exactly it. */
function toggleBrush(view: CellView, brush: Brush): Brush {
  if (brush === 'erase') return 'erase';
  return view.share === brush && !view.partial ? 'erase' : brush;
}

const inRect = (s: Stroke, c: Cell) =>
  c.day >= Math.min(s.anchor.day, s.current.day) &&
  c.day <= Math.max(s.anchor.day, s.current.day) &&
  c.hour >= Math.min(s.anchor.hour, s.current.hour) &&
  c.hour <= Math.max(s.anchor.hour, s.current.hour);

/**
 * The week × hour editor: 7 rows (Monday first) by 24 hours of the schedule's zone. Drag paints the rectangle
 * between the first and the last cell with the chosen share (starting on a cell that already has exactly that
 * share clears instead); the keyboard moves a focus cell with the arrows and paints with Space or Enter
 * (Shift+arrow paints as it moves). Cells a window covers only partly are drawn partly filled, at their minutes.
 */
export function AvailabilityGrid({ windows, brush, timeZone, locked, outsideOpen, onPaint }: Props) {
  const t = useT();
  const hintId = useId();
  const labelId = useId();
  const bodyRef = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<Cell>({ day: 1, hour: 9 });
  const [stroke, setStrokeState] = useState<Stroke | null>(null);
  // The handlers read the stroke from here: pointerup and the capture loss after it come before a re-render.
  const strokeRef = useRef<Stroke | null>(null);
  const setStroke = (next: Stroke | null) => {
    strokeRef.current = next;
    setStrokeState(next);
  };
  const now = useZoneClock(timeZone);

  const shares = useMemo(() => weekShares(windows), [windows]);
  const views = useMemo(() => WEEKDAYS.map((d) => HOURS.map((h) => cellView(shares, d, h))), [shares]);
  const viewAt = (c: Cell) => views[c.day - 1]![c.hour]!;
  const hasPartial = views.some((row) => row.some((v) => v.partial));

  const focusCell = (c: Cell) => {
    setFocus(c);
    bodyRef.current?.querySelector<HTMLElement>(`[data-day="${c.day}"][data-hour="${c.hour}"]`)?.focus();
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || locked) return;
    const cell = cellOf(e.target as Element);
    if (!cell) return;
    // No text selection or native drag while painting; focus follows the pointer by hand instead.
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    focusCell(cell);
    setStroke({ anchor: cell, current: cell, brush: toggleBrush(viewAt(cell), brush) });
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const current = strokeRef.current;
    if (!current) return;
    const cell = cellOf(document.elementFromPoint(e.clientX, e.clientY));
    if (cell && !sameCell(cell, current.current)) setStroke({ ...current, current: cell });
  };

  const finish = () => {
    const done = strokeRef.current;
    if (!done) return;
    setStroke(null);
    onPaint(cellsBetween(done.anchor, done.current), done.brush);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && strokeRef.current) {
      setStroke(null);
      e.preventDefault();
      return;
    }
    const moves: Record<string, Cell> = {
      ArrowLeft: { day: focus.day, hour: Math.max(0, focus.hour - 1) },
      ArrowRight: { day: focus.day, hour: Math.min(23, focus.hour + 1) },
      ArrowUp: { day: Math.max(1, focus.day - 1) as Weekday, hour: focus.hour },
      ArrowDown: { day: Math.min(7, focus.day + 1) as Weekday, hour: focus.hour },
      Home: { day: e.ctrlKey ? 1 : focus.day, hour: 0 },
      End: { day: e.ctrlKey ? 7 : focus.day, hour: 23 },
    };
    const target = moves[e.key];
    if (target) {
      e.preventDefault();
      focusCell(target);
      // not-shown: a key name the code compares, never shown
      if (e.shiftKey && !locked && e.key.startsWith('Arrow')) onPaint([target], brush);
      return;
    }
    if ((e.key === ' ' || e.key === 'Enter') && !locked) {
      e.preventDefault();
      onPaint([focus], toggleBrush(viewAt(focus), brush));
    }
  };

  return (
    <div className={styles.editor}>
      <p id={labelId} className={common.visuallyHidden}>
        {t('availability.grid.label', { zone: timeZone })}
      </p>
      <div
        className={outsideOpen ? `${styles.grid} ${styles.outsideOpen}` : styles.grid}
        role="grid"
        aria-labelledby={labelId}
        aria-describedby={hintId}
        aria-readonly={locked || undefined}
        data-testid="availability-grid"
      >
        <div className={styles.row} role="row">
          <span role="columnheader" aria-label={t('availability.grid.day')} />
          {HOURS.map((h) => (
            <span
              key={h}
              role="columnheader"
              aria-label={formatWallTime(`${two(h)}:00`)}
              className={h === now.hour ? `${styles.hour} ${styles.now}` : styles.hour}
            >
              {two(h)}
            </span>
          ))}
        </div>
        <div
          ref={bodyRef}
          role="rowgroup"
          className={styles.body}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={finish}
          onPointerCancel={() => setStroke(null)}
          onLostPointerCapture={finish}
          onKeyDown={onKeyDown}
        >
          {WEEKDAYS.map((d) => (
            <div key={d} className={styles.row} role="row">
              <span
                role="rowheader"
                className={d === now.weekday ? `${styles.day} ${styles.now}` : styles.day}
                aria-label={dayLong(d)}
              >
                {dayShort(d)}
              </span>
              {HOURS.map((h) => {
                const cell = { day: d, hour: h };
                const view = viewAt(cell);
                const pending = stroke !== null && inRect(stroke, cell);
                const label = cellLabel(d, h, view);
                const classes = [styles.cell];
                if (view.partial) classes.push(styles.cellPartial);
                if (pending && stroke.brush === 'erase') classes.push(styles.cellPendingErase);
                if (d === now.weekday && h === now.hour) classes.push(styles.cellNow);
                return (
                  <div
                    key={h}
                    role="gridcell"
                    className={classes.join(' ')}
                    data-testid="grid-cell"
                    data-day={d}
                    data-hour={h}
                    data-share={shareAttr(view.share)}
                    data-partial={view.partial || undefined}
                    tabIndex={sameCell(focus, cell) ? 0 : -1}
                    aria-label={label}
                    title={label}
                    onFocus={() => {
                      if (!sameCell(focus, cell)) setFocus(cell);
                    }}
                  >
                    {view.parts.map((p) => (
                      <span
                        key={p.from}
                        className={p.share === 0 ? `${styles.fill} ${swatch.closed}` : styles.fill}
                        style={{
                          left: `${(p.from / 60) * 100}%`,
                          width: `${((p.to - p.from) / 60) * 100}%`,
                          background: p.share === 0 ? undefined : shareColor(p.share),
                        }}
                      />
                    ))}
                    {pending ? (
                      <span
                        className={
                          stroke.brush === 0
                            ? `${styles.fill} ${styles.fillPending} ${swatch.closed}`
                            : `${styles.fill} ${styles.fillPending}`
                        }
                        style={{
                          left: 0,
                          width: '100%',
                          background:
                            stroke.brush === 'erase' || stroke.brush === 0 ? undefined : shareColor(stroke.brush),
                        }}
                      />
                    ) : null}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
      <p id={hintId} className={`${field.hint} ${styles.hint}`}>
        {t('availability.grid.hint')}
        {hasPartial ? ` ${t('availability.grid.partialHint')}` : ''}
      </p>
    </div>
  );
}
