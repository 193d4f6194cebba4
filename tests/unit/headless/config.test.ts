import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, parseHeadlessConfig } from '@main/headless/config';
import { tempDir } from '../../support/tmp';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  parseHeadlessConfig(argv, { HOME: '/home/test', ...env });
const posix = process.platform !== 'win32';

/** The message of the ConfigError `argv` is refused with. */
function refusal(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parse(argv, env);
  } catch (err) {
    expect(err, JSON.stringify(argv)).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`${JSON.stringify(argv)} was accepted`);
}

describe('headless configuration', () => {
  it('defaults to loopback, a free port and a random token', () => {
    const c = parse([]);
    expect(c).toMatchObject({
      uiHost: '127.0.0.1',
      uiPort: 0,
      uiToken: null,
      allowRemoteUi: false,
      taskHost: null,
      taskPort: null,
      overrides: {},
    });
  });

  it('reads the reference CLI environment variables', () => {
    const c = parse([], {
      IICP_HOME: '/data/iicp',
      IICP_DIRECTORY_URL: 'http://127.0.0.1:9000',
      IICP_BACKEND_URL: 'http://127.0.0.1:11434',
      IICP_BACKEND_API_KEY: 'sk-secret',
      IICP_PORT: '9500',
      IICP_HOST: '127.0.0.1',
      IICP_PUBLIC_ENDPOINT: 'https://node.example.org',
      IICP_REGION: 'eu-central',
      IICP_MAX_CONCURRENT: '3',
      IICP_UI_PORT: '8123',
      IICP_UI_TOKEN: 'a'.repeat(32),
    });
    expect(c).toEqual({
      dataDir: '/data/iicp',
      uiHost: '127.0.0.1',
      uiPort: 8123,
      uiToken: 'a'.repeat(32),
      uiTokenFile: null,
      allowRemoteUi: false,
      allowPrivateEndpoint: false,
      taskHost: '127.0.0.1',
      taskPort: 9500,
      backendApiKey: 'sk-secret',
      overrides: {
        backendUrl: 'http://127.0.0.1:11434',
        directoryUrl: 'http://127.0.0.1:9000',
        publicEndpoint: 'https://node.example.org',
        region: 'eu-central',
        maxConcurrent: 3,
      },
    });
  });

  it('lets flags win over the environment', () => {
    const c = parse(['--ui-port', '7001', '--region', 'flag-region'], {
      IICP_UI_PORT: '8000',
      IICP_REGION: 'env-region',
    });
    expect(c).toMatchObject({ uiPort: 7001, overrides: { region: 'flag-region' } });
  });

  it.each([
    [['--ui-port', 'abc']],
    [['--ui-port', '70000']],
    [['--max-concurrent', '0']],
    [['--port', '70000']],
    [['--host', 'example.org']],
    [['--directory-url', 'ftp://x']],
    [['--no-such-flag']],
    [['positional']],
  ])('rejects %j with a clear message', (argv) => {
    expect(() => parse(argv)).toThrow(ConfigError);
  });

  it('reads the trusted reverse proxies as a comma-separated list of addresses or ranges; none by default', () => {
    expect(parse(['--trusted-proxies', '127.0.0.1, 10.0.0.0/8'])).toMatchObject({
      overrides: { trustedProxies: ['127.0.0.1', '10.0.0.0/8'] },
    });
    expect(parse([], { IICP_TRUSTED_PROXIES: '::1' })).toMatchObject({ overrides: { trustedProxies: ['::1'] } });
    expect(parse([])).not.toHaveProperty('overrides.trustedProxies');
    expect(() => parse(['--trusted-proxies', '127.0.0.1,my-proxy'])).toThrow(/IP address .* or a range/);
  });

  it('refuses a non-loopback dashboard address unless explicitly allowed', () => {
    expect(() => parse(['--ui-host', '0.0.0.0'])).toThrow(/--allow-remote-ui/);
    expect(parse(['--ui-host', '0.0.0.0', '--allow-remote-ui'])).toMatchObject({
      uiHost: '0.0.0.0',
      allowRemoteUi: true,
    });
  });

  it('answers --help', () => {
    expect(parse(['--help'])).toBe('help');
  });
});

describe('dashboard token sources', () => {
  const TOKEN = 'c0ffee'.repeat(6);
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('iicp-token-')));
  afterEach(() => cleanup());

  function tokenFile(content: string, mode = 0o600): string {
    const path = join(dir, 'ui-token');
    writeFileSync(path, content);
    chmodSync(path, mode);
    return path;
  }

  it('refuses --ui-token: a token on the command line is visible to every local user', () => {
    for (const argv of [['--ui-token', TOKEN], [`--ui-token=${TOKEN}`], ['--ui-token']]) {
      const message = refusal(argv);
      expect(message).toMatch(/process list/);
      expect(message).toMatch(/IICP_UI_TOKEN/);
      expect(message).toMatch(/--ui-token-file/);
      expect(message).not.toContain(TOKEN);
    }
  });

  it('reads the token from --ui-token-file, ignoring surrounding whitespace', () => {
    expect(parse(['--ui-token-file', tokenFile(`  ${TOKEN}\n`)])).toMatchObject({ uiToken: TOKEN });
  });

  it('prefers --ui-token-file to IICP_UI_TOKEN, as every flag wins over its environment variable', () => {
    expect(parse(['--ui-token-file', tokenFile(TOKEN)], { IICP_UI_TOKEN: 'ab'.repeat(16) })).toMatchObject({
      uiToken: TOKEN,
    });
  });

  it('still takes IICP_UI_TOKEN, and checks it', () => {
    expect(parse([], { IICP_UI_TOKEN: TOKEN })).toMatchObject({ uiToken: TOKEN });
    expect(refusal([], { IICP_UI_TOKEN: 'short' })).toMatch(/32–128 hex/);
  });

  it.runIf(posix).each([
    ['0640', 0o640],
    ['0604', 0o604],
    ['0620', 0o620],
    ['0602', 0o602],
    ['0644', 0o644],
  ])('refuses a token file with mode %s: others could read or replace the token', (_label, mode) => {
    expect(refusal(['--ui-token-file', tokenFile(TOKEN, mode)])).toMatch(
      /readable or writable by other users.*chmod 600/,
    );
  });

  it.runIf(posix)('accepts an owner-only token file that is read-only', () => {
    expect(parse(['--ui-token-file', tokenFile(TOKEN, 0o400)])).toMatchObject({ uiToken: TOKEN });
  });

  it.each([
    ['too short', 'ab'.repeat(15)],
    ['too long', 'ab'.repeat(65)],
    ['not hex', 'zz'.repeat(20)],
    ['two tokens', `${TOKEN} ${TOKEN}`],
    ['empty', ''],
  ])('refuses a token file whose content is %s, without quoting it', (_label, content) => {
    const message = refusal(['--ui-token-file', tokenFile(content)]);
    expect(message).toMatch(/32–128 hex/);
    if (content) expect(message).not.toContain(content);
  });

  it('refuses a missing token file, or a folder in its place', () => {
    expect(refusal(['--ui-token-file', join(dir, 'nope')])).toMatch(/cannot be read/);
    mkdirSync(join(dir, 'folder'));
    expect(refusal(['--ui-token-file', join(dir, 'folder')])).toMatch(/not a regular file/);
  });

  // Only root can give a file away, which is also why this case matters most there.
  it.runIf(posix && process.getuid?.() === 0)(
    'refuses a token file that belongs to another user, who could replace the token',
    () => {
      const path = tokenFile(TOKEN);
      chownSync(path, 4242, 4242);
      expect(refusal(['--ui-token-file', path])).toMatch(/belongs to another user/);
    },
  );

  it.runIf(posix)('judges the file a symlink points to, not the link', () => {
    const target = tokenFile(TOKEN, 0o644);
    symlinkSync(target, join(dir, 'link'));
    expect(refusal(['--ui-token-file', join(dir, 'link')])).toMatch(/chmod 600/);
  });
});
