import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const PRODUCT_NAME = 'IICP Provider';

/**
 * Where the app keeps its data when nothing overrides it. It is the folder Electron calls `userData` for
 * this product name, so the desktop app and the headless host share one node (and its lock).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.IICP_HOME) return env.IICP_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  // The XDG spec ignores an empty or relative XDG_CONFIG_HOME (a relative one would put the data wherever we started).
  const configHome =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(configHome, PRODUCT_NAME);
}

export const databasePath = (dataDir: string): string => join(dataDir, 'provider.db');
