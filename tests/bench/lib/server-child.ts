/**
 * Runs a bench server in its own process (`child_process.fork` with the tsx loader), so each server has
 * its own event loop and the OS schedules it like the separate program it is in real use. The child
 * reports `{type:'ready', info}` once it serves; the parent can ask `{type:'call', name, arg}` and stop it.
 * A child exits by itself when its parent goes away (IPC disconnect), so nothing is left running.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildServer<Info> {
  name: string;
  pid: number;
  info: Info;
  /** Asks the child for a named value (`handlers` in `serveChild`), passing it one JSON value if given. */
  call<T>(name: string, arg?: unknown): Promise<T>;
  /** user+system CPU time of the child in microseconds from /proc (Linux), else null. */
  cpuUs(): number | null;
  stop(): Promise<void>;
  /** SIGKILL: the process gets no chance to flush or close anything (what a crash or a power button does to it). */
  kill(): Promise<void>;
}

type Message =
  | { type: 'ready'; info: unknown }
  | { type: 'failed'; message: string }
  | { type: 'answer'; id: number; value?: unknown; error?: string };

/** Parent side: forks `script` with `args`, resolves when it is ready (or rejects within `timeoutMs`). */
export async function startChild<Info>(
  name: string,
  script: string,
  args: string[],
  opts: { execArgv?: string[]; timeoutMs?: number } = {},
): Promise<ChildServer<Info>> {
  const child: ChildProcess = fork(script, args, {
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let seq = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name}: not ready within ${opts.timeoutMs ?? 20_000} ms`)),
      opts.timeoutMs ?? 20_000,
    );
    child.on('message', (m: Message) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.info as Info);
      } else if (m.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${name}: ${m.message}`));
      } else if (m.type === 'answer') {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.value);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited early (code ${code})`));
      for (const w of waiting.values()) w.reject(new Error(`${name}: exited`));
    });
  }).catch((err: unknown) => {
    child.kill();
    throw err;
  });
  const pid = child.pid!;
  return {
    name,
    pid,
    info,
    call<T>(what: string, arg?: unknown): Promise<T> {
      const id = ++seq;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ type: 'call', id, name: what, arg });
      });
    },
    cpuUs() {
      try {
        // Fields 14 and 15 of /proc/<pid>/stat (utime, stime) in clock ticks; the comm field may hold
        // spaces, so count from the closing parenthesis. USER_HZ is 100 on Linux.
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(rest[11]) + Number(rest[12])) * 10_000;
      } catch {
        return null;
      }
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** What a child's server answers the parent's calls with: a named value, given the call's one JSON argument. */
type Handlers = Record<string, (arg: unknown) => unknown>;

/** Child side: starts a server, reports ready, answers calls, and exits on stop or when orphaned. */
export function serveChild<Info>(
  start: () => Promise<{ info: Info; handlers?: Handlers; close: () => Promise<void> }>,
): void {
  const send = (m: Message) => process.send?.(m);
  start().then(
    ({ info, handlers = {}, close }) => {
      let closing = false;
      const shutdown = () => {
        if (closing) return;
        closing = true;
        const force = setTimeout(() => process.exit(0), 8_000);
        void close()
          .catch(() => undefined)
          .finally(() => {
            clearTimeout(force);
            process.exit(0);
          });
      };
      process.on('message', (m: { type: string; id?: number; name?: string; arg?: unknown }) => {
        if (m.type === 'stop') return shutdown();
        if (m.type === 'call') {
          const h = handlers[m.name ?? ''];
          if (!h) return send({ type: 'answer', id: m.id!, error: `no handler ${m.name}` });
          Promise.resolve()
            .then(() => h(m.arg))
            .then(
              (value) => send({ type: 'answer', id: m.id!, value }),
              (err: unknown) => send({ type: 'answer', id: m.id!, error: String(err) }),
            );
        }
      });
      process.on('disconnect', shutdown);
      send({ type: 'ready', info });
    },
    (err: unknown) => {
      send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      process.exit(1);
    },
  );
}
