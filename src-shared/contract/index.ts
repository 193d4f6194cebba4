/**
 * The one contract between the engine's hosts (Electron main, headless host) and the renderer.
 *
 * Every command has a request schema (validated in main before the engine sees it), a response type and
 * the error codes it may answer with. Every event the renderer can subscribe to is listed in `EVENT_NAMES`.
 * The same contract is carried over Electron IPC (`window.provider`) and over the headless WebSocket
 * bridge; the renderer cannot tell which. Each domain keeps its types and request schemas in its own module;
 * this index assembles the command table from them.
 */
import type { z } from 'zod';
import {
  availabilityCommands,
  availabilityErrors,
  type AvailabilityPreview,
  type AvailabilitySchedule,
} from './availability';
import type { CommandName, EventName } from './channels';
import { diagnosticsCommands, diagnosticsErrors } from './diagnostics';
import {
  earningsCommands,
  earningsErrors,
  type AwardDifference,
  type EarningsReport,
  type LedgerRow,
  type PricingInfo,
  type VerificationInfo,
} from './earnings';
import type { ErrorCode, Result } from './errors';
import { networkCommands, networkErrors } from './network';
import { nodeCommands, nodeErrors, type AppInfo, type EngineEvent, type NodeSnapshot } from './node';
import { operatorCommands, operatorErrors, type OperatorInfo } from './operator';
import { fleetCommands, fleetErrors, type FleetInfo } from './fleet';
import { demandCommands, demandErrors, type DemandInfo } from './demand';
import { gatewayCommands, gatewayErrors, type GatewayInfo, type GatewayKeyRow, type GatewayTryAnswer } from './gateway';
import { requestsCommands, requestsErrors, type RequestRow, type TaskDiagnosis } from './requests';
import { settingsCommands, settingsErrors, type Settings } from './settings';
import {
  setupCommands,
  setupErrors,
  type DetectionResult,
  type DirectoryCheck,
  type RegionList,
  type ServerModels,
} from './setup';
import { updatesCommands, updatesErrors, type EngineProcessInfo, type UpdateStatus } from './updates';

export * from './availability';
export * from './bridge';
export * from './channels';
export * from './demand';
export * from './diagnostics';
export * from './earnings';
export * from './errors';
export * from './fleet';
export * from './network';
export * from './node';
export * from './operator';
export * from './requests';
export * from './gateway';
export * from './settings';
export * from './setup';
export * from './updates';

/** Request schemas, one per command of `COMMAND_NAMES`. A command not listed here does not exist. */
export const COMMANDS = {
  ...nodeCommands,
  ...settingsCommands,
  ...setupCommands,
  ...networkCommands,
  ...availabilityCommands,
  ...earningsCommands,
  ...operatorCommands,
  ...fleetCommands,
  ...requestsCommands,
  ...demandCommands,
  ...gatewayCommands,
  ...diagnosticsCommands,
  ...updatesCommands,
} as const satisfies Record<CommandName, z.ZodType>;

export type CommandRequest<C extends CommandName> = z.input<(typeof COMMANDS)[C]>;
export type ParsedRequest<C extends CommandName> = z.output<(typeof COMMANDS)[C]>;

export interface CommandResponses {
  getSnapshot: NodeSnapshot;
  getAppInfo: AppInfo;
  pause: NodeSnapshot;
  resume: NodeSnapshot;
  getSettings: Settings;
  updateSettings: Settings;
  listEvents: EngineEvent[];
  removeNode: { removed: boolean; message: string };
  detectBackends: DetectionResult;
  chooseBackend: Settings;
  addServer: Settings;
  removeServer: Settings;
  completeSetup: NodeSnapshot;
  listServerModels: ServerModels;
  listRegions: RegionList;
  checkDirectory: DirectoryCheck;
  recheckReachability: NodeSnapshot;
  checkNode: NodeSnapshot;
  probeNode: NodeSnapshot;
  checkAgain: NodeSnapshot;
  dismissNotice: NodeSnapshot;
  getSchedule: AvailabilitySchedule;
  updateSchedule: AvailabilitySchedule;
  previewAvailability: AvailabilityPreview;
  shareAnyway: NodeSnapshot;
  listRunningPrograms: { names: string[]; supported: boolean };
  setStartAtLogin: NodeSnapshot;
  getPricing: PricingInfo;
  getEarnings: EarningsReport;
  listLedger: LedgerRow[];
  exportLedger: { filename: string; csv: string; rows: number };
  syncEarnings: NodeSnapshot;
  exportLogs: { filename: string; text: string; lines: number };
  getDiagnostics: { filename: string; json: string };
  listRequests: { rows: RequestRow[] };
  diagnoseTasks: TaskDiagnosis;
  getDemand: DemandInfo;
  pullModel: NodeSnapshot;
  cancelPull: NodeSnapshot;
  setMembership: NodeSnapshot;
  verifyEarnings: VerificationInfo;
  listAwardDifferences: { rows: AwardDifference[]; total: number };
  acceptDirectoryKey: VerificationInfo;
  getOperator: OperatorInfo;
  createOperator: OperatorInfo;
  renameOperator: OperatorInfo;
  exportOperator: { filename: string; text: string };
  importOperator: OperatorInfo;
  rotateOperator: OperatorInfo;
  getFleet: FleetInfo;
  renameMachine: FleetInfo;
  addMachine: FleetInfo;
  forgetMachine: FleetInfo;
  updateFleet: FleetInfo;
  getGateway: GatewayInfo;
  createGatewayKey: { key: GatewayKeyRow; secret: string; info: GatewayInfo };
  revokeGatewayKey: GatewayInfo;
  setGatewayKeyLimits: GatewayInfo;
  tryGateway: GatewayTryAnswer;
  restartEngine: EngineProcessInfo;
  getUpdateStatus: UpdateStatus;
  checkForUpdates: UpdateStatus;
  installUpdate: UpdateStatus;
}

/** The error codes each command can answer with (besides `internal`). */
export const COMMAND_ERRORS: { readonly [C in CommandName]: readonly ErrorCode[] } = {
  ...nodeErrors,
  ...settingsErrors,
  ...setupErrors,
  ...networkErrors,
  ...availabilityErrors,
  ...earningsErrors,
  ...operatorErrors,
  ...fleetErrors,
  ...requestsErrors,
  ...demandErrors,
  ...gatewayErrors,
  ...diagnosticsErrors,
  ...updatesErrors,
};

/** A domain module may only hold commands of this API version: the type check fails on any other name. */
type OnlyKnown<Unknown extends never> = Unknown;
type _NoUnknownCommands = OnlyKnown<Exclude<keyof typeof COMMANDS | keyof CommandResponses, CommandName>>;

export interface EventPayloads extends Record<EventName, unknown> {
  snapshot: NodeSnapshot;
  engineEvent: EngineEvent;
}

/** The API object the renderer talks to (window.provider or the headless bridge client). */
export type ProviderApi = {
  readonly apiVersion: number;
  readonly transport: 'ipc' | 'bridge';
} & {
  [C in CommandName]: (request: CommandRequest<C>) => Promise<Result<CommandResponses[C]>>;
} & {
  onSnapshot(listener: (snapshot: NodeSnapshot) => void): () => void;
  onEngineEvent(listener: (event: EngineEvent) => void): () => void;
};
