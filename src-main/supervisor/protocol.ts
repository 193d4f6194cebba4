/**
 * The one channel between a host (Electron shell, headless host) and the engine's own process: the typed contract's
 * commands and results, snapshots, events and notices, the heartbeat, and what only the host can do for the engine
 * (the OS key store behind `SecretStore`, power source and idle time). Both sides run our code, but a message is
 * still checked for its shape before use (`isEngineMessage`, `isHostMessage`): a half-written frame from a dying
 * process must not become an exception in the survivor.
 */
import type { EngineCommandName, EngineEvent, Notice, NodeSnapshot, Result, Settings } from '@shared/contract';
import type { SecretName } from '@engine/identity';
import type { ProviderNodeOptions } from '@engine/index';

/** What of the engine's options crosses the channel (plain data; functions stay on their side). */
export type EngineNodeOptions = Pick<
  ProviderNodeOptions,
  | 'dataDir'
  | 'host'
  | 'appVersion'
  | 'overrides'
  | 'limitations'
  | 'backendApiKey'
  | 'allowPrivateEndpoint'
  | 'noticeDebounceMs'
  | 'idleAfterMs'
  | 'taskHost'
  | 'taskPort'
  | 'gatewayPort'
>;

/** The host's secret store, as the engine sees it: values read once, each change written back through the host. */
export interface SecretsFromHost {
  description: string;
  encryptedAtRest: boolean;
  values: Partial<Record<SecretName, string>>;
}

export interface HostConditionsValue {
  onBattery: boolean | null;
  idleSeconds: number | null;
}

export type HostMessage =
  | {
      t: 'init';
      node: EngineNodeOptions;
      /** Null: the engine keeps its secrets in its own owner-only file (headless). */
      secrets: SecretsFromHost | null;
      /** Null: the host cannot observe power and idle time (headless). */
      conditions: HostConditionsValue | null;
      /** Whether the host applies a start-at-login choice (the desktop app). */
      startAtLogin: boolean;
      /** Why this engine replaces an earlier one (it says so in its log), or null on a first start. */
      restartedBecause: string | null;
    }
  | { t: 'call'; id: number; command: EngineCommandName; request: unknown }
  | { t: 'ping'; seq: number }
  | { t: 'wake' }
  | { t: 'conditions'; value: HostConditionsValue }
  | { t: 'secretsWritten'; id: number; error: string | null }
  | { t: 'stop' };

/** Why an engine could not start; `node_in_use` and `data_unusable` are not helped by restarting. */
export type StartFailureKind = 'node_in_use' | 'data_unusable' | 'start_failed';

export type EngineMessage =
  | { t: 'ready'; snapshot: NodeSnapshot; settings: Settings }
  | { t: 'fatal'; kind: StartFailureKind; title: string; message: string }
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'snapshot'; snapshot: NodeSnapshot }
  | { t: 'event'; event: EngineEvent }
  | { t: 'notice'; notice: Notice }
  | { t: 'settings'; settings: Settings }
  | { t: 'pong'; seq: number }
  | { t: 'writeSecrets'; id: number; changes: Partial<Record<SecretName, string | null>> }
  | { t: 'startAtLogin'; enabled: boolean }
  | { t: 'stopped' };

const ENGINE_TYPES = new Set<EngineMessage['t']>([
  'ready',
  'fatal',
  'result',
  'snapshot',
  'event',
  'notice',
  'settings',
  'pong',
  'writeSecrets',
  'startAtLogin',
  'stopped',
]);
const HOST_TYPES = new Set<HostMessage['t']>(['init', 'call', 'ping', 'wake', 'conditions', 'secretsWritten', 'stop']);

function tagged(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const t = (value as { t?: unknown }).t;
  return typeof t === 'string' ? t : null;
}

export function isEngineMessage(value: unknown): value is EngineMessage {
  const t = tagged(value);
  return t !== null && ENGINE_TYPES.has(t as EngineMessage['t']);
}

export function isHostMessage(value: unknown): value is HostMessage {
  const t = tagged(value);
  return t !== null && HOST_TYPES.has(t as HostMessage['t']);
}

/** Exit codes of the engine process (the same as the headless host's: a supervisor must not restart 73 and 78). */
export const ENGINE_EXIT = { ok: 0, startFailed: 1, nodeInUse: 73, dataUnusable: 78 } as const;

export function exitCodeFor(kind: StartFailureKind): number {
  return kind === 'node_in_use'
    ? ENGINE_EXIT.nodeInUse
    : kind === 'data_unusable'
      ? ENGINE_EXIT.dataUnusable
      : ENGINE_EXIT.startFailed;
}
