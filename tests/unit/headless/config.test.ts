import { describe, expect, it } from 'vitest';
import { ConfigError, parseHeadlessConfig } from '../../../src-main/headless/config';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseHeadlessConfig(argv, { HOME: '/home/test', ...env });

describe('headless configuration', () => {
  it('defaults to loopback, a free port and a random token', () => {
    const c = parse([]);
    expect(c).toMatchObject({ uiHost: '127.0.0.1', uiPort: 0, uiToken: null, allowRemoteUi: false, taskHost: null, taskPort: null, overrides: {} });
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
    const c = parse(['--ui-port', '7001', '--region', 'flag-region'], { IICP_UI_PORT: '8000', IICP_REGION: 'env-region' });
    expect(c).toMatchObject({ uiPort: 7001, overrides: { region: 'flag-region' } });
  });

  it.each([
    [['--ui-port', 'abc']],
    [['--ui-port', '70000']],
    [['--max-concurrent', '0']],
    [['--port', '70000']],
    [['--host', 'example.org']],
    [['--directory-url', 'ftp://x']],
    [['--ui-token', 'short']],
    [['--no-such-flag']],
    [['positional']],
  ])('rejects %j with a clear message', (argv) => {
    expect(() => parse(argv)).toThrow(ConfigError);
  });

  it('refuses a non-loopback dashboard address unless explicitly allowed', () => {
    expect(() => parse(['--ui-host', '0.0.0.0'])).toThrow(/--allow-remote-ui/);
    expect(parse(['--ui-host', '0.0.0.0', '--allow-remote-ui'])).toMatchObject({ uiHost: '0.0.0.0', allowRemoteUi: true });
  });

  it('answers --help', () => {
    expect(parse(['--help'])).toBe('help');
  });
});
