/**
 * One engine process while the supervisor watches it: whether it answered lately (a frozen one is ended), and how it
 * is stopped cleanly, or killed when a clean stop takes too long.
 */
import type { EngineMessage } from './protocol';
import type { EngineProcess, SupervisorTimings } from './options';

/** Where the supervisor is: between `starting` and `running` an engine process exists; `waiting` is a back-off. */
export type Phase = 'idle' | 'starting' | 'running' | 'waiting' | 'failed' | 'stopping' | 'stopped';

export type FatalMessage = Extract<EngineMessage, { t: 'fatal' }>;

export interface RunningEngine {
  proc: EngineProcess;
  ready: boolean;
  lastPongAt: number | null;
  launchedAt: number;
  seq: number;
  /** Why the host ended it, if it did (a freeze); else its exit was unexpected. */
  endedBecause: string | null;
  fatal: FatalMessage | null;
}

/** A beat this many intervals late means the host was not running (sleep, a blocked main thread), not the engine. */
const HOST_STALL_FACTOR = 2.5;

/** How long a starting engine may be silent (Node loading the bundle on a busy machine, a long migration). */
const STARTING_SILENCE_MS = 15_000;

export function runningEngine(proc: EngineProcess, now: number): RunningEngine {
  return { proc, ready: false, lastPongAt: null, launchedAt: now, seq: 0, endedBecause: null, fatal: null };
}

/**
 * One heartbeat's look at the engine, `sinceLastBeat` after the previous one: why it is to be ended (frozen, or not
 * started in time), or null when it is only to be pinged.
 */
export function silenceVerdict(
  running: RunningEngine,
  now: number,
  sinceLastBeat: number,
  timings: SupervisorTimings,
): string | null {
  if (sinceLastBeat > HOST_STALL_FACTOR * timings.heartbeatMs) {
    // This process itself did not run for a while (the computer slept, a keychain prompt held the main thread, the
    // clock jumped): the engine's silence says nothing about the engine. Count from now.
    if (running.lastPongAt !== null) running.lastPongAt = now;
    else running.launchedAt = now;
  }
  // A new process answers once Node has loaded it; while it starts (migrations, opening the store) it may be busy
  // for longer than a running engine ever is; once it runs, every beat counts.
  const silentSince = running.lastPongAt ?? running.launchedAt;
  const allowed = running.ready ? timings.unresponsiveMs : Math.max(timings.unresponsiveMs, STARTING_SILENCE_MS);
  const startOverdue = !running.ready && now - running.launchedAt > timings.startTimeoutMs;
  if (startOverdue) return `did not start within ${Math.round(timings.startTimeoutMs / 1000)} s`;
  if (now - silentSince > allowed) return `stopped answering for ${Math.round((now - silentSince) / 1000)} s`;
  return null;
}

/**
 * Asks the engine to stop (it drains running tasks and removes its router mappings) and waits for its exit; after
 * `timeoutMs` it is killed, said through `log` first.
 */
export async function stopOrKill(proc: EngineProcess, timeoutMs: number, log: (line: string) => void): Promise<void> {
  proc.channel.send({ t: 'stop' });
  let timer: NodeJS.Timeout | undefined;
  const killed = await Promise.race([
    proc.exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (killed) {
    log(`the node did not stop within ${Math.round(timeoutMs / 1000)} s; ending it`);
    proc.kill();
    await proc.exited;
  }
}
