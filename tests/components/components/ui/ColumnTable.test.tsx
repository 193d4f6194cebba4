/**
 * The table laid out from its columns: a header per column and a cell per row from each column, numbers aligned as
 * numbers, the figures named for a narrow card's short blocks, the words instead of an empty table, the caption, and
 * a column left out while the table's box is narrower than its width.
 */
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ColumnTable, type TableColumn } from '@renderer/components/ui/ColumnTable';
import table from '@renderer/components/ui/Table.module.css';

interface Fruit {
  id: string;
  name: string;
  count: number;
}

const FRUITS: Fruit[] = [
  { id: 'a', name: 'Apple', count: 3 },
  { id: 'p', name: 'Pear', count: 12 },
];

const COLUMNS: TableColumn<Fruit>[] = [
  { label: 'Fruit', inBlock: 'line', cell: (f) => f.name },
  { label: 'Count', align: 'end', named: true, cell: (f) => String(f.count) },
  { label: 'Notes', hideBelow: 600, cellProps: (f) => ({ title: `about ${f.name}` }), cell: () => 'fresh' },
];

/** A stand-in for the browser's ResizeObserver whose boxes are as wide as a test says. */
class FakeResizeObserver {
  static all: FakeResizeObserver[] = [];
  private readonly seen: Element[] = [];
  private readonly report: (entries: { contentRect: { width: number } }[]) => void;
  constructor(report: (entries: { contentRect: { width: number } }[]) => void) {
    this.report = report;
    FakeResizeObserver.all.push(this);
  }
  observe(el: Element) {
    this.seen.push(el);
  }
  disconnect() {
    this.seen.length = 0;
  }
  static resize(width: number) {
    for (const o of FakeResizeObserver.all) if (o.seen.length > 0) o.report([{ contentRect: { width } }]);
  }
}

function show(rows: readonly Fruit[] | null, columns = COLUMNS) {
  render(
    <ColumnTable
      columns={columns}
      rows={rows}
      rowKey={(f) => f.id}
      rowProps={(f) => ({ 'data-fruit': f.id })}
      loading="Reading the fruit…"
      empty={<p>No fruit yet.</p>}
      caption={<p>2 fruits, ripest first.</p>}
      testId="fruit"
      blocksAt={499}
    />,
  );
}

const headers = () =>
  within(screen.getByTestId('fruit'))
    .getAllByRole('columnheader')
    .map((h) => h.textContent);

afterEach(() => {
  FakeResizeObserver.all = [];
  vi.unstubAllGlobals();
});

describe('ColumnTable', () => {
  it('makes a header per column and a row of cells per item, numbers aligned and named for short blocks', () => {
    show(FRUITS);
    expect(screen.getByText('2 fruits, ripest first.')).toBeTruthy();
    expect(headers()).toEqual(['Fruit', 'Count', 'Notes']);
    const rows = within(screen.getByTestId('fruit')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-fruit'))).toEqual(['a', 'p']);
    const [name, count, notes] = within(rows[1]!).getAllByRole('cell');
    expect(name!.textContent).toBe('Pear');
    expect(name!.className).toContain(table.blockLine);
    expect(count!.textContent).toBe('12');
    expect(count!.className).toContain(table.num);
    expect(count!.getAttribute('data-label')).toBe('Count');
    expect(name!.hasAttribute('data-label')).toBe(false);
    expect(notes!.getAttribute('title')).toBe('about Pear');
    // The blocks are the style sheet's: the table carries their class, its box the card width they start at.
    expect(screen.getByTestId('fruit').className).toContain(table.blocks);
    const box = screen.getByTestId('fruit').parentElement!.parentElement!;
    expect(box.className).toContain(table.blocksBox);
    expect(box.style.getPropertyValue('--blocks-at')).toBe('499px');
  });

  it('says so instead of an empty table, and that the rows are on their way while they are', () => {
    show(null);
    expect(screen.getByRole('status').textContent).toBe('Reading the fruit…');
    expect(screen.queryByRole('table')).toBeNull();
    cleanup();
    show([]);
    expect(screen.getByText('No fruit yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByText('2 fruits, ripest first.')).toBeNull();
  });

  it('leaves a column out while its box is narrower than the column asks, and brings it back when wider', () => {
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    show(FRUITS);
    // Before the box is measured every column shows.
    expect(headers()).toEqual(['Fruit', 'Count', 'Notes']);
    act(() => FakeResizeObserver.resize(599));
    expect(headers()).toEqual(['Fruit', 'Count']);
    expect(within(screen.getAllByRole('row')[1]!).getAllByRole('cell')).toHaveLength(2);
    expect(screen.queryByText('fresh')).toBeNull();
    act(() => FakeResizeObserver.resize(600));
    expect(headers()).toEqual(['Fruit', 'Count', 'Notes']);
    expect(screen.getAllByText('fresh')).toHaveLength(2);
  });

  it('measures nothing when no column depends on the width', () => {
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    show(
      FRUITS,
      COLUMNS.map(({ hideBelow: _, ...c }) => c),
    );
    act(() => FakeResizeObserver.resize(100));
    expect(headers()).toEqual(['Fruit', 'Count', 'Notes']);
  });
});
