/**
 * The programs running on this computer, for "pause while these run": read from /proc on Linux, and from the text of
 * `ps` (macOS) and `tasklist` (Windows), which the caller runs. Nothing here logs or sends anything: the list of
 * running programs is private and never leaves this computer. Parsers never throw on garbage; they skip what they
 * cannot read, and cap what they keep.
 */
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { programKey, programName } from './program-names';

export interface ProgramEntry {
  pid: number;
  /** The program's name as {@link programName} makes it: a base name, cleaned and capped. */
  name: string;
}

/** Most entries one listing returns; a desktop runs a few hundred processes. */
export const MAX_PROGRAM_ENTRIES = 4096;
/** Most text a parser reads (`ps`, `tasklist`); the rest is dropped at the last whole line. */
export const MAX_LIST_CHARS = 2 * 1024 * 1024;
/** Process ids are unsigned 32-bit numbers on every platform this app runs on. */
const MAX_PID = 0xffff_ffff;

export interface ProcLimits {
  /** Most processes read. When there are more, the highest ids (mostly the newest processes) are kept. */
  maxProcesses: number;
  /** Most bytes read from one file (`comm`, `cmdline`). */
  maxFileBytes: number;
}

export const DEFAULT_PROC_LIMITS: ProcLimits = { maxProcesses: MAX_PROGRAM_ENTRIES, maxFileBytes: 4096 };

/**
 * Running programs from Linux's /proc. A process's name is its `comm` (what `ps` and `top` show), which the kernel
 * cuts to 15 bytes ("Cyberpunk2077.e"); the full name is the base name of the first field of its `cmdline`, used when
 * it starts with `comm`. When it does not, the process rewrote its command line ("sshd: me@pts/0") or runs through
 * an interpreter (`python3` for a `vllm` script, whose `comm` is "vllm"), and `comm` is the better name.
 *
 * Kernel threads (and finished processes not yet reaped) have an empty `cmdline` and are skipped. A process that
 * ends while it is read, or whose files this user may not read, is skipped or named from what could be read.
 *
 * Synchronous on purpose: it runs in the owner watcher's own thread, and plain reads cost far less than promises
 * (measured on a two-core machine: about 8 µs per process, 0.5 ms for 83 processes and 5.6 ms for 680, against
 * 30 ms for 670 with promises). Throws only when `procRoot` itself cannot be listed, so the caller never takes
 * "no /proc" for "nothing runs".
 */
export function listLinuxPrograms(procRoot = '/proc', limits: Partial<ProcLimits> = {}): ProgramEntry[] {
  return new LinuxProgramList(procRoot, limits).list();
}

/** Known processes have their `comm` read again once every this many looks. */
const RECHECK_ROUNDS = 4;

/** What a process was last read as: its `comm` (null: not read) and its name (null: none, as for a kernel thread). */
interface ProcProgram {
  comm: string | null;
  name: string | null;
}

/**
 * {@link listLinuxPrograms} look after look, at a fraction of a full read's cost. A full read opens each process's
 * `comm` and `cmdline` (on a desktop with 500 processes, more than the watcher's whole budget of half a percent of a
 * core at one look every 1.5 s). So a process is named in full when it first appears — a game started now is named
 * in this look — and afterwards only its `comm` is read, a quarter of the known processes each look: a process that
 * replaced itself (`exec`, as Wine and launchers do) changes its `comm`, and is named anew within four looks. A
 * process that ended leaves the list at the next look, and its id is forgotten with it.
 */
export class LinuxProgramList {
  private known = new Map<number, ProcProgram>();
  private turn = 0;
  private readonly limits: ProcLimits;
  private readonly buffer: Buffer;

  constructor(
    private readonly procRoot = '/proc',
    limits: Partial<ProcLimits> = {},
  ) {
    this.limits = { ...DEFAULT_PROC_LIMITS, ...limits };
    this.buffer = Buffer.alloc(Math.max(16, Math.floor(this.limits.maxFileBytes)));
  }

  /** The programs running now. Throws only when `procRoot` itself cannot be listed. */
  list(): ProgramEntry[] {
    const ids = processIds(this.procRoot, this.limits.maxProcesses);
    this.turn = (this.turn + 1) % RECHECK_ROUNDS;
    const next = new Map<number, ProcProgram>();
    const entries: ProgramEntry[] = [];
    for (const pid of ids) {
      const dir = join(this.procRoot, String(pid));
      let p = this.known.get(pid);
      if (p && pid % RECHECK_ROUNDS === this.turn && procComm(dir, this.buffer) !== p.comm) p = undefined;
      p ??= procProgram(dir, this.buffer);
      next.set(pid, p);
      if (p.name) entries.push({ pid, name: p.name });
    }
    this.known = next;
    return entries;
  }
}

/** The numeric entries of /proc, at most `max`, highest kept, in ascending order. */
function processIds(procRoot: string, max: number): number[] {
  const ids: number[] = [];
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d{1,10}$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid <= MAX_PID) ids.push(pid);
  }
  ids.sort((a, b) => a - b);
  // A new game is more likely among the newest processes than among the daemons started at boot.
  return ids.slice(Math.max(0, ids.length - Math.max(0, Math.floor(max))));
}

/** A process's `comm` as the kernel keeps it (changed by `exec` and by the process itself), or null when not read. */
function procComm(dir: string, buffer: Buffer): string | null {
  const comm = readCapped(join(dir, 'comm'), buffer);
  return typeof comm === 'string' ? null : comm.text;
}

/**
 * One process's `comm` and name; the name is null for a kernel thread, a process that ended, or one nothing of could be
 * read.
 */
function procProgram(dir: string, buffer: Buffer): ProcProgram {
  const comm = readCapped(join(dir, 'comm'), buffer);
  if (comm === 'gone') return { comm: null, name: null };
  const commText = comm === 'unreadable' ? null : comm.text;
  const cmdline = readCapped(join(dir, 'cmdline'), buffer);
  // Kernel threads have no command line; neither do processes that have exited but are not yet reaped.
  if (cmdline === 'gone' || (cmdline !== 'unreadable' && cmdline.text.length === 0))
    return { comm: commText, name: null };
  const commName = commText === null ? '' : programName(commText);
  const fullName = cmdline === 'unreadable' ? '' : programName(firstField(cmdline));
  const name = commName && fullName.startsWith(commName) ? fullName : commName || fullName;
  return { comm: commText, name: name || null };
}

/**
 * The first NUL-separated field of a command line, or '' when the read was cut before that field ended (a base name
 * taken from a cut path would be a wrong name). A command line without any NUL is one rewritten title, used whole.
 */
function firstField(cmdline: { text: string; cut: boolean }): string {
  const end = cmdline.text.indexOf('\0');
  if (end >= 0) return cmdline.text.slice(0, end);
  return cmdline.cut ? '' : cmdline.text;
}

/**
 * Up to `buffer.length` bytes of a /proc file as text, and whether the file may go on past them. 'gone' when the
 * process ended (ENOENT, ESRCH), 'unreadable' for anything else (permissions, a hardened /proc).
 */
function readCapped(path: string, buffer: Buffer): { text: string; cut: boolean } | 'gone' | 'unreadable' {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return { text: buffer.toString('utf8', 0, n), cut: n === buffer.length };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ESRCH' ? 'gone' : 'unreadable';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Arguments for macOS's `ps`: every process, its id and command, no header. `-ww` because `ps` writing to a pipe
 * cuts its last column to 79 characters, and a command is a full path
 * ("/Applications/Steam.app/Contents/MacOS/steam_osx").
 */
export function psArgs(): string[] {
  return ['-ww', '-axo', 'pid=,comm='];
}

/** `ps -axo pid=,comm=` lines: the id, spaces, then the command (which may hold spaces) to the end of the line. */
export function parsePs(text: string): ProgramEntry[] {
  const entries: ProgramEntry[] = [];
  for (const line of lines(text)) {
    if (entries.length >= MAX_PROGRAM_ENTRIES) break;
    const m = /^\s*(\d{1,10})\s+(\S.*)$/.exec(line);
    if (!m) continue;
    const entry = toEntry(m[1]!, m[2]!);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Arguments for Windows' `tasklist`: every process as CSV, no header. */
export function tasklistArgs(): string[] {
  return ['/fo', 'csv', '/nh'];
}

/**
 * `tasklist /fo csv /nh` lines: `"Image Name","PID","Session Name","Session#","Mem Usage"`, every field quoted. A
 * name may hold commas, and a quote inside a field is doubled. The memory column is localised ("12,345 K",
 * "12.345 K", "12 345 Ko") and not read. Lines that are not records, such as the localised "INFO: No tasks are
 * running which match the specified criteria." or a header, are skipped.
 */
export function parseTasklistCsv(text: string): ProgramEntry[] {
  const entries: ProgramEntry[] = [];
  for (const line of lines(text)) {
    if (entries.length >= MAX_PROGRAM_ENTRIES) break;
    if (!line.startsWith('"')) continue;
    const fields = csvFields(line);
    if (!fields || fields.length < 2) continue;
    const entry = toEntry(fields[1]!.trim(), fields[0]!);
    if (entry) entries.push(entry);
  }
  return entries;
}

/**
 * One CSV line's fields, or null when a quote is left open. Quoted fields may hold commas and doubled quotes;
 * unquoted fields are taken as they are.
 */
export function csvFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] !== '"') break;
          i++;
        }
        field += line[i];
        i++;
      }
      i++;
      // Text between a closing quote and the next comma is not CSV; keep it rather than fail the whole line.
      while (i < line.length && line[i] !== ',') field += line[i++];
    } else {
      while (i < line.length && line[i] !== ',') field += line[i++];
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++;
  }
}

/** The input's lines, cut at {@link MAX_LIST_CHARS} (the last, partial line dropped) and without their "\r". */
function lines(text: string): string[] {
  let body = text;
  if (body.length > MAX_LIST_CHARS) {
    body = body.slice(0, MAX_LIST_CHARS);
    body = body.slice(0, Math.max(0, body.lastIndexOf('\n')));
  }
  return body.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function toEntry(pidText: string, rawName: string): ProgramEntry | null {
  if (!/^\d{1,10}$/.test(pidText)) return null;
  const pid = Number(pidText);
  const name = programName(rawName);
  return pid <= MAX_PID && name ? { pid, name } : null;
}

/**
 * Pseudo-processes the kernels list that are not programs anybody starts or could pick: Windows' idle and system
 * entries and macOS's kernel. Linux's kernel threads never reach a list (they have no command line). Compared exactly,
 * case and all: a real program may be called "registry" (Docker's), but Windows programs end in ".exe".
 */
const SYSTEM_PSEUDO_PROCESSES = new Set([
  'System Idle Process',
  'System',
  'Secure System',
  'Registry',
  'Memory Compression',
  'kernel_task',
]);

export interface PickerOptions {
  /**
   * Names to leave out, compared as `sameProgram` compares them: the caller passes this app's own processes (the
   * name of `process.execPath` and its helpers), which are not the owner's programs. LLM servers are not left out
   * here: the owner may use a second one for themselves. The caller may hide the one the node serves through, since
   * picking it would pause the node whenever it could serve.
   */
  hide?: readonly string[];
}

/**
 * The names Settings offers in "pause while these run": one per program (names `sameProgram` calls equal
 * count once), sorted without regard to case, at most {@link MAX_PROGRAM_ENTRIES}. Only the kernels' pseudo-processes
 * and the names in `hide` are left out: anything else a person runs might be the program they want to pick.
 */
export function distinctProgramNames(entries: readonly ProgramEntry[], options: PickerOptions = {}): string[] {
  const hidden = new Set((options.hide ?? []).map(programKey));
  const byKey = new Map<string, string>();
  for (const { name } of entries) {
    const key = programKey(name);
    if (!key || hidden.has(key) || SYSTEM_PSEUDO_PROCESSES.has(name)) continue;
    const seen = byKey.get(key);
    // Of two spellings of one program, keep the same one every time, whatever the order of the list.
    if (seen === undefined || name < seen) byKey.set(key, name);
  }
  // Keys are lower case and unique, so comparing them sorts without regard to case and never ties.
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .slice(0, MAX_PROGRAM_ENTRIES)
    .map(([, name]) => name);
}
