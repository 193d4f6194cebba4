/**
 * System error codes in a few plain words, for everything a person reads: the Network page, the relay's steps, the
 * public health probe and the sentences of the event log. Pure and dependency-free, so the engine, the Electron glue
 * and the renderer share one wording. The codes themselves stay in the technical details (Logs → Details).
 */

/** What a failed connection means, by Node's / undici's error code. */
const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'nothing answered at that address',
  ECONNRESET: 'the connection was dropped',
  EPIPE: 'the connection was dropped',
  ECONNABORTED: 'the connection was dropped',
  UND_ERR_SOCKET: 'the connection was dropped',
  ENOTFOUND: 'the name could not be found',
  EAI_AGAIN: 'the name could not be found',
  EAI_NONAME: 'the name could not be found',
  EHOSTUNREACH: 'the network has no route there',
  ENETUNREACH: 'the network has no route there',
  EHOSTDOWN: 'the network has no route there',
  ETIMEDOUT: 'no answer in time',
  UND_ERR_CONNECT_TIMEOUT: 'no answer in time',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'no answer in time',
  CERT_HAS_EXPIRED: "the address's security certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the address's security certificate is not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the address's security certificate is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the address's security certificate is not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the address's security certificate is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "the address's security certificate is for another name",
};

/** What a failed write on this computer means (the ledger, the settings, the secrets file). */
const DISK: Record<string, string> = {
  ENOSPC: 'the disk is full',
  SQLITE_FULL: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  SQLITE_READONLY: 'the database is read-only',
  EACCES: 'permission was denied',
  EPERM: 'permission was denied',
  SQLITE_PERM: 'permission was denied',
  SQLITE_CORRUPT: 'the database is damaged',
  SQLITE_NOTADB: 'the database is damaged',
  SQLITE_BUSY: 'the database was busy',
  SQLITE_LOCKED: 'the database was busy',
  SQLITE_IOERR: 'the disk could not be read or written',
  EIO: 'the disk could not be read or written',
  ENOENT: 'a file or folder is missing',
};

const ALL: Record<string, string> = { ...NETWORK, ...DISK };

/** Plain words for a network error code (`ECONNREFUSED`, `UND_ERR_SOCKET`…); null for any other code. */
export function networkCodeWords(code: string | null | undefined): string | null {
  return code ? (NETWORK[code] ?? null) : null;
}

/** Plain words for any error code this file knows (network or disk); null otherwise. */
export function errorCodeWords(code: string | null | undefined): string | null {
  if (!code) return null;
  // SQLite's extended codes (SQLITE_IOERR_WRITE, SQLITE_CONSTRAINT_UNIQUE…) mean what their base code means.
  return ALL[code] ?? ALL[code.replace(/^(SQLITE_[A-Z]+)_[A-Z_]+$/, '$1')] ?? null;
}

const CODE_IN_TEXT = /\b(?:E[A-Z]{3,}|UND_ERR_[A-Z_]+|SQLITE_[A-Z_]+|ERR_TLS_[A-Z_]+|[A-Z]+(?:_[A-Z]+)*_CERT(?:_[A-Z]+)*|CERT_[A-Z_]+)\b/g;

/**
 * Plain words for the first recognisable error in a free text — an error message such as `connect ECONNREFUSED
 * 127.0.0.1:38200`, `getaddrinfo ENOTFOUND iicp.example`, `SQLITE_FULL: database or disk is full` or `… timed out`.
 * Null when the text says nothing this file recognises.
 */
export function errorTextWords(text: string): string | null {
  for (const m of text.matchAll(CODE_IN_TEXT)) {
    const words = errorCodeWords(m[0]);
    if (words) return words;
  }
  if (/\btimed out\b|\btimeout\b/i.test(text)) return 'no answer in time';
  if (/disk is full|no space left/i.test(text)) return 'the disk is full';
  if (/read-?only/i.test(text)) return 'the disk is read-only';
  if (/\baborted\b/i.test(text)) return 'the request was stopped';
  return null;
}
