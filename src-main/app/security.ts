/**
 * The shell's security policy: a sandboxed, isolated renderer that can load only the app's own bundle,
 * cannot open windows, navigate away, embed webviews or obtain permissions, and can hand the person a link
 * only when it is a plain `https:` URL (opened in their browser, never in the app).
 */
import { relative, resolve, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App, Session, WebContents, WebPreferences } from 'electron';

/** Same policy as the renderer page's `<meta http-equiv="Content-Security-Policy">`. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload: preloadPath,
  };
}

const MAX_URL_LENGTH = 2048;

/** `url` parsed, if it is a string of a sane length that parses at all. */
function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The normalized form of `url` if it may be opened in the person's browser: exactly `https:`, a host, and
 * no credentials. Anything else (javascript:, file:, http:, custom schemes, garbage) gives null.
 */
export function safeExternalUrl(url: unknown): string | null {
  const parsed = parseUrl(url);
  if (parsed?.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.hostname === '') return null;
  return parsed.href;
}

export const isSafeExternalUrl = (url: unknown): boolean => safeExternalUrl(url) !== null;

/** Whether `url` is a `file:` URL inside the renderer bundle's folder (`rendererDir`). */
export function isAppUrl(url: unknown, rendererDir: string): boolean {
  const parsed = parseUrl(url);
  if (parsed?.protocol !== 'file:') return false;
  // file://server/share/... is a network path, never the local bundle.
  if (parsed.host !== '' && parsed.host !== 'localhost') return false;
  let path: string;
  try {
    path = fileURLToPath(parsed);
  } catch {
    return false; // e.g. an encoded path separator
  }
  const insensitive = process.platform === 'win32' || process.platform === 'darwin';
  const norm = (p: string) => (insensitive ? resolve(p).toLowerCase() : resolve(p));
  const rel = relative(norm(rendererDir), norm(path));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'on'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/**
 * Adds the CSP to every response and denies every permission and every download except the app's own exports:
 * a `blob:` URL can only be made by a script of the page itself (no remote content is ever loaded), and the
 * person still picks where the file goes in the save dialog.
 */
export function applySessionPolicy(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.on('will-download', (event, item) => {
    const url = typeof item?.getURL === 'function' ? item.getURL() : '';
    if (!url.startsWith('blob:') || typeof item.setSaveDialogOptions !== 'function') {
      event.preventDefault();
      return;
    }
    const name = item.getFilename();
    const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
    const kinds: Record<string, string> = { csv: 'CSV', txt: 'Text', json: 'JSON' };
    item.setSaveDialogOptions({
      title: 'Save file',
      defaultPath: name,
      filters: kinds[ext] ? [{ name: kinds[ext], extensions: [ext] }] : [],
    });
  });
}

export interface HardeningOptions {
  rendererDir: string;
  openExternal: (url: string) => Promise<void> | void;
}

type WebContentsLike = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

function openIfSafe(url: string, openExternal: HardeningOptions['openExternal']): void {
  const safe = safeExternalUrl(url);
  if (safe === null) return;
  Promise.resolve()
    .then(() => openExternal(safe))
    .catch((err: unknown) =>
      console.warn(`[app] could not open a link: ${err instanceof Error ? err.message : String(err)}`),
    );
}

/** Locks down one webContents: no new windows, no navigation away from the bundle, no webviews. */
export function hardenWebContents(contents: WebContentsLike, options: HardeningOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    openIfSafe(url, options.openExternal);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, options.rendererDir)) return;
    event.preventDefault();
    // A plain link to a web page goes to the person's browser instead.
    openIfSafe(url, options.openExternal);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, options.rendererDir)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Applies `hardenWebContents` to every webContents the app ever creates (windows, devtools, …). */
export function installWebContentsHardening(app: Pick<App, 'on'>, options: HardeningOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}
