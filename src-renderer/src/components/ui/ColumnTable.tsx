import type { ComponentProps, ReactNode } from 'react';
import { useElementWidth } from '../../hooks/useElementWidth';
import { DataTable, type Column } from './DataTable';
import common from './common.module.css';
import table from './Table.module.css';

type DataAttributes = Record<`data-${string}`, string | number | undefined>;

/** Where a cell stands when its row is a short block (DataTable's `blocksAt`). */
export type BlockPlace =
  /** a line of its own, the whole block wide */
  | 'line'
  /** takes the room left on its line, cut rather than pushing */
  | 'grow'
  /** never narrower than its words */
  | 'fixed'
  /** at the line's far end */
  | 'end';

const PLACE_CLASS: Record<BlockPlace, string | undefined> = {
  line: table.blockLine,
  grow: table.blockGrow,
  fixed: table.blockFixed,
  end: table.blockEnd,
};

/** One column: its header, the cell it makes of each row, and how the cell is aligned and placed. */
export interface TableColumn<T> {
  /** The header's words; also the cell's name in a block when `named`. */
  label: string;
  /** A header read only by screen readers (a column of buttons). */
  labelHidden?: boolean;
  /** The header's tooltip. */
  title?: string;
  cell(item: T): ReactNode;
  /** The cell's own attributes: its tooltip, a test id. */
  cellProps?(item: T): { title?: string } & DataAttributes;
  /** 'end' for numbers: right-aligned, on one line, figures of one width. */
  align?: 'start' | 'end';
  /** The cell's own class (not the header's). */
  className?: string;
  /** In a short block, the column's name stands before the cell, since the header row is not shown. */
  named?: boolean;
  /** Where the cell stands in a short block; by default among the others, in the table's order. */
  inBlock?: BlockPlace;
  /**
   * Left out, header and cells, while the table's box is narrower than this (CSS pixels). It is measured, so it follows
   * a resize a frame later than the blocks, which the style sheet switches.
   */
  hideBelow?: number;
}

type FrameProps<T> = Omit<ComponentProps<typeof DataTable<T>>, 'columns' | 'row' | 'wrapRef'>;

interface Props<T> extends FrameProps<T> {
  columns: readonly TableColumn<T>[];
  rowKey(item: T): string | number;
  /** The row's own attributes (`data-…`). */
  rowProps?(item: T): DataAttributes;
}

const classes = (...names: (string | undefined | false)[]) => names.filter(Boolean).join(' ') || undefined;

/**
 * A data table laid out from its columns: each column's header, its cell for each row, its alignment, and where it
 * stands when the rows become short blocks on a narrow card (`blocksAt`).
 */
export function ColumnTable<T>({ columns: all, rowKey, rowProps, ...frame }: Props<T>) {
  const [wrapRef, width] = useElementWidth<HTMLDivElement>();
  // Not measured yet (0): every column, as the table was before any width was known.
  const columns = all.filter((c) => c.hideBelow === undefined || width === 0 || width >= c.hideBelow);
  const headers: Column[] = columns.map((c) => ({
    label: c.labelHidden ? <span className={common.visuallyHidden}>{c.label}</span> : c.label,
    className: c.align === 'end' ? table.num : undefined,
    title: c.title,
  }));
  return (
    <DataTable
      {...frame}
      wrapRef={all.some((c) => c.hideBelow !== undefined) ? wrapRef : undefined}
      columns={headers}
      row={(item) => (
        <tr key={rowKey(item)} {...rowProps?.(item)}>
          {columns.map((c, i) => (
            <td
              key={i}
              className={classes(c.align === 'end' && table.num, c.inBlock && PLACE_CLASS[c.inBlock], c.className)}
              data-label={c.named ? c.label : undefined}
              {...c.cellProps?.(item)}
            >
              {c.cell(item)}
            </td>
          ))}
        </tr>
      )}
    />
  );
}
