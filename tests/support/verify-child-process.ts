/**
 * Parent side of tests/support/verify-child.ts: starts the child, hears its progress, and gives its outcome — or how
 * it ended, when it was killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { VerifyChildConfig, VerifyChildDone } from './verify-child';

export interface VerifyChildProcess {
  child: ChildProcess;
  /** The child's outcome; rejects when it ended without one (killed, or broken: with its stderr). */
  done: Promise<VerifyChildDone>;
  /** Events read in this pass so far, as last reported. */
  progress(): number;
}

export function spawnVerifyChild(
  config: VerifyChildConfig,
  onProgress: (events: number) => void = () => {},
  cwd = process.cwd(),
): VerifyChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/verify-child.ts', JSON.stringify(config)], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  let progress = 0;
  let outcome: VerifyChildDone | null = null;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('progress ')) {
      progress = Number(line.slice(9));
      onProgress(progress);
    } else if (line.startsWith('done ')) outcome = JSON.parse(line.slice(5)) as VerifyChildDone;
  });
  const done = new Promise<VerifyChildDone>((resolve, reject) => {
    child.once('close', (code, signal) => {
      if (code === 0 && outcome) resolve(outcome);
      else reject(new Error(`the verify child ended (code ${code}, signal ${signal}) without an outcome\n${stderr}`));
    });
  });
  done.catch(() => undefined); // a test that kills it on purpose need not wait for this
  return { child, done, progress: () => progress };
}
