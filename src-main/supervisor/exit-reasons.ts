/**
 * Why an engine process ended or could not start, and the plain words the person and the host's log get for it: a
 * start failure, a crash loop, a command asked while no engine runs, a restart asked at the wrong moment.
 */
import type { Result } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import { START_FAILURE_TITLES } from './start-failure';
import { ENGINE_EXIT, type StartFailureKind } from './protocol';
import type { FatalMessage, Phase } from './running-engine';

/** The first engine of this host could not start; `kind` says whether trying again could help. */
export class EngineStartError extends Error {
  constructor(
    readonly kind: StartFailureKind,
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineStartError';
  }
}

export type ProcessExit = { code: number | null; signal: string | null };

export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The engine's start-failure exit codes, for a process whose last message was lost with it. */
export function fatalFromExitCode(code: number | null): FatalMessage | null {
  if (code === ENGINE_EXIT.nodeInUse)
    return {
      t: 'fatal',
      kind: 'node_in_use',
      title: START_FAILURE_TITLES.lock,
      message: 'Another program serves this node.',
    };
  if (code === ENGINE_EXIT.dataUnusable)
    return {
      t: 'fatal',
      kind: 'data_unusable',
      title: START_FAILURE_TITLES.data,
      message: 'Its data could not be used; the log says why.',
    };
  return null;
}

/** " (ended by signal SIGKILL)", " (exit code 1)", or nothing when the launcher could not tell. */
export function describeExit(exit: ProcessExit): string {
  if (exit.signal) return ` (ended by signal ${exit.signal})`;
  return exit.code === null ? '' : ` (exit code ${exit.code})`;
}

/** The first engine ended before it ran: what `start()` rejects with. */
export function startErrorFor(fatal: FatalMessage | null, exit: ProcessExit): EngineStartError {
  return fatal
    ? new EngineStartError(fatal.kind, fatal.title, fatal.message)
    : new EngineStartError(
        'start_failed',
        START_FAILURE_TITLES.other,
        `The node's process ended while starting${describeExit(exit)}.`,
      );
}

/** The engine's process could not be started at all: what `start()` rejects with when it was the first. */
export function launchFailedError(message: string): EngineStartError {
  return new EngineStartError(
    'start_failed',
    START_FAILURE_TITLES.other,
    `The node's process could not be started: ${message}`,
  );
}

/** The supervisor was stopped before its first engine ran: what `start()` rejects with. */
export function stoppedBeforeStart(): EngineStartError {
  return new EngineStartError(
    'start_failed',
    'IICP Provider was stopped',
    'The node was stopped before it had started.',
  );
}

/** What the person reads once the engine stopped too often to be restarted by itself. */
export function crashLoopMessage(stopsInWindow: number, windowMs: number): string {
  const minutes = Math.round(windowMs / 60_000);
  return (
    `The node stopped unexpectedly ${stopsInWindow} times within ${minutes === 1 ? 'a minute' : `${minutes} minutes`}, ` +
    'so it is not restarted again by itself. Save the logs (Logs page) if you want to report it, then press Restart now.'
  );
}

/** The answer to a command while no engine runs, saying why in the words of the moment. */
export function unavailable(phase: Phase): Result<never> {
  const words = said(
    phase === 'failed'
      ? 'refusal.engine.failed'
      : phase === 'stopping' || phase === 'stopped'
        ? 'refusal.engine.shuttingDown'
        : 'refusal.engine.restarting',
  );
  return { ok: false, error: { code: 'engine_unavailable', message: english.said(words), said: words } };
}

/** Why "Restart now" does nothing unless the engine stopped being restarted. */
export function restartRefusal(phase: Phase): Said {
  return said(
    phase === 'running'
      ? 'refusal.engine.running'
      : phase === 'stopping' || phase === 'stopped'
        ? 'refusal.engine.shuttingDown'
        : 'refusal.engine.starting',
  );
}
