/**
 * The dashboard's link kept across restarts of the headless host on one data folder: its token and its port. A tab
 * left open on the dashboard then finds the host again by itself after a restart, and a bookmark keeps working.
 *
 * The token lives in the data folder's `dashboard-token` (owner-only, 0600), the same file an installed service uses:
 * the folder is private to the account already and holds the node's own keys, so whoever can read the token there
 * could take the node anyway. The port is no secret; it is reused when it is free, and when another program has
 * taken it the host binds a new one and says the link changed.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_TOKEN_FILE_NAME } from './service-plan';
import { ensureServiceTokenFile, type ServiceToken } from './service-token';

export const DASHBOARD_PORT_FILE_NAME = 'dashboard-port';

/** The data folder's dashboard token, made at the first start; one the host would refuse is replaced (`reason`). */
export function keptDashboardToken(dataDir: string): ServiceToken {
  return ensureServiceTokenFile(join(dataDir, SERVICE_TOKEN_FILE_NAME));
}

/** The dashboard port of the last run on this data folder, or null when none was kept (or the file is not a port). */
export function keptDashboardPort(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, DASHBOARD_PORT_FILE_NAME), 'utf8');
  } catch {
    return null;
  }
  const port = Number(text.trim());
  return /^\d{1,5}$/.test(text.trim()) && port >= 1 && port <= 65535 ? port : null;
}

/** Keeps the port for the next run: written beside itself and renamed into place, so never read half-written. */
export function keepDashboardPort(dataDir: string, port: number): void {
  const path = join(dataDir, DASHBOARD_PORT_FILE_NAME);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${port}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(temp, 0o600);
    renameSync(temp, path);
  } catch {
    // Not fatal: the next run then takes any free port and prints its link, as before.
    rmSync(temp, { force: true });
  }
}
