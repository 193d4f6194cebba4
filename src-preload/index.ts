/**
 * The sandboxed preload: exposes `window.provider`, the contract's `ProviderApi` carried over Electron IPC.
 *
 * Only plain named functions and two primitives cross the bridge. `ipcRenderer` and the raw IPC event never
 * reach the page: a command is one `invoke` on that command's own channel, and an event listener receives
 * the payload alone. Requests are validated in main, so nothing is checked (or trusted) here.
 *
 * The api object is spelled out command by command: typing it as `ProviderApi` makes the compiler reject a
 * missing or an extra command, and only the channel helpers are imported from the contract, so the bundle
 * stays one small CommonJS file (no schema library).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_VERSION, commandChannel, eventChannel, type CommandName, type EventName } from '@shared/contract/channels';
import type { EventPayloads, ProviderApi } from '@shared/contract';

function command<C extends CommandName>(name: C): ProviderApi[C] {
  const channel = commandChannel(name);
  const call = (request: unknown) => ipcRenderer.invoke(channel, request);
  return call as ProviderApi[C];
}

function subscription<E extends EventName>(name: E): (listener: (payload: EventPayloads[E]) => void) => () => void {
  const channel = eventChannel(name);
  return (listener) => {
    if (typeof listener !== 'function') throw new TypeError(`${name} listener must be a function`);
    const relay = (_event: IpcRendererEvent, payload: EventPayloads[E]) => listener(payload);
    ipcRenderer.on(channel, relay);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(channel, relay);
    };
  };
}

const api: ProviderApi = {
  apiVersion: API_VERSION,
  transport: 'ipc',
  getSnapshot: command('getSnapshot'),
  getGateway: command('getGateway'),
  createGatewayKey: command('createGatewayKey'),
  revokeGatewayKey: command('revokeGatewayKey'),
  setGatewayKeyLimits: command('setGatewayKeyLimits'),
  tryGateway: command('tryGateway'),
  getFleet: command('getFleet'),
  renameMachine: command('renameMachine'),
  addMachine: command('addMachine'),
  forgetMachine: command('forgetMachine'),
  updateFleet: command('updateFleet'),
  getAppInfo: command('getAppInfo'),
  pause: command('pause'),
  resume: command('resume'),
  shareAnyway: command('shareAnyway'),
  listRunningPrograms: command('listRunningPrograms'),
  getSettings: command('getSettings'),
  updateSettings: command('updateSettings'),
  listEvents: command('listEvents'),
  removeNode: command('removeNode'),
  detectBackends: command('detectBackends'),
  chooseBackend: command('chooseBackend'),
  addServer: command('addServer'),
  removeServer: command('removeServer'),
  completeSetup: command('completeSetup'),
  listServerModels: command('listServerModels'),
  listRegions: command('listRegions'),
  checkDirectory: command('checkDirectory'),
  recheckReachability: command('recheckReachability'),
  checkNode: command('checkNode'),
  getDemand: command('getDemand'),
  pullModel: command('pullModel'),
  cancelPull: command('cancelPull'),
  probeNode: command('probeNode'),
  checkAgain: command('checkAgain'),
  dismissNotice: command('dismissNotice'),
  getSchedule: command('getSchedule'),
  updateSchedule: command('updateSchedule'),
  previewAvailability: command('previewAvailability'),
  setStartAtLogin: command('setStartAtLogin'),
  getPricing: command('getPricing'),
  getEarnings: command('getEarnings'),
  listLedger: command('listLedger'),
  exportLedger: command('exportLedger'),
  syncEarnings: command('syncEarnings'),
  exportLogs: command('exportLogs'),
  getDiagnostics: command('getDiagnostics'),
  listRequests: command('listRequests'),
  diagnoseTasks: command('diagnoseTasks'),
  setMembership: command('setMembership'),
  verifyEarnings: command('verifyEarnings'),
  listAwardDifferences: command('listAwardDifferences'),
  acceptDirectoryKey: command('acceptDirectoryKey'),
  getOperator: command('getOperator'),
  createOperator: command('createOperator'),
  renameOperator: command('renameOperator'),
  exportOperator: command('exportOperator'),
  importOperator: command('importOperator'),
  rotateOperator: command('rotateOperator'),
  restartEngine: command('restartEngine'),
  getUpdateStatus: command('getUpdateStatus'),
  checkForUpdates: command('checkForUpdates'),
  installUpdate: command('installUpdate'),
  onSnapshot: subscription('snapshot'),
  onEngineEvent: subscription('engineEvent'),
};

contextBridge.exposeInMainWorld('provider', api);
