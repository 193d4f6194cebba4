/**
 * An attacker in a process of its own (a `*-attacker-child.ts` of this folder), so that what it costs to send the
 * hostile traffic does not slow the node's answers in the test's process. The child says `ready` once it is set up,
 * waits for `go`, and says `done` with its tallies when its time is up.
 */
import { fork } from 'node:child_process';

export interface AttackerApart<Done> {
  run(): Promise<Done>;
}

/** Starts the child module `url` with `args` (JSON on its command line) and resolves once it is ready. */
export async function attackerApart<Done>(url: URL, args: Record<string, unknown>): Promise<AttackerApart<Done>> {
  const child = fork(url, [JSON.stringify(args)], { execArgv: ['--import', 'tsx'] });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the attacker exited (code ${code}) before its ${type}`));
      child.once('exit', onExit);
      child.once('message', (m: { type: string }) => {
        child.off('exit', onExit);
        if (m.type === type) resolve(m as T);
        else reject(new Error(`the attacker said ${m.type}, not ${type}`));
      });
    });
  await next('ready');
  return {
    run() {
      const done = next<Done>('done');
      child.send({ type: 'go' });
      return done;
    },
  };
}
