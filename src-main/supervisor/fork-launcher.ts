/** Starts the engine's process with `child_process.fork` (the headless host; tests). */
import { fork, type ChildProcess } from 'node:child_process';
import type { Channel } from './channel';
import type { EngineProcess, LaunchEngine } from './options';
import type { HostMessage } from './protocol';

export interface ForkOptions {
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
}

export function forkLauncher(entry: string, options: ForkOptions = {}): LaunchEngine {
  return (): EngineProcess => {
    const child = fork(entry, [], {
      env: options.env ?? process.env,
      ...(options.execArgv ? { execArgv: options.execArgv } : {}),
      // Its output joins the host's (one log for a person reading the terminal or the journal).
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      // Spawning failed (no such file, out of processes): there will be no exit event.
      child.once('error', () => {
        if (child.pid === undefined) resolve({ code: null, signal: null });
      });
    });
    return {
      pid: child.pid ?? null,
      channel: forkChannel<HostMessage, unknown>(child),
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
      exited,
    };
  };
}

/** The host's end of a `child_process.fork` IPC channel. */
export function forkChannel<Out, In>(child: ChildProcess): Channel<Out, In> {
  return {
    send(message) {
      if (!child.connected) return;
      try {
        child.send(message as object, (err) => {
          void err; // the child went away between the check and the write; its exit says the rest
        });
      } catch {
        // channel closed under us
      }
    },
    onMessage(listener) {
      const relay = (message: unknown) => listener(message as In);
      child.on('message', relay);
      return () => child.off('message', relay);
    },
  };
}
