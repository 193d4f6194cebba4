/**
 * The headless `--backend-url` judged like every other LLM server address: on this computer or its local network, a
 * link-local one (a cloud provider's metadata service) only with `--allow-link-local-backend`; an address as the flags
 * are read (exit 64 before anything starts, and no service installed to fail), a name on what it resolves to.
 */
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { backendAddressRefusal, backendNameRefusal } from '@main/headless/backend-url-check';
import { ConfigError, parseHeadlessConfig } from '@main/headless/config';
import { planService } from '@main/headless/service-plan';

const env = { HOME: '/home/test' };
const parse = (argv: string[], more: NodeJS.ProcessEnv = {}) => parseHeadlessConfig(argv, { ...env, ...more });
const METADATA_WORDS =
  "--backend-url: This is a link-local address, like a cloud provider's metadata service. The node does not call it unless you confirm it.";

describe('--backend-url as an address', () => {
  it('refuses a link-local address unless the person confirms it with a flag or the environment', () => {
    for (const url of [
      'http://169.254.169.254',
      'http://169.254.169.254:80/latest',
      'http://[fe80::1]:11434',
      'http://[::ffff:a9fe:a9fe]/',
    ]) {
      expect(() => parse(['--backend-url', url]), url).toThrow(ConfigError);
      expect(() => parse([], { IICP_BACKEND_URL: url }), url).toThrow(/--allow-link-local-backend/);
      expect(parse(['--backend-url', url, '--allow-link-local-backend']), url).toMatchObject({
        overrides: { backendUrl: url },
        allowLinkLocalBackend: true,
      });
      expect(parse([], { IICP_BACKEND_URL: url, IICP_ALLOW_LINK_LOCAL_BACKEND: '1' }), url).toMatchObject({
        overrides: { backendUrl: url },
      });
    }
    expect(backendAddressRefusal('http://169.254.169.254', false)).toBe(
      `${METADATA_WORDS} To use it anyway, pass --allow-link-local-backend (or set IICP_ALLOW_LINK_LOCAL_BACKEND=1).`,
    );
  });

  it('refuses an address off the local network, confirmed or not', () => {
    for (const url of ['http://8.8.8.8:11434', 'http://[2001:4860::1]:11434', 'http://192.0.2.1:11434']) {
      expect(() => parse(['--backend-url', url, '--allow-link-local-backend']), url).toThrow(
        '--backend-url: Only a server on this computer or your local network can be used.',
      );
    }
  });

  it('takes this computer and the local network as before, and leaves a name to the start', () => {
    for (const url of [
      'http://127.0.0.1:11434',
      'http://192.168.1.20:11434',
      'http://[::1]:8080',
      'http://0.0.0.0:11434',
      'http://gpu-box.lan:11434',
      'http://localhost:1234',
    ]) {
      expect(parse(['--backend-url', url]), url).toMatchObject({ overrides: { backendUrl: url } });
      expect(parse(['--backend-url', url])).not.toHaveProperty('allowLinkLocalBackend');
    }
  });

  it('is never installed as a service to fail at every start, and a confirmation goes into the service', () => {
    expect(() => planService(['--install-service', '--backend-url', 'http://169.254.169.254:80'], env, '/tmp')).toThrow(
      ConfigError,
    );
    const plan = planService(
      ['--install-service', '--backend-url', 'http://169.254.10.5:11434', '--allow-link-local-backend'],
      env,
      '/tmp',
    );
    expect(plan.args).toEqual(
      expect.arrayContaining(['--backend-url', 'http://169.254.10.5:11434', '--allow-link-local-backend']),
    );
  });
});

describe('--backend-url as a name', () => {
  const resolve = async (host: string): Promise<LookupAddress[]> => {
    const table: Record<string, string[]> = {
      'metadata.google.internal': ['169.254.169.254'],
      'gpu-box.lan': ['192.168.1.7'],
      'far.example': ['93.184.216.34'],
    };
    const list = table[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: 4 }));
  };

  it('is judged on what it resolves to when the host starts', async () => {
    expect(await backendNameRefusal('http://metadata.google.internal', false, resolve)).toMatch(
      /^--backend-url: This name leads to a link-local address, .* --allow-link-local-backend/,
    );
    expect(await backendNameRefusal('http://metadata.google.internal', true, resolve)).toBeNull();
    expect(await backendNameRefusal('http://far.example:11434', true, resolve)).toBe(
      '--backend-url: Only a server on this computer or your local network can be used.',
    );
    expect(await backendNameRefusal('http://gpu-box.lan:11434', false, resolve)).toBeNull();
  });

  it('does not hold a name without an address yet against the start (a service starting before its network)', async () => {
    expect(await backendNameRefusal('http://not-up-yet.lan:11434', false, resolve)).toBeNull();
  });
});
