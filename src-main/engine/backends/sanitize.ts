import { cleanForeignText } from '@shared/text/foreign-text';
import { isPlainObject, parseJson } from './http';

export const MAX_UPSTREAM_MESSAGE_CHARS = 512;

/**
 * The human part of an upstream error body, made safe to hand to a remote consumer: the known error
 * shapes of Ollama, LM Studio, vLLM and llama.cpp are unwrapped, secrets and URL credentials are
 * redacted, control characters dropped, and the result cut to 512 characters.
 */
export function sanitizeUpstreamMessage(body: Buffer, secrets: readonly (string | null | undefined)[] = []): string {
  const parsed = parseJson(body);
  let text = parsed.ok ? (messageFromJson(parsed.value) ?? '') : body.toString('utf8');
  // An HTML error page (a reverse proxy's 502, say) says nothing a consumer can use.
  if (!parsed.ok && /^\s*</.test(text)) text = '';
  return sanitizeText(text, secrets);
}

/**
 * An IPv6 address (a link-local or ULA one names the LAN as well as an IPv4 one does): three or more groups, or a
 * `::` form, optionally bracketed with a zone and a port. Not inside a word, so `std::runtime_error` and `qwen2.5:7b`
 * stay; a clock time such as 12:30:45 is masked too, which costs a consumer nothing.
 */
const IPV6 =
  /(?<![\w:.])\[?(?:(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?)(?:%[\w.-]+)?(?:\](?::\d{1,5})?)?(?![\w:])/gi;

export function sanitizeText(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  // Cleaned first as well, so an invisible character inside a token cannot hide it from the masks below.
  let out = cleanForeignText(text, MAX_UPSTREAM_MESSAGE_CHARS * 4);
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join('[redacted]');
  }
  out = out
    .replace(/\b(bearer)\s+[^\s"',;]+/gi, '$1 [redacted]')
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1[redacted]@')
    // Nothing that names this machine: file paths (a model loaded from a home folder), addresses.
    .replace(/(^|[\s"'`(=:,[])(~?(?:[A-Za-z]:)?[\\/][^\s"'`<>]*[\\/][^\s"'`<>,)\]]*)/g, '$1<path>')
    .replace(IPV6, '<address>')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<address>');
  // Controls, terminal escapes, bidi overrides and invisible characters go as for any foreign text.
  return cleanForeignText(out, MAX_UPSTREAM_MESSAGE_CHARS);
}

function messageFromJson(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (!isPlainObject(value)) return null;
  const error = value.error;
  if (typeof error === 'string') return error;
  if (isPlainObject(error) && typeof error.message === 'string') return error.message;
  if (typeof value.message === 'string') return value.message;
  return fastApiDetail(value.detail);
}

/**
 * FastAPI's `detail` (the speech servers speak it): a string, Kokoro's `{error, message, type}`, or a validation
 * failure's list of `{loc, msg}` (the first told, with where).
 */
function fastApiDetail(detail: unknown): string | null {
  if (typeof detail === 'string') return detail;
  if (isPlainObject(detail) && typeof detail.message === 'string') return detail.message;
  if (!Array.isArray(detail) || !isPlainObject(detail[0]) || typeof detail[0].msg !== 'string') return null;
  const loc = detail[0].loc;
  const where = Array.isArray(loc) ? loc.filter((p) => typeof p === 'string' || typeof p === 'number').join('.') : '';
  return where ? `${where}: ${detail[0].msg}` : detail[0].msg;
}
