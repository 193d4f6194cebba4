/**
 * Whether this build can update itself, and why not in words of our own: a development build, an install kind
 * electron-updater would only fail on, or one it says it cannot update.
 */
import { said, type Said } from '@shared/i18n/said';

export const DEVELOPMENT_BUILD = said('settings.updates.why.development');
export const NOT_UPDATABLE = said('settings.updates.why.notUpdatable');

export const UNSIGNED_MAC = said('settings.updates.why.unsignedMac');
export const SYSTEM_PACKAGE = said('settings.updates.why.systemPackage');

/** How long an install may take to end the app before the updater counts it as failed. */
export const INSTALL_WATCHDOG_MS = 60_000;

/**
 * Why this kind of install cannot update itself here, or null. electron-updater would try anyway: Squirrel.Mac
 * fails on every unsigned download (every 6 hours, ~100 MB each), and on a .deb it runs `pkexec dpkg -i`, asking for
 * an administrator password at every quit.
 */
export function installKindProblem(where: {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  macSigned: boolean;
}): Said | null {
  if (where.platform === 'darwin' && !where.macSigned) return UNSIGNED_MAC;
  if (where.platform === 'linux' && !where.env.APPIMAGE) return SYSTEM_PACKAGE;
  return null;
}
