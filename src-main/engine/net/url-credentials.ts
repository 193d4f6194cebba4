/**
 * Credentials that were part of a URL the person gave (`http://user:pass@llm.lan:8080`,
 * `https://dir.example/api?token=…`),
 * kept apart from it. The headless service installer moves them into the node's secret store so that the service
 * file and the service's command line hold the URL without them; the engine registers them here at start, and every
 * call over `node:http` (net/http-client.ts) to that URL's origin gets them back: the user name and password as
 * HTTP Basic authentication, the query parameters appended to the call's own.
 *
 * Matched by origin (scheme, host and port) rather than by the full URL: the engine calls paths beside the one
 * configured (an LLM server's `/api/tags` next to its `/v1`), and an origin is what Basic authentication protects.
 */

export interface UrlCredentials {
  /** The URL without user name, password, query or fragment, as the service runs it. */
  url: string;
  /** `user` or `user:password`, percent-encoded as in the URL; null when there was none. */
  userinfo: string | null;
  /** The query without its `?`; null when there was none. */
  query: string | null;
}

/** What `splitUrlCredentials` took out, in words for the person ("the user name and password", "the query"). */
export function credentialWords(c: UrlCredentials): string {
  const parts = [
    c.userinfo === null ? null : c.userinfo.includes(':') ? 'the user name and password' : 'the user name',
    c.query === null ? null : 'the query (?…)',
  ];
  return parts.filter((p) => p !== null).join(' and ');
}

/**
 * Splits a URL into the part that may be shown and written anywhere and the credentials it carried. Works on the
 * text, so the rest of the URL stays exactly as given (no added slash, no re-encoding). A fragment is dropped: it is
 * never sent. `credentials` is null when there was nothing to take out.
 */
export function splitUrlCredentials(raw: string): { bare: string; credentials: UrlCredentials | null } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^/?#]*)@)?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i.exec(raw);
  if (!m) return { bare: raw, credentials: null };
  const userinfo = m[2] ? m[2] : null;
  const query = m[4] ? m[4] : null;
  const bare = `${m[1]}${m[3]}`;
  if (userinfo === null && query === null) return { bare: raw.replace(/#.*$/, ''), credentials: null };
  return { bare, credentials: { url: bare, userinfo, query } };
}

/** The form kept in the secret store. */
export const encodeUrlCredentials = (c: UrlCredentials): string => JSON.stringify(c);

/** Reads what `encodeUrlCredentials` wrote; null for nothing or anything else. */
export function decodeUrlCredentials(text: string | null): UrlCredentials | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<UrlCredentials>;
    if (typeof v.url !== 'string' || originOf(v.url) === null) return null;
    const userinfo = typeof v.userinfo === 'string' && v.userinfo !== '' ? v.userinfo : null;
    const query = typeof v.query === 'string' && v.query !== '' ? v.query : null;
    return userinfo === null && query === null ? null : { url: v.url, userinfo, query };
  } catch {
    return null;
  }
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

const byOrigin = new Map<string, { credentials: UrlCredentials; owner: object }>();
let generation = 0;

/**
 * Makes calls to each URL's origin carry its credentials until the returned function is called. A later use of the
 * same origin replaces an earlier one; releasing the earlier one then leaves the later in place.
 */
export function useUrlCredentials(list: readonly UrlCredentials[]): () => void {
  const owner = {};
  const mine: string[] = [];
  for (const c of list) {
    const origin = originOf(c.url);
    if (origin === null) continue;
    byOrigin.set(origin, { credentials: c, owner });
    mine.push(origin);
  }
  if (mine.length > 0) generation += 1;
  return () => {
    let changed = false;
    for (const origin of mine) {
      if (byOrigin.get(origin)?.owner !== owner) continue;
      byOrigin.delete(origin);
      changed = true;
    }
    if (changed) generation += 1;
  };
}

/** Changes whenever what `applyUrlCredentials` does changes (a cache of prepared URLs must then be dropped). */
export const urlCredentialsGeneration = (): number => generation;

/** Puts the credentials registered for `u`'s origin into it: user name and password, and the query parameters. */
export function applyUrlCredentials(u: URL): void {
  if (byOrigin.size === 0) return;
  const entry = byOrigin.get(u.origin);
  if (!entry) return;
  const { userinfo, query } = entry.credentials;
  // The call's own credentials, if it has any, are left as they are.
  if (userinfo !== null && u.username === '' && u.password === '') {
    const colon = userinfo.indexOf(':');
    u.username = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (colon >= 0) u.password = userinfo.slice(colon + 1);
  }
  if (query !== null) {
    const params = new URLSearchParams(query);
    for (const [k, v] of params) if (!u.searchParams.has(k)) u.searchParams.append(k, v);
  }
}
