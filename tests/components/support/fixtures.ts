/**
 * Whole contract values for component tests, written out (the engine that makes real ones cannot be loaded into a
 * page): a node serving the network, the default settings, engine events, request rows and a detected server. Each test
 * overrides what it looks at.
 */
import {
  DEFAULT_SETTINGS,
  VERIFICATION_OFF,
  type DetectedBackend,
  type EngineEvent,
  type NodeSnapshot,
  type OperatorInfo,
  type RequestRow,
  type Settings,
  type VerificationInfo,
} from '@shared/contract';
import { OWNER_NOT_WATCHING } from '@shared/contract/availability';
import { UPDATES_ELSEWHERE, updatesNotSupported } from '@shared/contract/updates';
import { said } from '@shared/i18n/said';
import { useProviderStore } from '@renderer/store';

/** A fixed moment the fixtures are stamped with; tests about time say their own. */
export const AT = '2025-05-12T10:00:00.000Z';

type Nested = 'directory' | 'backend' | 'reachability' | 'availability' | 'capacity' | 'today' | 'requests' | 'node';
export type SnapshotPatch = Partial<Omit<NodeSnapshot, Nested>> & { [K in Nested]?: Partial<NodeSnapshot[K]> };

/**
 * A node serving the network: set up, registered, reachable at a public address, a healthy Ollama with one model,
 * 2 slots and nothing running, no schedule, on Europe/Berlin's clock; `patch` on top (nested parts merged).
 */
export function snapshot(patch: SnapshotPatch = {}): NodeSnapshot {
  const { directory, backend, reachability, availability, capacity, today, requests, node, ...rest } = patch;
  return {
    schema: 1,
    version: 1,
    emittedAt: AT,
    host: 'electron',
    appVersion: '0.1.0',
    state: 'online',
    stateSince: AT,
    stateReason: null,
    available: true,
    pausedUntil: null,
    node: { nodeId: 'node-1', displayName: 'Kitchen PC', region: 'eu-west', ...node },
    directory: {
      link: 'registered',
      url: 'https://iicp.network/api',
      lastHeartbeatAt: AT,
      registeredAt: AT,
      nextAttemptAt: null,
      message: null,
      membership: false,
      ...directory,
    },
    backend: {
      status: 'healthy',
      url: 'http://127.0.0.1:11434',
      flavour: 'ollama',
      models: ['qwen2.5:7b'],
      message: null,
      servers: [],
      pull: null,
      ...backend,
    },
    reachability: {
      status: 'public',
      rungWords: null,
      verified: true,
      verifiedAt: AT,
      method: 'public_ipv4',
      endpoint: 'http://203.0.113.7:9484',
      message: null,
      taskPort: 9484,
      localAddress: null,
      routerExternalIp: null,
      natWarning: null,
      mapping: null,
      relay: null,
      tunnel: null,
      pinhole: null,
      check: { running: false, last: null, probe: null },
      transportMethod: null,
      exposureMode: null,
      steps: [],
      ...reachability,
    },
    availability: {
      share: 1,
      windowShare: 1,
      reason: null,
      message: null,
      window: null,
      nextChangeAt: null,
      timeZone: 'Europe/Berlin',
      windowCount: 0,
      outsideShare: 0,
      conditions: { onlyOnMains: false, idleMinutes: null, supported: true, onBattery: null, idleSeconds: null },
      owner: OWNER_NOT_WATCHING,
      ...availability,
    },
    earnings: {
      today: { jobs: 0, tokens: 0, awarded: 0, pending: 0, rejected: 0, energyJ: 0, energyTasks: 0 },
      balance: null,
      totalEarned: null,
      asOf: null,
      syncError: null,
      reputationScore: null,
      probation: null,
      completedTasks: null,
      outbox: 0,
      timeZone: 'Europe/Berlin',
      energy: {
        source: 'none',
        meters: null,
        baselineW: null,
        powerW: null,
        typicalW: null,
        pricePerKwh: null,
        currency: 'EUR',
      },
      verification: verification(),
      operatorWallet: null,
    },
    operator: operator(),
    capacity: { maxConcurrent: 2, effectiveMaxConcurrent: 2, activeJobs: 0, ...capacity },
    today: { jobs: 0, credits: null, ...today },
    recentTasks: [],
    requests: {
      day: '2025-05-12',
      served: 0,
      refused: 0,
      failed: 0,
      reasons: [],
      advice: [],
      recent: [],
      unlisted: 0,
      idle: null,
      ...requests,
    },
    gateway: { enabled: false, baseUrl: null, problem: null, spentToday: 0 },
    fleet: null,
    recentEvents: [],
    notices: [],
    setup: { completed: true, startAtLogin: false },
    engineProcess: { state: 'running', restarts: 0, message: null, since: AT, pid: 4242 },
    update: updatesNotSupported('0.1.0', true, UPDATES_ELSEWHERE),
    ...rest,
  };
}

/** The awards not checked against the directory's signed record yet, `patch` on top. */
export function verification(patch: Partial<VerificationInfo> = {}): VerificationInfo {
  return { ...VERIFICATION_OFF, state: 'never', ...patch };
}

/** No operator identity on this computer, `patch` on top (`activeOperator` for one that exists). */
export function operator(patch: Partial<OperatorInfo> = {}): OperatorInfo {
  return {
    state: 'none',
    fingerprint: null,
    publicKey: null,
    displayName: null,
    createdAt: null,
    rotatedAt: null,
    storedEncrypted: true,
    directory: 'unknown',
    problem: null,
    ...patch,
  };
}

/** An operator identity made on this computer, bound at the directory; `patch` on top. */
export function activeOperator(patch: Partial<OperatorInfo> = {}): OperatorInfo {
  return operator({
    state: 'active',
    fingerprint: '3f2a9c1e7b21',
    publicKey: 'q6kq6kq6kq6kq6kq6kq6kq6kq6kq6kq6kq6kq6kq6ko=',
    displayName: 'Ada at home',
    createdAt: AT,
    directory: 'bound',
    ...patch,
  });
}

/** The settings a fresh node starts with, `patch` on top. */
export function settings(patch: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, notifications: { ...DEFAULT_SETTINGS.notifications }, ...patch };
}

/** One row of the event log. */
export function event(id: number, name: string, patch: Partial<EngineEvent> = {}): EngineEvent {
  return { id, ts: AT, level: 'info', event: name, details: '', ...patch };
}

/** One answer of the task port: served by default. */
export function requestRow(id: number, patch: Partial<RequestRow> = {}): RequestRow {
  return {
    id,
    at: AT,
    outcome: 'served',
    code: 'ok',
    words: said('dashboard.reason.ok'),
    status: 200,
    intent: 'urn:iicp:intent:llm:chat:v1',
    model: 'qwen2.5:7b',
    tokens: 120,
    tokensPerSecond: 40,
    durationMs: 3000,
    qos: null,
    taskId: `task-${id}`,
    delivery: null,
    ...patch,
  };
}

/** The page connected to a host that has published `snap` (or nothing yet). */
export function connectedTo(snap: NodeSnapshot | null = snapshot()): void {
  useProviderStore.setState({ connection: { kind: 'connected' }, snapshot: snap, acceptAnyVersion: false });
}

/** Ollama on this computer as the wizard's detection finds it: one chat model, loaded. */
export const DETECTED_OLLAMA: DetectedBackend = {
  url: 'http://127.0.0.1:11434',
  source: 'well_known',
  found: true,
  flavour: 'ollama',
  version: '0.5.0',
  models: [{ name: 'qwen2.5:7b', kind: 'chat', modalities: ['text'], loaded: true }],
  needsApiKey: false,
  problem: null,
  elapsedMs: 12,
};
