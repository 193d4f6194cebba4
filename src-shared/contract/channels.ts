/**
 * The contract's runtime constants that carry no schema library, so the sandboxed preload and the renderer
 * can import them without bundling zod. The contract's index re-exports everything here.
 */
/** Bumped on any incompatible change of a command or event shape. */
export const API_VERSION = 1;

/** Every command of this API version; the domain modules beside this file give each its request schema. */
export const COMMAND_NAMES = [
  'getSnapshot',
  'getAppInfo',
  'pause',
  'resume',
  'getSettings',
  'updateSettings',
  'listEvents',
  'removeNode',
  'detectBackends',
  'chooseBackend',
  'addServer',
  'removeServer',
  'completeSetup',
  'listServerModels',
  'listRegions',
  'checkDirectory',
  'recheckReachability',
  'checkNode',
  'probeNode',
  'checkAgain',
  'getSchedule',
  'updateSchedule',
  'previewAvailability',
  'shareAnyway',
  'listRunningPrograms',
  'setStartAtLogin',
  'dismissNotice',
  'getPricing',
  'getEarnings',
  'listLedger',
  'exportLedger',
  'syncEarnings',
  'exportLogs',
  'getDiagnostics',
  'listRequests',
  'diagnoseTasks',
  'getDemand',
  'pullModel',
  'cancelPull',
  'setMembership',
  'verifyEarnings',
  'listAwardDifferences',
  'acceptDirectoryKey',
  'getOperator',
  'createOperator',
  'renameOperator',
  'exportOperator',
  'importOperator',
  'rotateOperator',
  'getFleet',
  'renameMachine',
  'addMachine',
  'forgetMachine',
  'updateFleet',
  'getGateway',
  'createGatewayKey',
  'revokeGatewayKey',
  'setGatewayKeyLimits',
  'tryGateway',
  'restartEngine',
  'getUpdateStatus',
  'checkForUpdates',
  'installUpdate',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * Commands the host (Electron shell or headless host) answers itself instead of the engine: they concern the engine's
 * own process and the app's updates, which outlive any one engine process.
 */
export const HOST_COMMAND_NAMES = [
  'restartEngine',
  'getUpdateStatus',
  'checkForUpdates',
  'installUpdate',
] as const satisfies readonly CommandName[];
export type HostCommandName = (typeof HOST_COMMAND_NAMES)[number];
export type EngineCommandName = Exclude<CommandName, HostCommandName>;

export const EVENT_NAMES = ['snapshot', 'engineEvent'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export const EVENT_LEVELS = ['info', 'warn', 'error'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

/** IPC channel for a command; one channel per command so main can refuse anything else. */
export const commandChannel = (name: CommandName): string => `iicp:cmd:${name}`;
/** IPC channel for an event pushed from main. */
export const eventChannel = (name: EventName): string => `iicp:evt:${name}`;

/** Sub-protocol the headless bridge speaks; the access token travels as a second sub-protocol `token.<hex>`. */
export const BRIDGE_PROTOCOL = 'iicp-provider.v1';
export const BRIDGE_PATH = '/bridge';
