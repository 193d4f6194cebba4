/**
 * Parent side of tests/support/fault-node-child.ts: spawns the child (optionally through a wrapper such as
 * `unshare -m sh -c …`), waits for `ready`, sends commands and collects the engine's warn/error events.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EngineEvent } from '@shared/contract';
import type { FaultChildConfig } from './fault-node-child';

export type { FaultChildConfig, VerifyResult } from './fault-node-child';

export interface FaultNodeProcess {
  child: ChildProcess;
  /** Resolves with the task port once the node is registered; rejects if the child exits first. */
  ready: Promise<number>;
  /** Engine events at warn or error level, in order. */
  events: EngineEvent[];
  /** Everything the child wrote to stderr. */
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  call<T = Record<string, unknown>>(command: string, arg?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Sends a command without waiting for its answer; `onAnswer` sees it if it comes. */
  send(
    command: string,
    arg: Record<string, unknown> | undefined,
    onAnswer: (ok: boolean, value: unknown) => void,
  ): void;
  kill(signal?: NodeJS.Signals): void;
}

/** `wrap` is prepended to the command line (e.g. an `unshare` wrapper); the node's PID is the child's PID. */
export function spawnFaultNode(config: FaultChildConfig, wrap: string[] = []): FaultNodeProcess {
  const cmd = [
    ...wrap,
    process.execPath,
    '--import',
    'tsx',
    'tests/support/fault-node-child.ts',
    JSON.stringify(config),
  ];
  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const events: EngineEvent[] = [];
  const pending = new Map<string, (ok: boolean, value: unknown) => void>();
  let nextId = 1;
  let onReady: (port: number) => void = () => undefined;
  let onFail: (err: Error) => void = () => undefined;
  const ready = new Promise<number>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  ready.catch(() => undefined); // a test that never waits for it must not see an unhandled rejection
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      onFail(new Error(`the node exited (code ${code}, signal ${signal}) before it was ready:\n${stderr}`));
      for (const [, answer] of pending) answer(false, 'the node exited');
      pending.clear();
      resolve({ code, signal });
    });
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [kind, id, ...rest] = line.split(' ');
    if (kind === 'ready') onReady(Number(id));
    else if (kind === 'event') events.push(JSON.parse([id, ...rest].join(' ')) as EngineEvent);
    else if ((kind === 'ok' || kind === 'err') && id) {
      const answer = pending.get(id);
      pending.delete(id);
      const text = rest.join(' ');
      answer?.(kind === 'ok', kind === 'ok' ? JSON.parse(text) : text);
    }
  });
  const send = (
    command: string,
    arg: Record<string, unknown> | undefined,
    onAnswer: (ok: boolean, value: unknown) => void,
  ): void => {
    const id = String(nextId++);
    pending.set(id, onAnswer);
    child.stdin!.write(`${id} ${command}${arg ? ` ${JSON.stringify(arg)}` : ''}\n`, () => undefined);
  };
  child.stdin!.on('error', () => undefined); // writes after a SIGKILL
  return {
    child,
    ready,
    events,
    stderr: () => stderr,
    exited,
    send,
    call<T>(command: string, arg?: Record<string, unknown>, timeoutMs = 15_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`no answer to ${command} within ${timeoutMs} ms\n${stderr}`)),
          timeoutMs,
        );
        send(command, arg, (ok, value) => {
          clearTimeout(t);
          if (ok) resolve(value as T);
          else reject(new Error(`${command}: ${String(value)}`));
        });
      });
    },
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      child.kill(signal);
    },
  };
}
