import {
  closeSync,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { TASK_UNITS, type TaskUnits } from '@shared/contract';
import type { JournalMark, LedgerEntry } from './ledger-entries';

export type { JournalMark };

/** A frame read back from the journal: the entries of one group, and the mark just after it. */
export interface JournalFrame {
  entries: LedgerEntry[];
  end: JournalMark;
}

/** A journal file past this size is followed by a new one; the old one goes once the ledger holds it on disk. */
const ROTATE_BYTES = 8 * 1024 * 1024;
/** Length and CRC-32 of the payload, little-endian. */
const HEAD_BYTES = 8;
/** No group of ours comes near this; a longer length read back is damage, and ends the file there. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/**
 * The ledger's write-ahead journal: each group of finished tasks appended to a file with one `write()` before their
 * answers go, and taken into the SQLite ledger later in large batches (the ledger writer's fold). Once `append`
 * returns, the group is in the kernel's page cache: it survives the process being killed, as a WAL commit with
 * `synchronous=NORMAL` does, and costs a single system call instead of a commit's dozen writes and locks — the
 * random index pages a commit rewrites were most of a task's cost. What must survive a power cut (a receipt before
 * it is posted) is folded and flushed with the database first, as before.
 *
 * Files are `<base>.<generation>`, frames `[length u32][crc32 u32][JSON of the entries]`. The ledger stores the mark
 * of the last frame it took in within the same transaction as the rows, so a restart replays exactly the frames
 * after it (`recover`); a torn or damaged tail — the last write cut short by a power cut — ends a file. A file
 * whose frames are all in the ledger is removed once the ledger is on stable storage (`removeBefore`).
 */
export class LedgerJournal {
  private fd: number;
  private genNow: number;
  private size = 0;

  private constructor(
    private readonly base: string,
    gen: number,
    private readonly rotateBytes: number,
  ) {
    this.genNow = gen;
    this.fd = openFile(this.fileOf(gen));
  }

  /**
   * The frames left after `mark` in the journal at `base` (every file at or after the mark's generation, in order),
   * for the ledger to take in before anything else reads it.
   */
  static recover(base: string, mark: JournalMark): { frames: JournalFrame[]; gens: number[] } {
    const gens = generations(base);
    const frames: JournalFrame[] = [];
    for (const gen of gens) {
      if (gen < mark.gen) continue;
      readFrames(readFileSync(`${base}.${gen}`), gen, gen === mark.gen ? mark.offset : 0, frames);
    }
    return { frames, gens };
  }

  /**
   * A fresh journal after a restart. Call once everything `recover` returned is in the ledger and on stable storage:
   * the old files are removed and appends go to a generation after all of them and after the ledger's mark.
   */
  static startFresh(
    base: string,
    mark: JournalMark,
    gens: readonly number[],
    rotateBytes = ROTATE_BYTES,
  ): LedgerJournal {
    for (const gen of gens) removeFile(`${base}.${gen}`);
    const next = Math.max(mark.gen, ...gens, 0) + 1;
    return new LedgerJournal(base, next, rotateBytes);
  }

  /** The mark after the last frame appended. */
  get position(): JournalMark {
    return { gen: this.genNow, offset: this.size };
  }

  /**
   * One frame for the group, with one write. On failure (a full disk) the file is cut back to where it was, so a
   * later frame is never hidden behind a torn one, and the error is thrown: the group is then the ledger's to write.
   */
  append(entries: readonly LedgerEntry[]): JournalMark {
    return this.appendPayload(encodeEntries(entries));
  }

  /** `append` for entries already encoded (`encodeEntries`): the ledger writer keeps the bytes for the fold thread. */
  appendPayload(payload: Buffer): JournalMark {
    if (this.size >= this.rotateBytes) this.rotate();
    const frame = Buffer.allocUnsafe(HEAD_BYTES + payload.length);
    frame.writeUInt32LE(payload.length, 0);
    frame.writeUInt32LE(crc32(payload), 4);
    payload.copy(frame, HEAD_BYTES);
    let written = 0;
    try {
      while (written < frame.length)
        written += writeSync(this.fd, frame, written, frame.length - written, this.size + written);
    } catch (err) {
      if (written > 0) ftruncateSync(this.fd, this.size);
      throw err;
    }
    this.size += frame.length;
    return { gen: this.genNow, offset: this.size };
  }

  /**
   * Removes the files before generation `gen`: call once a mark at `gen` or later is in the ledger on stable storage.
   */
  removeBefore(gen: number): void {
    for (const g of generations(this.base)) if (g < gen && g !== this.genNow) removeFile(this.fileOf(g));
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    const fd = openFile(this.fileOf(this.genNow + 1));
    closeSync(this.fd);
    this.fd = fd;
    this.genNow += 1;
    this.size = 0;
  }

  private fileOf(gen: number): string {
    return `${this.base}.${gen}`;
  }
}

/** Flushes a file to stable storage, synchronously (at start-up, before the journal it replaced is removed). */
export function syncFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Owner-only, created empty (a generation is never reopened: a file found at start-up is replayed, then removed). */
function openFile(path: string): number {
  return openSync(path, 'w', 0o600);
}

function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The generations of the journal files at `base`, oldest first. */
function generations(base: string): number[] {
  const prefix = `${basename(base)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(base));
  } catch {
    return [];
  }
  const gens: number[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (/^[1-9][0-9]{0,14}$/.test(rest)) gens.push(Number(rest));
  }
  return gens.sort((a, b) => a - b);
}

/** The whole frames of a file from `from` on; the first short, oversized or damaged one ends it. */
function readFrames(buf: Buffer, gen: number, from: number, out: JournalFrame[]): void {
  let at = from;
  while (at + HEAD_BYTES <= buf.length) {
    const length = buf.readUInt32LE(at);
    const end = at + HEAD_BYTES + length;
    if (length > MAX_FRAME_BYTES || end > buf.length) return;
    const payload = buf.subarray(at + HEAD_BYTES, end);
    if (crc32(payload) !== buf.readUInt32LE(at + 4)) return;
    const entries = decodeEntries(payload);
    if (entries === null) return;
    out.push({ entries, end: { gen, offset: end } });
    at = end;
  }
}

/** A group's entries as a frame's payload carries them. */
export function encodeEntries(entries: readonly LedgerEntry[]): Buffer {
  return Buffer.from(JSON.stringify(entries));
}

/** A frame's entries, each checked for the fields the ledger needs; null when the frame is not ours to trust. */
export function decodeEntries(payload: Uint8Array): LedgerEntry[] | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  return value.every(isEntry) ? (value as LedgerEntry[]) : null;
}

function isEntry(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const { row, receipt } = v as Partial<LedgerEntry>;
  if (typeof row !== 'object' || row === null) return false;
  const okRow =
    typeof row.taskId === 'string' &&
    Number.isFinite(row.ts) &&
    typeof row.intent === 'string' &&
    (row.model === null || typeof row.model === 'string') &&
    (row.outcome === 'ok' || row.outcome === 'error') &&
    (row.tokens === null || Number.isFinite(row.tokens)) &&
    Number.isFinite(row.latencyMs) &&
    (row.nonce === undefined || row.nonce === null || typeof row.nonce === 'string') &&
    (row.energyJ === undefined || row.energyJ === null || (Number.isFinite(row.energyJ) && row.energyJ >= 0)) &&
    isUnits(row.units);
  if (!okRow) return false;
  if (receipt === null) return true;
  return (
    typeof receipt === 'object' &&
    receipt !== null &&
    typeof receipt.body === 'object' &&
    receipt.body !== null &&
    Number.isFinite(receipt.amount) &&
    Number.isFinite(receipt.expiresAt)
  );
}

function isUnits(u: unknown): boolean {
  if (u === undefined || u === null) return true;
  if (typeof u !== 'object') return false;
  const { unit, count } = u as Partial<TaskUnits>;
  return (TASK_UNITS as readonly unknown[]).includes(unit) && Number.isSafeInteger(count) && count! >= 0;
}

/** The journal beside a database file. */
export function journalBase(dbPath: string): string {
  return join(dirname(dbPath), `${basename(dbPath)}.ledger-journal`);
}
