/** What a host passes to the running node: its data, its seams, and the timings tests shorten. */
import type { Said } from '@shared/i18n/said';
import type { EnergyMeter } from '../energy';
import type { BackendFlavour, EventLevel, Settings } from '@shared/contract';
import type { HostConditions } from '../availability';
import type { EngineEventName } from '@shared/words/event-words';
import type { OperatorLinkHooks, SecretStore } from '../identity';
import type { NatTuning } from '../nat';
import type { TaskPortLimits } from '../server';
import type { RelayWorkerTimings } from '../relay';
import type { Clock, Store } from '../store';
import type { OwnerTuning } from '../owner';
import type { MachineIdentity } from '../diagnostics';
import type { HostResolver } from '../net';
import type { BreakerTimes } from '../gateway';
import type { FleetHooks } from '../fleet';

/**
 * The timings and seams a test shortens or scripts, in one place: a real host passes none of them, so every value
 * here has a default in the module that uses it. The way in's own (router mapping, tunnels, pinhole, the directory's
 * instant dial) are `NatTuning` (nat/nat-parts.ts).
 */
export interface NodeTuning extends NatTuning {
  /** Waits between the first REGISTER tries after a start. */
  directoryStartupRetryDelaysMs?: number[];
  /** The first wait of the directory's back-off after a failure. */
  directoryBackoffBaseMs?: number;
  /** Replaces the well-known local servers detection probes (tests run fakes on free ports). */
  detectWellKnown?: readonly { url: string; label: BackendFlavour }[];
  /** Receipt and directory-sync timings (tests shorten them). */
  earnings?: {
    receiptTtlMs?: number;
    syncIntervalMs?: number;
    listingIntervalMs?: number;
    retryBaseMs?: number;
    now?: () => number;
    verifyIntervalMs?: number;
    verifyFirstDelayMs?: number;
    syncFollowMs?: number;
    syncFollowGapMs?: number;
  };
  /** Relay worker timings (tests shorten the back-off). */
  relay?: Partial<RelayWorkerTimings>;
  /**
   * How the names of relays, tunnels and LLM servers are resolved before they are judged or called (default the
   * operating system's resolver); tests map a public-looking name to loopback without touching /etc/hosts.
   */
  resolveHost?: HostResolver;
  /** Task-port limits (tests shorten or shrink them). */
  taskLimits?: TaskPortLimits;
  /** How often the screens get a new snapshot at most (default 250 ms). */
  snapshotIntervalMs?: number;
  /** How often the availability policy is looked at again (default 30 s). */
  policyTickMs?: number;
  /** The owner watcher's interval and tools (tests point them at fake driver tools). */
  owner?: OwnerTuning;
  /** This computer's user, name, home and addresses as the diagnostics mask them (tests give their own). */
  machine?: () => MachineIdentity;
  /** How long the gateway skips a node that failed (tests shorten it). */
  gatewayBreaker?: BreakerTimes;
  /** How often the directory's discovery is read for the person's machines not known yet (default 5 min). */
  fleetDiscoverMs?: number;
  /** How long a machine of the person's must answer again before its "back" is told (default ten looks). */
  fleetSettleMs?: number;
}

/**
 * What a host fixes for one run: a whole setting, or of a group of settings (an object, such as the gateway's) only
 * the fields it names — `--gateway` turns the gateway on and leaves the person's stored limits and origins as they are.
 */
export type SettingsOverrides = {
  [K in keyof Settings]?: Settings[K] extends readonly unknown[]
    ? Settings[K]
    : Settings[K] extends object
      ? Partial<Settings[K]>
      : Settings[K];
};

/** How a host runs the node's network side; shared by ProviderNode's options and passed on unchanged. */
export interface NodeRuntimeOptions {
  /** A backend API key given for this run only (IICP_BACKEND_API_KEY); never persisted. */
  backendApiKey?: string | null;
  /** Address the task server binds (default `::`, dual stack). */
  taskHost?: string;
  /** Task port for this run, overriding the setting; 0 = any free port (tests). */
  taskPort?: number;
  /** Register loopback/private endpoints (tests, LAN-only directories); never for real use. */
  allowPrivateEndpoint?: boolean;
  /** The gateway's port for this run, overriding the setting; 0 = any free port (tests, `--gateway-port`). */
  gatewayPort?: number;
  /**
   * A healthy node without a served task for this long is idle, and the dashboard says why (default 3 h; tests shorten
   * it).
   */
  idleAfterMs?: number;
  fetchImpl?: typeof fetch;
  /** How "Check my node" and tunnel watchdogs call public URLs (tests route tunnel host names to stand-ins). */
  publicFetch?: typeof fetch;
  /** Timings and seams tests shorten or script; a real host passes none of them. */
  tuning?: NodeTuning;
}

/** The options of this run alone, as the node hands them on to its running parts. */
export function runtimeOptions(o: NodeRuntimeOptions): NodeRuntimeOptions {
  const {
    backendApiKey,
    taskHost,
    taskPort,
    allowPrivateEndpoint,
    gatewayPort,
    idleAfterMs,
    fetchImpl,
    publicFetch,
    tuning,
  } = o;
  return {
    backendApiKey,
    taskHost,
    taskPort,
    allowPrivateEndpoint,
    gatewayPort,
    idleAfterMs,
    fetchImpl,
    publicFetch,
    tuning,
  };
}

export interface NodeServicesOptions extends NodeRuntimeOptions {
  dataDir: string;
  appVersion: string;
  store: Store;
  secrets: SecretStore;
  settings: () => Settings;
  /** Capacity the availability state allows right now (0 while paused). */
  capacity: () => number;
  /** Whether the person offers the node right now (the switch and, later, windows). */
  offered: () => boolean;
  log: (level: EventLevel, event: EngineEventName, details: string, persist?: boolean) => void;
  onChange: () => void;
  /** The backend stopped (message) or started (null) answering: the node is degraded meanwhile. */
  onBackendProblem?: (message: Said | null) => void;
  /** The ledger cannot be written (message) or can again (null): the node is degraded meanwhile. */
  onStoreProblem?: (message: Said | null) => void;
  /** While the computer's owner needs the GPU: the seconds a consumer should wait before trying again, else null. */
  ownerBusy?: () => number | null;
  /**
   * The owner uses the GPU (an app's request to this computer's own LLM server) until the returned function is called.
   */
  ownerUse?: () => () => void;
  /** Each task's share of the machine's power while it generates, and where the figures come from. */
  energy?: EnergyMeter;
  /**
   * "Tasks at once" is fixed for this run by the host (flag or environment): advice then does not point to Settings.
   */
  maxConcurrentFixed?: boolean;
  /** The person's operator identity, signed into every REGISTER (it outlives the run: it is the engine's). */
  operator?: OperatorLinkHooks;
  /** The person's other machines: the identity's list and key, this computer's switch and schedule, where alerts go. */
  fleet?: FleetHooks;
  /**
   * Whether the node is set up (the wizard finished, the host named the LLM server, or it registered before): until
   * then it does not register, so its first registration offers every server the wizard chose. Absent: set up.
   */
  setUp?: () => boolean;
}

export interface ProviderNodeOptions extends NodeRuntimeOptions {
  dataDir: string;
  host: 'electron' | 'headless';
  appVersion: string;
  /** Values from flags or environment that win over stored settings for this run (never persisted). */
  overrides?: SettingsOverrides;
  /** Conditions this host cannot observe, shown to the person (e.g. power source when headless). */
  limitations?: Said[];
  clock?: Clock;
  /** Where node token, HMAC key, CX private key and backend API key live (default: owner-only file). */
  secretStore?: SecretStore;
  /** Power source and idle time, from the desktop shell; absent headless (the conditions are then not applied). */
  hostConditions?: HostConditions;
  /** The person recorded a start-at-login choice (wizard or Settings): the shell applies it, once, now. */
  onStartAtLoginChosen?: (enabled: boolean) => void;
  /** How long an outage must last before it becomes a notice (default 60 s; tests shorten it). */
  noticeDebounceMs?: number;
  /** Why this engine replaces an earlier one that stopped unexpectedly (its host's words, logged once). */
  restartedBecause?: string | null;
}

/**
 * A task port the host chose for this run (`--port`, `IICP_PORT`) is a setting it fixed: every page shows the port
 * the node listens on, locked with the host's note, never a stored port that is not in force. Any free port (0, for
 * tests) and a port the setting cannot hold stay the run's alone.
 */
export function withRunTaskPort(o: ProviderNodeOptions): ProviderNodeOptions {
  const port = o.taskPort;
  if (port === undefined || port < 1024 || port > 65535 || o.overrides?.taskPort !== undefined) return o;
  return { ...o, overrides: { ...o.overrides, taskPort: port } };
}
