function trimTrailingSlashes(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The server root used by discovery probes: trailing `/` and one trailing `/v1` removed. */
export function backendRoot(url: string): string {
  const trimmed = trimTrailingSlashes(url);
  return trimmed.endsWith('/v1') ? trimmed.slice(0, -'/v1'.length) : trimmed;
}

/** The OpenAI-compatible API base the task routes hang off: the URL with `/v1` appended unless present. */
export function backendApiBase(url: string): string {
  const trimmed = trimTrailingSlashes(url);
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}

/**
 * Why a configured backend URL cannot be used, or null when it can. The reason never repeats the URL:
 * it may carry credentials and the reason may end up in logs.
 */
export function backendUrlProblem(url: string): string | null {
  const kind = backendUrlProblemKind(url);
  return kind === null ? null : URL_PROBLEM_WORDS[kind];
}

export type BackendUrlProblem = 'not_url' | 'scheme' | 'credentials' | 'query';

/** The wire's words for each problem (error bodies and logs stay English). */
const URL_PROBLEM_WORDS: Record<BackendUrlProblem, string> = {
  not_url: 'the backend URL is not a valid absolute URL',
  scheme: 'the backend URL must use http or https',
  credentials: 'the backend URL must not contain a user name or password',
  query: 'the backend URL must not contain a query string or fragment',
};

/** What is wrong with a server address, as a kind the page can say in its own words, or null. */
export function backendUrlProblemKind(url: string): BackendUrlProblem | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'not_url';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'scheme';
  // fetch refuses URLs with credentials, and appending paths after a query or fragment would misroute.
  if (parsed.username || parsed.password) return 'credentials';
  if (parsed.search || parsed.hash || /[?#]/.test(url)) return 'query';
  return null;
}
