/**
 * electron-updater's own `autoUpdater`, the one the desktop app hands to `createUpdater` (updater.ts). Kept apart so
 * that nothing else loads electron-updater, and read only when called: reading it creates it, which needs the app.
 */
import electronUpdater from 'electron-updater';
import type { AutoUpdaterLike } from './auto-updater-like';

/**
 * electron-updater is CommonJS, and its `autoUpdater` is a getter Node's ESM loader does not list as a named export:
 * `import { autoUpdater }` would fail in the built app, so it is read from the default export.
 */
export function electronAutoUpdater(): AutoUpdaterLike {
  return electronUpdater.autoUpdater;
}
