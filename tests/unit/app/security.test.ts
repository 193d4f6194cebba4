import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applySessionPolicy,
  CONTENT_SECURITY_POLICY,
  installWebContentsHardening,
  isAppUrl,
  isSafeExternalUrl,
  safeExternalUrl,
  secureWebPreferences,
} from '@main/app/security';
import { FakeApp, FakeEvent, FakeSession, FakeWebContents, settle } from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('the security glue must not load electron itself');
});

const RENDERER_DIR = join('/opt/iicp-provider', 'out', 'renderer');
const APP_URL = pathToFileURL(join(RENDERER_DIR, 'index.html')).href;

describe('renderer web preferences', () => {
  it('sandboxes and isolates the page, with no Node and the preload bundle', () => {
    const prefs = secureWebPreferences('/opt/iicp-provider/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/opt/iicp-provider/out/preload/index.cjs',
    });
  });
});

describe('external links', () => {
  it.each(['https://iicp.network/docs', 'https://iicp.network/docs?page=2#setup', 'HTTPS://IICP.network/'])(
    'opens %s',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true);
    },
  );

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.domain)',
    'file:///etc/passwd',
    'http://iicp.network/',
    'https://user:secret@iicp.network/',
    'https://user@iicp.network/',
    'data:text/html,<script>alert(1)</script>',
    'mailto:someone@example.com',
    'iicp://pair?token=abc',
    'smb://server/share',
    'https://',
    'not a url',
    '',
    `https://iicp.network/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 42, { href: 'https://iicp.network' }])
      expect(isSafeExternalUrl(value)).toBe(false);
  });

  it('hands the normalized URL on', () => {
    expect(safeExternalUrl('HTTPS://IICP.network')).toBe('https://iicp.network/');
  });
});

describe('app URLs', () => {
  it('accepts files of the renderer bundle, with a route or query', () => {
    expect(isAppUrl(APP_URL, RENDERER_DIR)).toBe(true);
    expect(isAppUrl(`${APP_URL}#/settings`, RENDERER_DIR)).toBe(true);
    expect(isAppUrl(pathToFileURL(join(RENDERER_DIR, 'assets', 'index.js')).href, RENDERER_DIR)).toBe(true);
  });

  it.each([
    'https://iicp.network/',
    'file:///etc/passwd',
    pathToFileURL(`${RENDERER_DIR}-evil/index.html`).href,
    `file://${RENDERER_DIR}/../../../etc/passwd`,
    `file://${RENDERER_DIR}/%2e%2e/%2e%2e/secrets.html`,
    `file://${RENDERER_DIR}/a%2Fb.html`,
    pathToFileURL(RENDERER_DIR).href,
    'file://evil-host/opt/iicp-provider/out/renderer/index.html',
    'about:blank',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url, RENDERER_DIR)).toBe(false);
  });
});

describe('web contents hardening', () => {
  let contents: FakeWebContents;
  let openExternal: ReturnType<typeof vi.fn<(url: string) => Promise<void>>>;

  beforeEach(() => {
    const app = new FakeApp('/tmp/unused');
    openExternal = vi.fn<(url: string) => Promise<void>>(async () => undefined);
    installWebContentsHardening(app as never, { rendererDir: RENDERER_DIR, openExternal });
    contents = new FakeWebContents();
    app.emit('web-contents-created', new FakeEvent(), contents);
  });

  it('denies every new window and opens only validated https URLs in the browser', async () => {
    const open = contents.windowOpenHandler!;
    expect(open).toBeTypeOf('function');
    for (const url of [
      'https://iicp.network/docs',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'http://iicp.network/',
      'https://user:pw@iicp.network/',
      APP_URL,
    ]) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    await settle();
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('https://iicp.network/docs');
  });

  it('keeps the window on the app: navigation elsewhere is blocked', async () => {
    expect(contents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.attempt('will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(contents.attempt('will-navigate', APP_URL)).toBe(false);
    expect(contents.attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-redirect', APP_URL)).toBe(false);
    await settle();
    // A plain link to a web page still reaches the person's browser; nothing else does.
    expect(openExternal.mock.calls).toEqual([['https://evil.example/']]);
  });

  it('never attaches a webview', () => {
    expect(contents.attempt('will-attach-webview')).toBe(true);
  });

  it('survives a browser that cannot be opened', async () => {
    openExternal.mockRejectedValueOnce(new Error('no browser'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(contents.windowOpenHandler!({ url: 'https://iicp.network/' })).toEqual({ action: 'deny' });
    await settle();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not open a link: no browser/));
    warn.mockRestore();
  });
});

describe('session policy', () => {
  let session: FakeSession;

  beforeEach(() => {
    session = new FakeSession();
    applySessionPolicy(session as never);
  });

  it('denies every permission request and check', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      const callback = vi.fn();
      session.permissionRequestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler!({}, permission)).toBe(false);
    }
  });

  it('puts the strict content security policy on every response, replacing any other', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const callback = vi.fn();
    session.headersListener!(
      {
        url: APP_URL,
        responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-inline'"], 'X-Other': ['1'] },
      },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Other': ['1'] },
    });

    const bare = vi.fn();
    session.headersListener!({ url: APP_URL }, bare);
    expect(bare).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('refuses downloads from anywhere but the page itself', () => {
    const event = new FakeEvent();
    session.emit('will-download', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
    const remote = new FakeEvent();
    session.emit(
      'will-download',
      remote,
      { getURL: () => 'https://example.org/x.csv', getFilename: () => 'x.csv', setSaveDialogOptions: vi.fn() },
      {},
    );
    expect(remote.defaultPrevented).toBe(true);
  });

  it("lets the page's own CSV export through a save dialog", () => {
    const event = new FakeEvent();
    const setSaveDialogOptions = vi.fn();
    session.emit(
      'will-download',
      event,
      { getURL: () => 'blob:file:///5b0e…', getFilename: () => 'iicp-ledger-2026-11-21.csv', setSaveDialogOptions },
      {},
    );
    expect(event.defaultPrevented).toBe(false);
    expect(setSaveDialogOptions).toHaveBeenCalledWith({
      title: 'Save file',
      defaultPath: 'iicp-ledger-2026-11-21.csv',
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    const logs = vi.fn();
    session.emit(
      'will-download',
      new FakeEvent(),
      { getURL: () => 'blob:file:///1', getFilename: () => 'iicp-logs.txt', setSaveDialogOptions: logs },
      {},
    );
    expect(logs).toHaveBeenCalledWith({
      title: 'Save file',
      defaultPath: 'iicp-logs.txt',
      filters: [{ name: 'Text', extensions: ['txt'] }],
    });
  });
});
