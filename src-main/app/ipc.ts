/**
 * The IPC side of the contract: one `invoke` handler per command on that command's own channel, each
 * refusing callers that are not the app's own page, and the engine's snapshots and events pushed to the
 * window. Validation happens in the dispatcher, before the engine sees a request.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  COMMAND_NAMES,
  commandChannel,
  eventChannel,
  type CommandName,
  type EngineEvent,
  type EventName,
  type EventPayloads,
  type NodeSnapshot,
  type Result,
} from '@shared/contract';
import type { Dispatch } from '@shared/contract/dispatch';

export interface IpcOptions {
  /** Whether a sender frame's URL is the app's own renderer bundle. */
  isTrustedSender: (url: string) => boolean;
}

function senderUrl(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): string | null {
  try {
    return event.senderFrame?.url ?? null;
  } catch {
    return null; // the frame went away (navigated or destroyed) while the call was in flight
  }
}

function unauthorized(command: CommandName): Result<never> {
  return {
    ok: false,
    error: { code: 'unauthorized', message: `${command} may only be called by the IICP Provider window.` },
  };
}

/** Registers the command handlers; returns a function that removes them again. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  options: IpcOptions,
): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), async (event: IpcMainInvokeEvent, request: unknown) => {
      const url = senderUrl(event);
      if (url === null || !options.isTrustedSender(url)) return unauthorized(name);
      return dispatch(name, request);
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}

type WindowTarget = Pick<BrowserWindow, 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'isDestroyed' | 'send'>;
};

export interface EngineEventSource {
  onSnapshot(listener: (snapshot: NodeSnapshot) => void): () => void;
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/**
 * Pushes every snapshot and event log entry to the current window (if any, and not destroyed).
 * Returns a function that stops forwarding.
 */
export function forwardEngineEvents(node: EngineEventSource, target: () => WindowTarget | null): () => void {
  const send = <E extends EventName>(name: E, payload: EventPayloads[E]) => {
    const win = target();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    try {
      win.webContents.send(eventChannel(name), payload);
    } catch {
      // the window is being torn down; the next one asks for a fresh snapshot on load
    }
  };
  const offSnapshot = node.onSnapshot((snapshot) => send('snapshot', snapshot));
  const offEvent = node.onEvent((event) => send('engineEvent', event));
  return () => {
    offSnapshot();
    offEvent();
  };
}
