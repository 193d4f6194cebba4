import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';

export type StoreErrorCode = 'corrupt' | 'read_only' | 'cannot_open' | 'too_new' | 'disk_full';

/**
 * Raised when the database cannot be opened or migrated. Hosts show `message` to the person and exit
 * with a distinct code instead of restarting in a loop: none of these heal by retrying.
 */
export class StoreOpenError extends Error {
  readonly code: StoreErrorCode;
  readonly path: string;
  constructor(code: StoreErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
    this.code = code;
    this.path = path;
  }
}

/** Whether the database file or its folder cannot be written (WAL needs both). */
function notWritable(path: string): boolean {
  for (const p of [path, dirname(path)]) {
    try {
      accessSync(p, constants.W_OK);
    } catch (e) {
      const c = (e as NodeJS.ErrnoException).code;
      if (c === 'EROFS' || c === 'EACCES' || c === 'EPERM') return true;
    }
  }
  return false;
}

/** SQLite result codes (better-sqlite3 exposes them as `err.code`) mapped to what the person can do. */
export function classifyOpenError(err: unknown, path: string): StoreOpenError {
  let code = typeof err === 'object' && err && 'code' in err ? String((err as { code: unknown }).code) : '';
  // SQLite says only "cannot open" when a read-only folder stops it from creating the WAL files, and an I/O error
  // taking its exclusive lock (SQLITE_IOERR_LOCK) when the file system is mounted read-only.
  if ((code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) && notWritable(path))
    code = 'SQLITE_READONLY';
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreOpenError(
      'corrupt',
      path,
      `The database at ${path} is damaged and cannot be read. Move it aside (or delete it to start fresh) and start the app again.`,
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new StoreOpenError(
      'read_only',
      path,
      `The database at ${path} cannot be written (read-only file or folder). Check its permissions and free space, then start the app again.`,
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') {
    return new StoreOpenError(
      'disk_full',
      path,
      `The disk holding ${path} is full. Free some space, then start the app again.`,
      {
        cause: err,
      },
    );
  }
  return new StoreOpenError(
    'cannot_open',
    path,
    `The database at ${path} cannot be opened (${code || (err instanceof Error ? err.message : 'unknown error')}).`,
    { cause: err },
  );
}
