/**
 * The engine's whole observable state as one `NodeSnapshot`: the running parts' figures, and before the node has
 * started (or after it stopped) the same shape with nothing in it, so every screen reads one form.
 */
import { said } from '@shared/i18n/said';
import { localDay } from '@shared/calendar/days';
import {
  DEFAULT_SETTINGS,
  VERIFICATION_OFF,
  type AvailabilityInfo,
  type EngineEvent,
  type NodeSnapshot,
  type Notice,
  type OperatorInfo,
  type Settings,
} from '@shared/contract';
import { OWNER_NOT_WATCHING } from '@shared/contract/availability';
import { HEADLESS_UPDATES, runningEngine, updatesNotSupported, UPDATES_ELSEWHERE } from '@shared/contract/updates';
import { systemTimeZone } from '../availability';
import { energyInfo } from '../energy';
import type { Lifecycle } from './lifecycle';
import type { NodeServices } from './node-services';

export interface SnapshotInputs {
  version: number;
  now: Date;
  host: 'electron' | 'headless';
  appVersion: string;
  /** When this engine came to be (an engine in the host's own process runs from then on). */
  createdAt: string;
  settings: Settings | null;
  lifecycle: Lifecycle;
  available: boolean;
  pausedUntilMs: number | null;
  parts: ReturnType<NodeServices['snapshotParts']> | undefined;
  availability: AvailabilityInfo | undefined;
  setup: NodeSnapshot['setup'];
  recentEvents: EngineEvent[];
  notices: Notice[];
  /** The operator identity: kept in the secret store, so the same whether or not the node runs. */
  operator: OperatorInfo;
}

export function buildSnapshot(i: SnapshotInputs): NodeSnapshot {
  const s = i.settings;
  const parts = i.parts;
  return {
    schema: 1,
    version: i.version,
    emittedAt: i.now.toISOString(),
    host: i.host,
    appVersion: i.appVersion,
    state: i.lifecycle.state,
    stateSince: new Date(i.lifecycle.since).toISOString(),
    stateReason: i.lifecycle.reason,
    available: i.available,
    pausedUntil: i.pausedUntilMs === null ? null : new Date(i.pausedUntilMs).toISOString(),
    node: {
      nodeId: parts?.nodeId ?? null,
      displayName: parts?.displayName ?? s?.displayName ?? '',
      region: s?.region ?? '',
    },
    directory: parts?.directory ?? {
      link: 'not_configured',
      url: s?.directoryUrl ?? '',
      lastHeartbeatAt: null,
      registeredAt: null,
      nextAttemptAt: null,
      message: said('network.link.notRunning'),
      membership: false,
    },
    backend: parts?.backend ?? {
      status: 'not_configured',
      url: s?.backendUrl ?? null,
      flavour: null,
      models: [],
      message: null,
      servers: [],
      pull: null,
    },
    availability: i.availability ?? idleAvailability(s),
    earnings: parts?.earnings ?? idleEarnings(s),
    operator: i.operator,
    fleet: parts?.fleet ?? null,
    reachability: parts?.reachability ?? idleReachability(),
    capacity: parts?.capacity ?? { maxConcurrent: s?.maxConcurrent ?? 0, effectiveMaxConcurrent: 0, activeJobs: 0 },
    today: parts?.today ?? { jobs: 0, credits: null },
    recentTasks: parts?.recentTasks ?? [],
    requests: parts?.requests ?? idleRequests(),
    gateway: parts?.gateway ?? { enabled: s?.gateway.enabled ?? false, baseUrl: null, problem: null, spentToday: 0 },
    setup: i.setup,
    engineProcess: runningEngine(i.createdAt, process.pid),
    // The desktop app fills in its updater's status; the headless host has none, and says how to update it instead.
    update: updatesNotSupported(
      i.appVersion,
      s?.checkForUpdates ?? true,
      i.host === 'headless' ? HEADLESS_UPDATES : UPDATES_ELSEWHERE,
    ),
    recentEvents: i.recentEvents,
    notices: i.notices,
  };
}

/** What the snapshot says about availability before the node has started (or after it stopped). */
function idleAvailability(s: Settings | null): AvailabilityInfo {
  return {
    share: 0,
    windowShare: 0,
    reason: null,
    message: null,
    window: null,
    nextChangeAt: null,
    timeZone: systemTimeZone(),
    windowCount: 0,
    outsideShare: 0,
    conditions: {
      onlyOnMains: s?.onlyOnMains ?? false,
      idleMinutes: s?.idleMinutes ?? null,
      supported: false,
      onBattery: null,
      idleSeconds: null,
    },
    owner: OWNER_NOT_WATCHING,
  };
}

function idleEarnings(s: Settings | null): NodeSnapshot['earnings'] {
  return {
    today: { jobs: 0, tokens: 0, awarded: 0, pending: 0, rejected: 0, energyJ: 0, energyTasks: 0 },
    balance: null,
    totalEarned: null,
    asOf: null,
    syncError: null,
    reputationScore: null,
    probation: null,
    completedTasks: null,
    outbox: 0,
    timeZone: systemTimeZone(),
    energy: energyInfo(null, s?.energy ?? DEFAULT_SETTINGS.energy),
    verification: VERIFICATION_OFF,
    operatorWallet: null,
  };
}

function idleReachability(): NodeSnapshot['reachability'] {
  return {
    status: 'unknown',
    rungWords: null,
    relay: null,
    tunnel: null,
    pinhole: null,
    check: { running: false, last: null, probe: null },
    verified: false,
    verifiedAt: null,
    method: null,
    endpoint: null,
    message: null,
    taskPort: null,
    localAddress: null,
    routerExternalIp: null,
    natWarning: null,
    mapping: null,
    transportMethod: null,
    exposureMode: null,
    steps: [],
  };
}

/** The requests feed before the node has started (or after it stopped): nothing answered. */
function idleRequests(): NodeSnapshot['requests'] {
  return {
    day: localDay(Date.now(), systemTimeZone()),
    served: 0,
    refused: 0,
    failed: 0,
    reasons: [],
    advice: [],
    recent: [],
    unlisted: 0,
    idle: null,
  };
}
