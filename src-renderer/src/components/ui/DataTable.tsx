import type { CSSProperties, ReactNode, Ref } from 'react';
import common from './common.module.css';
import table from './Table.module.css';

/** A column's header: its words (or richer content), its class (`table.num` right-aligns numbers) and a tooltip. */
export interface Column {
  label: ReactNode;
  className?: string;
  title?: string;
}

/** Columns of numbers, right-aligned. */
export const numberColumns = (...labels: string[]): Column[] =>
  labels.map((label) => ({ label, className: table.num }));

interface Props<T> {
  columns: readonly Column[];
  /** The rows; null while they are being read. */
  rows: readonly T[] | null;
  /** What is said while the rows are being read. */
  loading?: ReactNode;
  /** A row's markup (a <tr> with its key, or a fragment of several). */
  row(item: T, index: number): ReactNode;
  /** Shown instead of the table (and its caption) when there are no rows. */
  empty?: ReactNode;
  /** Above the table: what it shows, such as "12 tasks shown, newest first." */
  caption?: ReactNode;
  /** Under the table, inside its box. */
  note?: ReactNode;
  /** After the table's box: "Show older" and the like. */
  footer?: ReactNode;
  /** Added to the table's own class. */
  className?: string;
  testId?: string;
  /** More attributes of the table element (`data-…`). */
  data?: Record<`data-${string}`, string | number>;
  /** In a box that scrolls sideways when the table is wider than its card; false for a table of a few short columns. */
  wrap?: boolean;
  /**
   * The card width (CSS pixels) at and below which each row becomes a short block: the header row is then read only
   * by screen readers and a cell with a `data-label` shows its column's name before it.
   */
  blocksAt?: number;
  /** The box the table stands in (not with `wrap` false), for a caller that measures it. */
  wrapRef?: Ref<HTMLDivElement>;
}

/**
 * A table of data: a header row of columns, one row per item, and words while it is read or instead of an empty table.
 */
export function DataTable<T>({
  columns,
  rows,
  loading,
  row,
  empty,
  caption,
  note,
  footer,
  className,
  testId,
  data,
  wrap = true,
  blocksAt,
  wrapRef,
}: Props<T>) {
  if (rows === null) {
    return (
      <p className={common.muted} role="status">
        {loading}
      </p>
    );
  }
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const classes = [table.table, blocksAt === undefined ? '' : table.blocks, className ?? ''].filter(Boolean).join(' ');
  const grid = (
    <table className={classes} data-testid={testId} {...data}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col" className={c.className} title={c.title}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{rows.map(row)}</tbody>
    </table>
  );
  return (
    <>
      {caption}
      {blocksAt !== undefined ? (
        <BlocksBox at={blocksAt} wrapRef={wrapRef}>
          {grid}
          {note}
        </BlocksBox>
      ) : wrap ? (
        <div className={table.wrap} ref={wrapRef}>
          {grid}
          {note}
        </div>
      ) : (
        grid
      )}
      {footer}
    </>
  );
}

/** The box of a table whose rows become blocks at and below a card width (`Table.module.css` says how). */
function BlocksBox({ at, wrapRef, children }: { at: number; wrapRef?: Ref<HTMLDivElement>; children: ReactNode }) {
  return (
    <div className={table.blocksBox} style={{ '--blocks-at': `${at}px` } as CSSProperties}>
      <div className={`${table.wrap} ${table.blocksWrap}`} ref={wrapRef}>
        {children}
      </div>
    </div>
  );
}
