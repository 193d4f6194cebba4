/**
 * The week × hour grid of the Availability page: what each cell announces, painting by dragging the pointer and by
 * keyboard, and no edits while a save is on its way. The grid is held the way the page holds it: its paint goes into
 * the draft's windows, which come back to it. The person reads German, so hours are on a 24-hour clock ("09:00–09:59")
 * and shares are written "50 %", and the grid speaks German, its cells' labels too ("in keinem Zeitfenster"); the days
 * are named by their English names here and found by their German ones.
 */
import { useState } from 'react';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { speakWith } from '@shared/i18n/current';
import { currentSay } from '@renderer/i18n/useT';
import type { AvailabilityWindow } from '@shared/contract';
import { AvailabilityGrid } from '@renderer/pages/availability/AvailabilityGrid';
import { paintCells, type Brush, type Cell } from '@renderer/lib/schedule-grid';
import { inLocale } from '../../support/locale';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
type Day = (typeof DAYS)[number];
/** What a German reader's grid calls each day. */
const GERMAN: Record<Day, string> = {
  Monday: 'Montag',
  Tuesday: 'Dienstag',
  Wednesday: 'Mittwoch',
  Thursday: 'Donnerstag',
  Friday: 'Freitag',
  Saturday: 'Samstag',
  Sunday: 'Sonntag',
};
const hh = (hour: number) => String(hour).padStart(2, '0');

interface Options {
  windows?: AvailabilityWindow[];
  brush?: Brush;
  locked?: boolean;
}

/** The grid with the page's paint: each stroke changes the windows the grid is given. */
function renderGrid({ windows = [], brush = 1, locked = false }: Options = {}) {
  const painted: { cells: Cell[]; brush: Brush }[] = [];
  function Draft() {
    const [draft, setDraft] = useState(windows);
    return (
      <AvailabilityGrid
        windows={draft}
        brush={brush}
        timeZone="Europe/Berlin"
        locked={locked}
        outsideOpen={false}
        onPaint={(cells, b) => {
          painted.push({ cells, brush: b });
          setDraft((w) => paintCells(w, cells, b));
        }}
      />
    );
  }
  render(<Draft />);
  return { painted };
}

/** The cell for `day` at `hour`, found by what it announces. */
const cell = (day: Day, hour: number) =>
  screen.getByRole('gridcell', { name: new RegExp(`^${GERMAN[day]} ${hh(hour)}:00–${hh(hour)}:59: `) });
/**
 * What that cell announces after the day and hour ("50 %", "in keinem Zeitfenster"); spaces inside shares are no-break.
 */
const says = (day: Day, hour: number) =>
  cell(day, hour)
    .getAttribute('aria-label')!
    .replace(/^.*?59: /, '')
    .replace(/\u00a0/g, ' ');

/**
 * happy-dom lays nothing out, so the grid's question "which cell is under the pointer?" is answered from where the
 * test puts the pointer: x is the hour, y the day.
 */
function layOutCells() {
  const at = (day: Day, hour: number) => ({ clientX: hour * 10 + 5, clientY: DAYS.indexOf(day) * 10 + 5 });
  vi.spyOn(document, 'elementFromPoint').mockImplementation((x, y) => {
    const day = DAYS[Math.floor(y / 10)];
    const hour = Math.floor(x / 10);
    return day && hour >= 0 && hour < 24 ? cell(day, hour) : null;
  });
  return at;
}

async function drag(from: [Day, number], to: [Day, number]) {
  const at = layOutCells();
  const user = userEvent.setup();
  await user.pointer([
    { keys: '[MouseLeft>]', target: cell(...from), coords: at(...from) },
    { target: cell(...to), coords: at(...to) },
    { keys: '[/MouseLeft]', target: cell(...to), coords: at(...to) },
  ]);
}

inLocale('de-DE');
// The cells' labels are made outside React, in the words of the page (main.tsx sets the same).
beforeAll(() => speakWith(currentSay));

describe('AvailabilityGrid: what it announces', () => {
  it('names itself, its days and its hours', () => {
    renderGrid();
    screen.getByRole('grid', {
      name: 'Wöchentliche Verfügbarkeit, Zeitzone Europe/Berlin: eine Zeile pro Tag, eine Spalte pro Stunde.',
    });
    expect(screen.getAllByRole('rowheader').map((h) => h.getAttribute('aria-label'))).toEqual(
      DAYS.map((d) => GERMAN[d]),
    );
    expect(screen.getAllByRole('columnheader').map((h) => h.getAttribute('aria-label'))).toEqual([
      'Tag',
      ...Array.from({ length: 24 }, (_, h) => `${hh(h)}:00`),
    ]);
  });

  it("says each hour's share, a closed window, and hours in no window", () => {
    renderGrid({
      windows: [
        { days: [1, 2], start: '09:00', end: '10:59', share: 0.5 },
        { days: [5], start: '18:00', end: '18:59', share: 0 },
      ],
    });
    expect(says('Monday', 9)).toBe('50 %');
    expect(says('Tuesday', 10)).toBe('50 %');
    expect(says('Monday', 11)).toBe('in keinem Zeitfenster');
    expect(says('Wednesday', 9)).toBe('in keinem Zeitfenster');
    expect(says('Friday', 18)).toBe('geschlossenes Zeitfenster');
  });

  it('says which minutes a window covers in an hour it covers only in part', () => {
    renderGrid({ windows: [{ days: [3], start: '08:30', end: '12:15', share: 0.75 }] });
    expect(says('Wednesday', 8)).toBe('teilweise, 08:30–08:59 75 %');
    expect(says('Wednesday', 10)).toBe('75 %');
    expect(says('Wednesday', 12)).toBe('teilweise, 12:00–12:15 75 %');
    screen.getByText(/Zellen, die ein Zeitfenster nur zum Teil abdeckt, sind teilweise gefüllt/);
  });
});

describe('AvailabilityGrid: painting with the pointer', () => {
  it('paints the rectangle between where the drag starts and ends with the chosen share', async () => {
    renderGrid({ brush: 0.25 });
    await drag(['Monday', 9], ['Wednesday', 11]);
    for (const day of ['Monday', 'Tuesday', 'Wednesday'] as const) {
      for (const hour of [9, 10, 11]) expect(says(day, hour), `${day} ${hour}`).toBe('25 %');
    }
    expect(says('Thursday', 9)).toBe('in keinem Zeitfenster');
    expect(says('Monday', 12)).toBe('in keinem Zeitfenster');
    expect(says('Monday', 8)).toBe('in keinem Zeitfenster');
  });

  it('clears instead when the drag starts on a cell that already has the chosen share', async () => {
    renderGrid({ windows: [{ days: [1], start: '09:00', end: '12:59', share: 1 }], brush: 1 });
    await drag(['Monday', 10], ['Monday', 11]);
    expect(says('Monday', 9)).toBe('100 %');
    expect(says('Monday', 10)).toBe('in keinem Zeitfenster');
    expect(says('Monday', 11)).toBe('in keinem Zeitfenster');
    expect(says('Monday', 12)).toBe('100 %');
  });

  it('paints over another share rather than clearing it', async () => {
    renderGrid({ windows: [{ days: [1], start: '09:00', end: '09:59', share: 0.5 }], brush: 1 });
    await drag(['Monday', 9], ['Monday', 9]);
    expect(says('Monday', 9)).toBe('100 %');
  });
});

describe('AvailabilityGrid: painting with the keyboard', () => {
  it('has one tab stop, moves with the arrows, and paints or clears with Space and Enter', async () => {
    const user = userEvent.setup();
    renderGrid({ brush: 0.5 });
    await user.tab();
    expect(document.activeElement).toBe(cell('Monday', 9));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(cell('Monday', 10));
    await user.keyboard(' ');
    expect(says('Monday', 10)).toBe('50 %');
    await user.keyboard(' ');
    expect(says('Monday', 10)).toBe('in keinem Zeitfenster');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(document.activeElement).toBe(cell('Tuesday', 10));
    expect(says('Tuesday', 10)).toBe('50 %');
    // Still one tab stop: the focused cell.
    expect(screen.getAllByRole('gridcell').filter((c) => c.tabIndex === 0)).toEqual([cell('Tuesday', 10)]);
  });

  it('paints as it moves with Shift+arrow', async () => {
    const user = userEvent.setup();
    renderGrid({ brush: 1 });
    await user.tab();
    await user.keyboard('{Shift>}{ArrowRight}{ArrowRight}{ArrowDown}{/Shift}');
    expect(says('Monday', 9)).toBe('in keinem Zeitfenster');
    expect(says('Monday', 10)).toBe('100 %');
    expect(says('Monday', 11)).toBe('100 %');
    expect(says('Tuesday', 11)).toBe('100 %');
  });

  it('goes to the ends of a day with Home and End, and of the week with Ctrl', async () => {
    const user = userEvent.setup();
    renderGrid();
    await user.tab();
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(cell('Monday', 23));
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(cell('Monday', 0));
    await user.keyboard('{Control>}{End}{/Control}');
    expect(document.activeElement).toBe(cell('Sunday', 23));
  });

  it('erases with the Erase brush', async () => {
    const user = userEvent.setup();
    renderGrid({ windows: [{ days: [1], start: '09:00', end: '09:59', share: 0.5 }], brush: 'erase' });
    await user.tab();
    await user.keyboard(' ');
    expect(says('Monday', 9)).toBe('in keinem Zeitfenster');
  });
});

describe('AvailabilityGrid: while a save is on its way', () => {
  it('says it is read-only and takes no paint from the pointer or the keyboard', async () => {
    const { painted } = renderGrid({ locked: true });
    expect(screen.getByRole('grid').getAttribute('aria-readonly')).toBe('true');
    await drag(['Monday', 9], ['Tuesday', 10]);
    const user = userEvent.setup();
    act(() => cell('Monday', 9).focus());
    await user.keyboard(' {Shift>}{ArrowRight}{/Shift}{Enter}');
    expect(painted).toEqual([]);
    expect(says('Monday', 9)).toBe('in keinem Zeitfenster');
  });
});
