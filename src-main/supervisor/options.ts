/**
 * What a host passes to the supervisor: how to start an engine process, the engine's options, what only the host can
 * serve (secrets in the OS key store, power source and idle time), and the timings tests shorten.
 */
import type { NodeSnapshot } from '@shared/contract';
import type { HostConditions } from '@engine/availability';
import type { SecretStore } from '@engine/identity';
import type { Channel } from './channel';
import type { EngineNodeOptions, HostMessage } from './protocol';
import type { RestartPolicyOptions } from './restart-policy';

/** One engine process, however it was started (fork, utilityProcess, a test's fake). */
export interface EngineProcess {
  readonly pid: number | null;
  readonly channel: Channel<HostMessage, unknown>;
  /** Ends it at once (SIGKILL): for a process that no longer answers. */
  kill(): void;
  /** Settles once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
}

export type LaunchEngine = () => EngineProcess;

export interface SupervisorTimings {
  /**
   * How often the host pings the engine; an idle engine keeps this wake-up a second. Pinged less often, a frozen
   * engine would be noticed later than within 5 s, or, with the same silence allowed, an engine busy for a couple of
   * seconds would be taken for a frozen one.
   */
  heartbeatMs: number;
  /** No answer for this long from a started engine: it is frozen, and is killed and restarted. */
  unresponsiveMs: number;
  /** How long a new engine process may take to answer its first ping and then to start. */
  startTimeoutMs: number;
  /** How long a clean stop may take (draining tasks, removing router mappings) before the process is killed. */
  stopTimeoutMs: number;
  /** How often power source and idle time are passed on (the desktop app). */
  conditionsMs: number;
}

export const DEFAULT_TIMINGS: SupervisorTimings = {
  heartbeatMs: 1_000,
  unresponsiveMs: 4_000,
  startTimeoutMs: 60_000,
  stopTimeoutMs: 20_000,
  conditionsMs: 5_000,
};

export interface SupervisorOptions {
  launch: LaunchEngine;
  node: EngineNodeOptions;
  /** The desktop app's OS-key-store secrets, served to the engine; absent headless (the engine uses its own file). */
  secrets?: SecretStore | null;
  /** Power source and idle time, from the desktop; absent headless. */
  conditions?: HostConditions | null;
  onStartAtLoginChosen?: (enabled: boolean) => void;
  timings?: Partial<SupervisorTimings>;
  restartPolicy?: RestartPolicyOptions;
  now?: () => number;
  /** One plain line per thing a person running the host should know (e.g. stderr). */
  log?: (line: string) => void;
  /** Adds what the host knows to every snapshot passed on (e.g. the app's update status). */
  decorate?: (snapshot: NodeSnapshot) => NodeSnapshot;
}
