/**
 * What a snapshot says about the engine's process and the app's updates before a host fills them in: an engine in
 * the host's own process (tests, tools) always runs, and only the desktop app updates itself.
 */
import type { EngineProcessInfo, UpdateStatus } from '../../src-preload/contract';
import { ContractError } from './errors';
import type { HostCommandHandlers } from './dispatch';

export function runningEngine(since: string, pid: number | null = null): EngineProcessInfo {
  return { state: 'running', restarts: 0, message: null, since, pid };
}

export const UPDATES_ELSEWHERE = 'Updates are handled by the app that runs this node.';
export const HEADLESS_UPDATES =
  'This node runs headless, which does not update itself: update it the way you installed it (git pull and npm ci, or your package manager).';

/** A host that does not update itself, and why (`reason`). */
export function updatesNotSupported(currentVersion: string, autoCheck: boolean, reason: string): UpdateStatus {
  return {
    supported: false,
    reason,
    currentVersion,
    autoCheck,
    state: 'idle',
    lastCheckAt: null,
    nextCheckAt: null,
    available: null,
    downloadPercent: null,
    consented: false,
    message: null,
  };
}

/** The host commands of a host without a supervisor or an updater (the engine runs in its process). */
export function fixedHostHandlers(update: () => UpdateStatus): HostCommandHandlers {
  const noUpdates = (): never => {
    throw new ContractError('invalid_state', update().reason ?? UPDATES_ELSEWHERE);
  };
  return {
    restartEngine: () => {
      throw new ContractError('invalid_state', 'The node runs inside this program; there is no separate process to restart.');
    },
    getUpdateStatus: () => update(),
    checkForUpdates: noUpdates,
    installUpdate: noUpdates,
  };
}
