import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { createOwnerOnlyDir } from '@engine/files';
import { pathExists, writeFileAtomic } from './service-file';
import { readTokenFile, TokenFileError } from './token-file';

export interface ServiceToken {
  token: string;
  /** reused: a valid file was there; created: there was none; replaced: the one there was unusable (`reason`). */
  action: 'reused' | 'created' | 'replaced';
  reason?: string;
}

/** 64 hex characters: 256 bits. */
export const newServiceToken = (): string => randomBytes(32).toString('hex');

/**
 * The service's dashboard token file, made once: a bookmark of the dashboard keeps working across restarts and
 * reinstalls. A file the host would refuse (readable by others, someone else's, not a token) is replaced rather
 * than reused: a token others could read is not worth keeping. It is written beside itself and renamed into
 * place, so it is never seen half-written or with a wider mode, and whatever stood there (a symlink, say) is
 * replaced rather than written through.
 */
export function ensureServiceTokenFile(path: string, newToken: () => string = newServiceToken): ServiceToken {
  let reason: string | undefined;
  if (pathExists(path)) {
    try {
      return { token: readTokenFile(path), action: 'reused' };
    } catch (err) {
      if (!(err instanceof TokenFileError)) throw err;
      reason = err.message;
    }
  }
  createOwnerOnlyDir(dirname(path));
  writeFileAtomic(path, `${newToken()}\n`, 0o600);
  return {
    token: readTokenFile(path),
    action: reason === undefined ? 'created' : 'replaced',
    ...(reason !== undefined ? { reason } : {}),
  };
}
