/**
 * Addresses a person types, checked the way the host checks them, so its refusal is the exception: an LLM server's
 * address (Settings' and the setup wizard's "Add a server") and the node's optional public URL. No React.
 */
import { sayNow } from '@shared/i18n/current';

/** The server root the host probes: trailing `/` and one trailing `/v1` removed (as the engine does). */
export function serverRoot(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed.slice(0, -'/v1'.length) : trimmed;
}

/**
 * What the person typed as an LLM server's address, as a URL the host accepts. A bare `host:port` gets
 * `http://` in front, since that is what local servers speak.
 */
export function parseServerAddress(raw: string): { url: string } | { error: string } {
  const t = sayNow();
  const text = raw.trim();
  if (!text) return { error: t('components.address.empty') };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return { error: t('components.address.notWeb') };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: t('components.address.scheme') };
  if (parsed.username || parsed.password) return { error: t('components.address.credentials') };
  if (parsed.search || parsed.hash) return { error: t('components.address.query') };
  return { url: serverRoot(withScheme) };
}

/** The contract's limit on a URL setting. */
const MAX_URL_LENGTH = 2048;

/**
 * An optional public URL: empty means none (null). Mirrors the contract's check (a URL of at most 2048
 * characters that starts with http:// or https://), so the host's refusal is the exception.
 */
export function parsePublicUrl(raw: string): { value: string | null } | { error: string } {
  const t = sayNow();
  const text = raw.trim();
  if (!text) return { value: null };
  if (text.length > MAX_URL_LENGTH) return { error: t('components.address.tooLong', { max: MAX_URL_LENGTH }) };
  if (!/^https?:\/\//i.test(text)) {
    return /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+:\d/.test(text)
      ? { error: t('components.address.scheme') }
      : { error: t('components.address.fullScheme') };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { error: t('components.address.full') };
  }
  if (!parsed.hostname) return { error: t('components.address.host') };
  return { value: text };
}
