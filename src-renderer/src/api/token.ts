/**
 * The headless host prints a link ending in `#token=<hex>`. A fragment never reaches a server or a
 * Referer header, which is why the token travels there; we still take it out of the address bar at once
 * (it would otherwise sit in history and screenshots) and keep it for this tab only, so a reload works.
 */
const STORAGE_KEY = 'iicp.bridgeToken';
const TOKEN_FRAGMENT = /^#token=([0-9a-fA-F]{16,256})$/;

function readStored(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled by the browser; the token from the fragment still works for this load.
    return null;
  }
}

function store(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // See readStored: without storage only a reload loses the token.
  }
}

let memo: string | null | undefined;

/** Consumes `#token=` from the URL (once per load) and returns the token for this tab, if any. */
export function takeAccessToken(): string | null {
  if (memo !== undefined) return memo;
  const hash = window.location.hash;
  if (hash.startsWith('#token=')) {
    const match = TOKEN_FRAGMENT.exec(hash);
    if (match?.[1]) store(match[1]);
    // Removed even when malformed: whatever it was, it does not belong in the address bar.
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  memo = readStored();
  return memo;
}

/** Forgets the token, e.g. after the host refused it, so a reload shows the "open the link" state. */
export function forgetAccessToken(): void {
  memo = null;
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored, nothing to forget
  }
}

/**
 * Pasting a fresh link into the address bar of an already open dashboard changes only the fragment, which
 * does not reload the page; take the new token and start over with it.
 */
export function reloadOnNewToken(): () => void {
  const onHashChange = () => {
    if (!window.location.hash.startsWith('#token=')) return;
    memo = undefined;
    takeAccessToken();
    window.location.reload();
  };
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}
