import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes one line to stdout, whole, for a child process whose parent reads its lines as acknowledgements. The pipe
 * may be non-blocking, and it fills when the parent falls behind (a busy machine): a write then fails with EAGAIN,
 * which here means "wait a moment", never "crash" — a child that died of it would look like one that was killed.
 */
export function writeLine(line: string): void {
  let rest = Buffer.from(`${line}\n`);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(1, rest));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
