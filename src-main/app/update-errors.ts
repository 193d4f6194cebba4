/**
 * What went wrong with an update, in plain words. electron-updater's own messages carry stack traces, file paths and
 * download URLs; none of that is shown: the error is sorted by its code or status into a sentence of our own, kept as
 * a catalogue sentence so the page says it in its person's language.
 */
import { said, type Said } from '@shared/i18n/said';

/** Where the update was when it failed: the sentence for an unknown error depends on it. */
export type UpdatePhase = 'check' | 'download' | 'install';

const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EPIPE',
]);
/** Chromium's network errors, which Electron's `net` (the module electron-updater downloads with) reports by name. */
const OFFLINE_NET =
  /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|CONNECTION_\w+|NETWORK_\w+|ADDRESS_UNREACHABLE|TIMED_OUT|PROXY_\w+|TUNNEL_CONNECTION_FAILED|SSL_\w+|CERT_\w+)/;
const NOT_PUBLISHED_CODES = new Set([
  'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
  'ERR_UPDATER_NO_PUBLISHED_VERSIONS',
  'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
  'ERR_UPDATER_RELEASE_NOT_FOUND',
  'ERR_UPDATER_ASSET_NOT_FOUND',
  'ERR_UPDATER_NO_FILES_PROVIDED',
]);
const TAMPERED_CODES = new Set(['ERR_UPDATER_INVALID_SIGNATURE', 'ERR_CHECKSUM_MISMATCH', 'ERR_UPDATER_NO_CHECKSUM']);
/** Squirrel.Mac's refusal of an update whose code signature does not match the running app's. */
const MAC_SIGNATURE = /code signature|did not pass validation|not signed/i;

const UNKNOWN: Record<UpdatePhase, Said> = {
  check: said('settings.updates.error.check'),
  download: said('settings.updates.error.download'),
  install: said('settings.updates.error.install'),
};

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

/** One sentence (or two) for a person; never the error's own text. */
export function plainUpdateError(err: unknown, phase: UpdatePhase): Said {
  const code = typeof field(err, 'code') === 'string' ? (field(err, 'code') as string) : '';
  const status = typeof field(err, 'statusCode') === 'number' ? (field(err, 'statusCode') as number) : null;
  const text = err instanceof Error ? err.message : typeof err === 'string' ? err : '';

  if (TAMPERED_CODES.has(code) || (phase !== 'check' && MAC_SIGNATURE.test(text))) {
    return said('settings.updates.error.signature');
  }
  if (OFFLINE_CODES.has(code) || OFFLINE_NET.test(text)) return said('settings.updates.error.offline');
  if (code === 'ENOSPC') return said('settings.updates.error.disk');
  if (code === 'EACCES' || code === 'EPERM') return said('settings.updates.error.permission');
  if (NOT_PUBLISHED_CODES.has(code) || status === 404) return said('settings.updates.error.notPublished');
  if (status !== null && (status >= 500 || status === 429 || status === 403)) {
    return said('settings.updates.error.server', { status: String(status) });
  }
  return UNKNOWN[phase];
}
