/**
 * Running programs from Linux's /proc, look after look, at a fraction of a full read's cost. A full read opens each
 * process's `cmdline` and `comm` (on a desktop with 500 processes, more than the watcher's whole budget of half a
 * percent of a core at one look every 1.5 s). So a process is named in full when it first appears — a game started
 * now is named in this look — and afterwards only its `comm` is read, a quarter of the known processes each look: a
 * process that replaced itself (`exec`, as Wine and launchers do) changes its `comm`, and is named anew within four
 * looks. A process that ended leaves the list at the next look, and its id is forgotten with it.
 */
import { join } from 'node:path';
import { DEFAULT_PROC_LIMITS, processIds, procComm, procProgramName, type ProcLimits, type ProgramEntry } from './running-programs';

/** Known processes have their `comm` read again once every this many looks. */
const RECHECK_ROUNDS = 4;

interface Known {
  comm: string | null;
  name: string | null;
}

export class LinuxProgramList {
  private known = new Map<number, Known>();
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
    const next = new Map<number, Known>();
    const entries: ProgramEntry[] = [];
    for (const pid of ids) {
      const dir = join(this.procRoot, String(pid));
      let k = this.known.get(pid);
      if (k && pid % RECHECK_ROUNDS === this.turn && procComm(dir, this.buffer) !== k.comm) k = undefined;
      if (!k) {
        const comm = procComm(dir, this.buffer);
        k = { comm, name: procProgramName(dir, this.buffer) };
      }
      next.set(pid, k);
      if (k.name) entries.push({ pid, name: k.name });
    }
    this.known = next;
    return entries;
  }
}
