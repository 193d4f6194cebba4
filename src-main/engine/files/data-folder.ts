import { createOwnerOnlyDir, restrictToOwner } from './owner-only';

/**
 * Makes the data folder private to this user, creating it if needed; on every start, so a folder an older
 * version created 0755 is fixed too. Everything the node keeps lives in it (database, secrets, logs, and for the
 * desktop app Electron's own profile), so this one folder is what keeps other local users out.
 *
 * Returns a warning in plain words when the folder cannot be narrowed (someone else's folder, a disk without
 * POSIX permissions such as FAT, a shared folder like /tmp), null otherwise. That is not fatal: the node's own
 * files are still created owner-only, and refusing to start would strand nodes kept on such a disk.
 */
export function secureDataFolder(dataDir: string): string | null {
  try {
    createOwnerOnlyDir(dataDir);
    restrictToOwner(dataDir);
    return null;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return `The data folder ${dataDir} could not be made private to this user (${reason}), so other users of this computer may be able to read the node's ledger, settings and logs. Fix it with: chmod 700 "${dataDir}"`;
  }
}
