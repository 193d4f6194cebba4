/**
 * The contract's commands bound to one engine: which method of the node (or of its running parts) answers each.
 * Requests arrive already validated by the dispatcher.
 */
import type { AppInfo, AvailabilityPreview, AvailabilitySchedule, DemandInfo, DetectionResult, EngineEvent, NodeSnapshot, ReceiptState, Settings, TaskDiagnosis } from '@shared/contract';
import type { CommandHandlers, EngineCommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import type { OperatorIdentity } from '../identity/operator-identity';
import { fleetCommandHandlers, refuseTakenName } from './fleet-commands';
import { CONFIRM_ELSEWHERE, newServerUrls, type ServerUrlField } from './server-commands';
import type { NodeServices } from './node-services';
import type { SetupQueryHandlers } from './setup-queries';
import type { LedgerFilter } from '../store/ledger-repo';
import { KeyLimitError } from '../gateway/app-keys';
import { GatewayOffError } from '../gateway/gateway-service';
import { TryRefused } from '../gateway/try-it';

/** What the commands need of the node. */
export interface CommandTarget {
  getSnapshot(): NodeSnapshot;
  appInfo(): AppInfo;
  pause(untilMs: number | null): NodeSnapshot;
  resume(): NodeSnapshot;
  getSettings(): Settings;
  updateSettings(patch: Partial<Settings>): Settings;
  listEvents(limit: number, beforeId?: number): EngineEvent[];
  removeNode(): Promise<{ removed: boolean; message: string }>;
  detectBackends(extraUrls: readonly string[], apiKeys: readonly { url: string; apiKey: string }[], confirmedUrls: readonly string[]): Promise<DetectionResult>;
  /** Saves the server; its address is judged first by the command (`vetServers`). */
  chooseBackend(r: { url: string; apiKey?: string | null; defaultModel: string | null; excludedModels: string[] }): Settings;
  /** Judges its address itself: only on this computer or the LAN, a link-local one only with `confirmLinkLocal`. */
  addServer(r: { url: string; apiKey?: string | null; confirmLinkLocal?: boolean }): Promise<Settings>;
  /** Refuses the first LLM server address the node must not call (`invalid_request`, or `needs_confirmation`). */
  vetServers(fields: readonly ServerUrlField[], o: { confirmLinkLocal: boolean; hint?: string }): Promise<void>;
  removeServer(id: string): Settings;
  completeSetup(startAtLogin: boolean): NodeSnapshot;
  setStartAtLogin(enabled: boolean): NodeSnapshot;
  recheckReachability(): NodeSnapshot;
  checkNode(): NodeSnapshot;
  probeNode(): NodeSnapshot;
  checkAgain(): NodeSnapshot;
  getSchedule(): AvailabilitySchedule;
  updateSchedule(schedule: AvailabilitySchedule): AvailabilitySchedule;
  previewAvailability(draft: AvailabilitySchedule | undefined, hours: number): AvailabilityPreview;
  shareAnyway(minutes: number | null): NodeSnapshot;
  listRunningPrograms(): Promise<{ names: string[]; supported: boolean }>;
  setMembership(credential: string | null): NodeSnapshot;
  diagnoseTasks(): Promise<TaskDiagnosis>;
  getDemand(refresh: boolean): Promise<DemandInfo>;
  pullModel(server: string, model: string): NodeSnapshot;
  cancelPull(): NodeSnapshot;
  /** The running parts; throws `engine_unavailable` while the node is not running. */
  requireServices(): NodeServices;
  /** Throws `invalid_state` unless the node runs. */
  requireRunning(): void;
  /** The snapshot after a change, published now. */
  publishNow(): NodeSnapshot;
  /** Resolves once everything the store committed so far is on the disk (throws `store_error` if it cannot be). */
  flushStore(): Promise<void>;
  /** The operator identity: in the secret store, so it answers whether or not the node runs. */
  readonly operator: OperatorIdentity;
}

export function engineCommandHandlers(
  t: CommandTarget,
  more: SetupQueryHandlers & Pick<CommandHandlers, 'getDiagnostics' | 'exportLogs' | 'dismissNotice'>,
): EngineCommandHandlers {
  const earnings = () => t.requireServices().earnings;
  const gateway = () => t.requireServices().parts.gateway;
  // A change the person made is answered only once it is on the disk, not only committed (which survives a killed
  // engine but perhaps not a power cut): the commit is made at once, the answer waits for the WAL flush off the loop.
  const saved = async <T>(value: T): Promise<T> => {
    await t.flushStore();
    return value;
  };
  return {
    getSnapshot: () => t.getSnapshot(),
    getAppInfo: () => t.appInfo(),
    pause: (r) => saved(t.pause(r.untilMs ?? null)),
    resume: () => saved(t.resume()),
    getSettings: () => t.getSettings(),
    // A server address a change brings is judged like one added: settings are one more way in for it. A link-local
    // one is confirmed where the person chooses or adds a server, so the refusal says where.
    updateSettings: async (r) => {
      if (r.displayName !== undefined) refuseTakenName(t, r.displayName, 'displayName');
      await t.vetServers(newServerUrls(r, t.getSettings()), { confirmLinkLocal: false, hint: CONFIRM_ELSEWHERE });
      return saved(t.updateSettings(r));
    },
    listEvents: (r) => t.listEvents(r.limit, r.beforeId),
    removeNode: async () => {
      const r = await t.removeNode();
      // The directory has already forgotten the node: a flush that fails cannot undo that, so the answer still goes.
      await t.flushStore().catch(() => undefined);
      return r;
    },
    detectBackends: (r) => t.detectBackends(r.extraUrls, r.apiKeys, r.confirmedUrls ?? []),
    chooseBackend: async (r) => {
      await t.vetServers(newServerUrls({ backendUrl: r.url }, t.getSettings()).map((f) => ({ ...f, path: 'url' })), { confirmLinkLocal: r.confirmLinkLocal === true });
      return saved(t.chooseBackend(r));
    },
    addServer: async (r) => saved(await t.addServer(r)),
    removeServer: (r) => saved(t.removeServer(r.id)),
    completeSetup: (r) => saved(t.completeSetup(r.startAtLogin)),
    recheckReachability: () => t.recheckReachability(),
    checkNode: () => t.checkNode(),
    probeNode: () => t.probeNode(),
    checkAgain: () => t.checkAgain(),
    getSchedule: () => t.getSchedule(),
    updateSchedule: (r) => saved(t.updateSchedule(r)),
    previewAvailability: (r) => t.previewAvailability(r.schedule, r.hours),
    // Kept across a restart: the answer waits until the choice is on disk, like a pause.
    shareAnyway: (r) => saved(t.shareAnyway(r.minutes)),
    listRunningPrograms: () => t.listRunningPrograms(),
    setStartAtLogin: (r) => saved(t.setStartAtLogin(r.enabled)),
    getPricing: () => earnings().pricing(),
    getEarnings: (r) => storeCall(() => earnings().report(r.days)),
    listLedger: (r) => storeCall(() => earnings().list(ledgerFilter(r), r.limit, r.beforeId)),
    exportLedger: (r) => storeCall(() => earnings().exportCsv(ledgerFilter(r), r.separator)),
    listRequests: (r) => storeCall(() => ({ rows: t.requireServices().requests.list(r.limit, r.beforeId, r.outcome) })),
    diagnoseTasks: () => t.diagnoseTasks(),
    getDemand: (r) => t.getDemand(r.refresh),
    pullModel: (r) => t.pullModel(r.server, r.model),
    cancelPull: () => t.cancelPull(),
    syncEarnings: async () => {
      t.requireRunning();
      await earnings().syncNow();
      return t.publishNow();
    },
    verifyEarnings: () => {
      t.requireRunning();
      return earnings().verifier.verifyNow();
    },
    listAwardDifferences: (r) => storeCall(() => earnings().differences(r.check, r.limit, r.offset)),
    acceptDirectoryKey: async (r) => {
      t.requireRunning();
      const v = earnings().verifier;
      if (!(await v.acceptKey(r.fingerprint))) throw new ContractError('invalid_state', 'The directory does not offer a key with this fingerprint now; check again and compare the fingerprint.');
      return v.info();
    },
    setMembership: (r) => t.setMembership(r.credential),
    getOperator: () => t.operator.info(),
    createOperator: (r) => t.operator.create(r.displayName),
    renameOperator: (r) => t.operator.rename(r.displayName),
    exportOperator: (r) => t.operator.exportFile(r.passphrase),
    importOperator: (r) => t.operator.importFile(r.file, r.passphrase, r.replace),
    rotateOperator: () => t.operator.rotate(),
    ...fleetCommandHandlers(t),
    getGateway: () => storeCall(() => gateway().info()),
    createGatewayKey: async (r) => {
      const g = gateway();
      const made = storeCall(() => {
        try {
          return g.createKey(r.name);
        } catch (err) {
          if (err instanceof KeyLimitError) throw new ContractError('invalid_request', err.message);
          throw err;
        }
      });
      return saved({ ...made, info: await g.info() });
    },
    revokeGatewayKey: async (r) => {
      const g = gateway();
      if (!storeCall(() => g.revokeKey(r.id))) throw new ContractError('invalid_request', 'There is no app key with this id; it may have been revoked already.');
      return saved(await g.info());
    },
    tryGateway: async (r) => {
      try {
        return await gateway().tryIt(r.model, r.prompt);
      } catch (err) {
        if (err instanceof GatewayOffError || err instanceof TryRefused) throw new ContractError('invalid_state', err.message);
        throw new ContractError('invalid_state', 'The gateway could not be reached from this app.');
      }
    },
    ...more,
  };
}

function storeError(err: unknown): ContractError {
  if (err instanceof ContractError) return err;
  return new ContractError('store_error', `The ledger could not be read: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * A read of the ledger; a database that refuses it is a store error, not a bug — also when the read is async and
 * fails after its first await.
 */
export function storeCall<T>(fn: () => T): T {
  let result: T;
  try {
    result = fn();
  } catch (err) {
    throw storeError(err);
  }
  if (!(result instanceof Promise)) return result;
  return result.catch((err: unknown) => {
    throw storeError(err);
  }) as T;
}

function ledgerFilter(r: { from?: number; to?: number; model?: string; receipt?: ReceiptState }): LedgerFilter {
  const f: LedgerFilter = {};
  if (r.from !== undefined) f.from = r.from;
  if (r.to !== undefined) f.to = r.to;
  if (r.model !== undefined) f.model = r.model;
  if (r.receipt !== undefined) f.receipt = r.receipt;
  return f;
}
