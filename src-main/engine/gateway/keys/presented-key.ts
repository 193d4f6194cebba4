/**
 * The app key a request presents, read from its headers one way only (ADR 0025). The same key, however it is spelled,
 * is the same app with the same limits; a credential the gateway does not read is a wrong key, refused as one, never
 * "no key" and never half read.
 *
 * Taken as the same key:
 * - `Authorization: Bearer <key>`, the scheme in any case (RFC 9110 §11.1: the scheme is case-insensitive), one or more
 *   spaces or tabs after it;
 * - `x-api-key: <key>` (Anthropic's SDKs send it);
 * - both at once, naming the same key (some SDKs send both);
 * - spaces and tabs around a header's value, which HTTP strips before anything reads the value, and header names in
 *   any case.
 *
 * A wrong key: the key in another case (it is compared whole and case-sensitively), another scheme (`Basic`, none),
 * anything beside the key (a second word, quotes, a no-break space, characters a token68 never holds), two
 * `Authorization` or two `x-api-key` headers, or the two headers naming different keys.
 */

/** What a request presents: no key at all, one key, or something the gateway does not take as a key. */
export type PresentedKey = { kind: 'none' } | { kind: 'key'; key: string } | { kind: 'wrong' };

/** The longest key read; a real one is 48 characters. */
const MAX_KEY_CHARS = 256;
/** RFC 9110 token68: what a Bearer credential is made of (an app key is `iicp-` and base64url). */
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;
const BEARER = /^bearer[ \t]+(\S+)$/i;

const token = (v: string): string | null => (v.length <= MAX_KEY_CHARS && TOKEN68.test(v) ? v : null);

/**
 * The key in `headers`, each header's values as received (Node's `headersDistinct`: every value of a repeated header,
 * names in lower case, values without the spaces around them).
 */
export function presentedKey(headers: Readonly<Record<string, readonly string[] | undefined>>): PresentedKey {
  const auth = headers.authorization ?? [];
  const xKey = headers['x-api-key'] ?? [];
  if (auth.length === 0 && xKey.length === 0) return { kind: 'none' };
  if (auth.length > 1 || xKey.length > 1) return { kind: 'wrong' };
  const fromAuth = auth.length === 1 ? token(BEARER.exec(auth[0]!)?.[1] ?? '') : undefined;
  const fromX = xKey.length === 1 ? token(xKey[0]!) : undefined;
  if (fromAuth === null || fromX === null) return { kind: 'wrong' };
  if (fromAuth !== undefined && fromX !== undefined && fromAuth !== fromX) return { kind: 'wrong' };
  return { kind: 'key', key: (fromAuth ?? fromX)! };
}
