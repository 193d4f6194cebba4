/**
 * Entry point of the desktop app (bundled to out/main/app.js). Everything happens in `bootstrap`; this
 * file only hands it the real Electron modules.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  powerMonitor,
  safeStorage,
  session,
  shell,
  Tray,
  utilityProcess,
} from 'electron';
import { electronAutoUpdater } from './auto-updater';
import { START_FAILURE_TITLES } from '../supervisor/start-failure';
import { bootstrap } from './bootstrap';

export const ready = bootstrap({
  electron: {
    app,
    BrowserWindow,
    dialog,
    ipcMain,
    Menu,
    Notification,
    powerMonitor,
    safeStorage,
    session,
    shell,
    Tray,
    utilityProcess,
    autoUpdater: electronAutoUpdater,
  },
  argv: process.argv,
  env: process.env,
}).catch((err: unknown) => {
  // A bug in the shell itself: say so plainly and leave instead of hanging without a window.
  const message = err instanceof Error ? err.message : String(err);
  console.error(`[app] IICP Provider failed to start: ${message}`);
  try {
    dialog.showErrorBox(START_FAILURE_TITLES.other, message);
  } finally {
    app.exit(1);
  }
  return null;
});
