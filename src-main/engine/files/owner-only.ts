import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * Keeping the node's files to the account that runs it: the ledger, settings, events and logs say what the
 * computer serves and earns, and other local users have no business reading them.
 *
 * What this creates gets its mode set explicitly afterwards, so the result does not depend on the umask; what
 * exists already only loses its group and other bits (an older version created folders 0755 and the database
 * 0644), owner bits stay as they are. Windows has no POSIX modes (the per-user profile folder the data lives in
 * keeps other users out there): nothing happens on it.
 */

const OWNER_ONLY_DIR = 0o700;
const OWNER_ONLY_FILE = 0o600;
const GROUP_AND_OTHER = 0o077;
/** S_ISVTX, which node:fs does not export. */
const STICKY = 0o1000;

const hasPosixModes = (platform: NodeJS.Platform): boolean => platform !== 'win32';

/**
 * Takes group and other permissions off an existing file or folder (following a symlink, as opening it would).
 * A missing path is fine: there is nothing to expose. Throws what chmod throws (EPERM: someone else's file, or
 * a FAT disk; EROFS), and refuses a folder with the sticky bit: that is a folder shared on purpose (/tmp), and
 * narrowing it, which root could, would break everyone else's use of it.
 */
export function restrictToOwner(path: string, platform: NodeJS.Platform = process.platform): void {
  if (!hasPosixModes(platform)) return;
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const mode = stat.mode & 0o7777;
  if ((mode & GROUP_AND_OTHER) === 0) return; // nothing to do, and nothing to fail on a read-only disk
  if (stat.isDirectory() && mode & STICKY) {
    throw new Error(`${path} is a folder shared with other users (sticky bit); its permissions are left as they are`);
  }
  chmodSync(path, mode & ~GROUP_AND_OTHER);
}

/**
 * Creates a folder (and missing parents) owner-only. An existing folder is left as it is: callers that own it
 * narrow it with `restrictToOwner` and decide what a failure means for them.
 */
export function createOwnerOnlyDir(path: string, platform: NodeJS.Platform = process.platform): void {
  const created = mkdirSync(path, { recursive: true, mode: OWNER_ONLY_DIR });
  if (created !== undefined && hasPosixModes(platform)) chmodSync(path, OWNER_ONLY_DIR);
}

/**
 * Creates an empty owner-only file unless one exists; true when it did. For files another library creates
 * with the umask's mode: SQLite makes a new database 0644 under the usual umask, and its WAL files copy the
 * database's mode, so a database that exists owner-only before SQLite opens it keeps them all owner-only.
 */
export function createOwnerOnlyFile(path: string, platform: NodeJS.Platform = process.platform): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', OWNER_ONLY_FILE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  closeSync(fd);
  if (hasPosixModes(platform)) chmodSync(path, OWNER_ONLY_FILE);
  return true;
}
