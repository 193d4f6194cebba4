import type { JournalMark } from '../store';
import type { RefusedTask } from './ledger-wire';

/** A fold the thread did: the ledger's mark after it, and what it added. */
export interface FoldDone {
  mark: JournalMark;
  rows: number;
  receipts: number;
  refused: RefusedTask[];
}

/** The thread ended (or could not start) with folds still to answer: nothing of them is known to be written. */
export class FoldThreadGone extends Error {
  readonly code = 'FOLD_THREAD_GONE';
}

/** A fold the thread's connection could not write (a full disk): `code` is SQLite's. */
export class FoldFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** SQLite's codes for a connection that cannot do its work, rather than a database that refuses this one write. */
const CONNECTION_FAULT = /^SQLITE_(READONLY|CANTOPEN|IOERR|NOTADB|CORRUPT)/;

/** Whether a fold's failure says the thread's connection cannot write at all (it is replaced, not asked again). */
export function isConnectionFault(code: string): boolean {
  return CONNECTION_FAULT.test(code);
}

interface Pending {
  resolve: (done: FoldDone) => void;
  reject: (err: Error) => void;
}

/**
 * The calls sent to the ledger thread still waiting for its answer, by id: folds (answered with `FoldDone`, or failed)
 * and the poster's stops. When the thread goes, every fold waiting fails with `FoldThreadGone` and every stop is done.
 */
export class FoldAnswers {
  private readonly pending = new Map<number, Pending>();
  private readonly stops = new Map<number, () => void>();
  private nextId = 1;

  /** Calls of any kind still waiting for the thread's answer: a thread that owes one is not idle. */
  get owed(): number {
    return this.pending.size + this.stops.size;
  }

  /** A new fold's id, and the promise its answer settles. */
  fold(): { id: number; done: Promise<FoldDone> } {
    const id = this.nextId++;
    const done = new Promise<FoldDone>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    return { id, done };
  }

  /** A new stop of the poster's id, and the promise its answer (or the thread's end) settles. */
  stop(): { id: number; done: Promise<void> } {
    const id = this.nextId++;
    const done = new Promise<void>((resolve) => this.stops.set(id, resolve));
    return { id, done };
  }

  folded(id: number, done: FoldDone): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.resolve(done);
  }

  failed(id: number, err: Error): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.reject(err);
  }

  stopped(id: number): void {
    const done = this.stops.get(id);
    this.stops.delete(id);
    done?.();
  }

  /** The thread is gone: every fold waiting fails, every stop is done. */
  failAll(why: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new FoldThreadGone(why));
    const stops = [...this.stops.values()];
    this.stops.clear();
    for (const done of stops) done();
  }
}
