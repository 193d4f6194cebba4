import { readFileSync } from 'node:fs';

/** A process's resident set (VmRSS) in MB, or null once it is gone (Linux /proc). */
export function rssMB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
