/**
 * System error codes in a few plain words, for everything a person reads: the Network page, the relay's steps, the
 * public health probe and the sentences of the event log. Pure and dependency-free, so the engine, the Electron glue
 * and the renderer share one wording. The codes themselves stay in the technical details (Logs → Details).
 */
import type { MessageId } from '../i18n/catalogue';
import { sayNow } from '../i18n/current';

/** What a failed connection means, by Node's / undici's error code. */
const NETWORK: Record<string, MessageId> = {
  ECONNREFUSED: 'status.error.refused',
  ECONNRESET: 'status.error.dropped',
  EPIPE: 'status.error.dropped',
  ECONNABORTED: 'status.error.dropped',
  UND_ERR_SOCKET: 'status.error.dropped',
  ENOTFOUND: 'status.error.noName',
  EAI_AGAIN: 'status.error.noName',
  EAI_NONAME: 'status.error.noName',
  EHOSTUNREACH: 'status.error.noRoute',
  ENETUNREACH: 'status.error.noRoute',
  EHOSTDOWN: 'status.error.noRoute',
  ETIMEDOUT: 'status.error.timeout',
  UND_ERR_CONNECT_TIMEOUT: 'status.error.timeout',
  UND_ERR_HEADERS_TIMEOUT: 'status.error.timeout',
  UND_ERR_BODY_TIMEOUT: 'status.error.timeout',
  CERT_HAS_EXPIRED: 'status.error.certExpired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'status.error.certUntrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'status.error.certUntrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'status.error.certUntrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'status.error.certUntrusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'status.error.certOtherName',
};

/** What a failed write on this computer means (the ledger, the settings, the secrets file). */
const DISK: Record<string, MessageId> = {
  ENOSPC: 'status.error.diskFull',
  SQLITE_FULL: 'status.error.diskFull',
  EDQUOT: 'status.error.quota',
  EROFS: 'status.error.diskReadOnly',
  SQLITE_READONLY: 'status.error.dbReadOnly',
  EACCES: 'status.error.denied',
  EPERM: 'status.error.denied',
  SQLITE_PERM: 'status.error.denied',
  SQLITE_CORRUPT: 'status.error.dbDamaged',
  SQLITE_NOTADB: 'status.error.dbDamaged',
  SQLITE_BUSY: 'status.error.dbBusy',
  SQLITE_LOCKED: 'status.error.dbBusy',
  SQLITE_IOERR: 'status.error.io',
  EIO: 'status.error.io',
  ENOENT: 'status.error.missing',
};

const ALL: Record<string, MessageId> = { ...NETWORK, ...DISK };

/** Own keys only: a code such as `constructor` is no error this file knows. */
const own = (table: Record<string, MessageId>, code: string): MessageId | undefined =>
  Object.hasOwn(table, code) ? table[code] : undefined;

/** The catalogue's id for a network error code, for a sentence the engine sends as `Said`; null for any other code. */
export function networkCodeId(code: string | null | undefined): MessageId | null {
  return (code ? own(NETWORK, code) : undefined) ?? null;
}

/** Plain words for any error code this file knows (network or disk); null otherwise. */
export function errorCodeWords(code: string | null | undefined): string | null {
  if (!code) return null;
  // SQLite's extended codes (SQLITE_IOERR_WRITE, SQLITE_CONSTRAINT_UNIQUE…) mean what their base code means.
  const id = own(ALL, code) ?? own(ALL, code.replace(/^(SQLITE_[A-Z]+)_[A-Z_]+$/, '$1'));
  return id ? sayNow()(id) : null;
}

const CODE_IN_TEXT =
  /\b(?:E[A-Z]{3,}|UND_ERR_[A-Z_]+|SQLITE_[A-Z_]+|ERR_TLS_[A-Z_]+|[A-Z]+(?:_[A-Z]+)*_CERT(?:_[A-Z]+)*|CERT_[A-Z_]+)\b/g;

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
  const t = sayNow();
  if (/\btimed out\b|\btimeout\b/i.test(text)) return t('status.error.timeout');
  if (/disk is full|no space left/i.test(text)) return t('status.error.diskFull');
  if (/read-?only/i.test(text)) return t('status.error.diskReadOnly');
  if (/\baborted\b/i.test(text)) return t('status.error.stopped');
  return null;
}
