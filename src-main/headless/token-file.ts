import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** A dashboard token: long enough not to be guessed, short enough to paste. */
export const UI_TOKEN_PATTERN = /^[0-9a-fA-F]{32,128}$/;
export const UI_TOKEN_RULE = 'must be 32–128 hex characters';

/** Generous for 128 characters plus whitespace; a bigger file is not a token file. */
const MAX_BYTES = 4096;

export class TokenFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenFileError';
  }
}

/**
 * Reads the dashboard token from a file, so it never has to be on the command line (which every local user can
 * read in the process list). The token controls the node, so the file must be the owner's alone: one that others
 * could read leaks it, one that others could write (or that belongs to someone else) lets them choose it. Both are
 * refused rather than warned about, before anything starts.
 *
 * Messages never quote the content: it may be the token, or nearly.
 */
export function readTokenFile(path: string, platform: NodeJS.Platform = process.platform): string {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO put in its place must not hang the start (it is then refused as not a regular file).
    fd = openSync(path, constants.O_RDONLY | (platform === 'win32' ? 0 : (constants.O_NONBLOCK ?? 0)));
  } catch (err) {
    throw new TokenFileError(
      `The UI token file ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`,
    );
  }
  try {
    // The checks look at the open file itself, so the file judged is the file read.
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new TokenFileError(`The UI token file ${path} is not a regular file.`);
    if (platform !== 'win32') {
      if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
        throw new TokenFileError(
          `The UI token file ${path} belongs to another user (uid ${stat.uid}), who could choose the token; refusing it.`,
        );
      }
      if ((stat.mode & 0o077) !== 0) {
        throw new TokenFileError(
          `The UI token file ${path} is readable or writable by other users; fix with: chmod 600 "${path}"`,
        );
      }
    }
    const token = stat.size > MAX_BYTES ? '' : readFileSync(fd, 'utf8').trim();
    if (!UI_TOKEN_PATTERN.test(token))
      throw new TokenFileError(`The UI token in ${path} ${UI_TOKEN_RULE} (after trimming whitespace).`);
    return token;
  } finally {
    closeSync(fd);
  }
}
