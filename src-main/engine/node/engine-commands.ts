/**
 * The contract's commands bound to one engine: which method of the node (or of its running parts) answers each.
 * Requests arrive already validated by the dispatcher.
 */
import type { AppInfo, AvailabilityPreview, AvailabilitySchedule, DetectionResult, EngineEvent, NodeSnapshot, ReceiptState, Settings } from '@shared/contract';
import type { CommandHandlers, EngineCommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import type { NodeServices } from '../node-services';
import type { SetupQueryHandlers } from '../setup-queries';
import type { LedgerFilter } from '../store/ledger-repo';

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
  detectBackends(extraUrls: readonly string[], apiKeys: readonly { url: string; apiKey: string }[]): Promise<DetectionResult>;
  chooseBackend(r: { url: string; apiKey?: string | null; defaultModel: string | null; excludedModels: string[] }): Settings;
  completeSetup(startAtLogin: boolean): NodeSnapshot;
  setStartAtLogin(enabled: boolean): NodeSnapshot;
  recheckReachability(): NodeSnapshot;
  checkNode(): NodeSnapshot;
  checkAgain(): NodeSnapshot;
  getSchedule(): AvailabilitySchedule;
  updateSchedule(schedule: AvailabilitySchedule): AvailabilitySchedule;
  previewAvailability(draft: AvailabilitySchedule | undefined, hours: number): AvailabilityPreview;
  /** The running parts; throws `engine_unavailable` while the node is not running. */
  requireServices(): NodeServices;
  /** Throws `invalid_state` unless the node runs. */
  requireRunning(): void;
  /** The snapshot after a change, published now. */
  publishNow(): NodeSnapshot;
}

export function engineCommandHandlers(
  t: CommandTarget,
  more: SetupQueryHandlers & Pick<CommandHandlers, 'getDiagnostics' | 'exportLogs'>,
): EngineCommandHandlers {
  const earnings = () => t.requireServices().earnings;
  return {
    getSnapshot: () => t.getSnapshot(),
    getAppInfo: () => t.appInfo(),
    pause: (r) => t.pause(r.untilMs ?? null),
    resume: () => t.resume(),
    getSettings: () => t.getSettings(),
    updateSettings: (r) => t.updateSettings(r),
    listEvents: (r) => t.listEvents(r.limit, r.beforeId),
    removeNode: () => t.removeNode(),
    detectBackends: (r) => t.detectBackends(r.extraUrls, r.apiKeys),
    chooseBackend: (r) => t.chooseBackend(r),
    completeSetup: (r) => t.completeSetup(r.startAtLogin),
    recheckReachability: () => t.recheckReachability(),
    checkNode: () => t.checkNode(),
    checkAgain: () => t.checkAgain(),
    getSchedule: () => t.getSchedule(),
    updateSchedule: (r) => t.updateSchedule(r),
    previewAvailability: (r) => t.previewAvailability(r.schedule, r.hours),
    setStartAtLogin: (r) => t.setStartAtLogin(r.enabled),
    getPricing: () => earnings().pricing(),
    getEarnings: (r) => storeCall(() => earnings().report(r.days)),
    listLedger: (r) => storeCall(() => earnings().list(ledgerFilter(r), r.limit, r.beforeId)),
    exportLedger: (r) => storeCall(() => earnings().exportCsv(ledgerFilter(r))),
    listRequests: (r) => storeCall(() => ({ rows: t.requireServices().requests.list(r.limit, r.beforeId, r.outcome) })),
    diagnoseTasks: () => t.requireServices().diagnoseTasks(),
    syncEarnings: async () => {
      t.requireRunning();
      await earnings().syncNow();
      return t.publishNow();
    },
    setMembership: (r) => {
      t.requireServices().setMembership(r.credential);
      return t.publishNow();
    },
    ...more,
  };
}

/** A read of the ledger; a database that refuses it is a store error, not a bug. */
function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ContractError) throw err;
    throw new ContractError('store_error', `The ledger could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function ledgerFilter(r: { from?: number; to?: number; model?: string; receipt?: ReceiptState }): LedgerFilter {
  const f: LedgerFilter = {};
  if (r.from !== undefined) f.from = r.from;
  if (r.to !== undefined) f.to = r.to;
  if (r.model !== undefined) f.model = r.model;
  if (r.receipt !== undefined) f.receipt = r.receipt;
  return f;
}
