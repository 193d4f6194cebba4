/**
 * `npm run headless -- --install-service` given credentials inside `--backend-url` (a user name and password, a query
 * token) and `--directory-url` (a query token). A unit file others can read, or a command line (`ps`, /proc), must
 * hold none of them: the unit is owner-only (also when an older one was 0644), the URLs in it are bare, the
 * credentials are in the node's secret store, the install says so in plain words, and the engine started the way the
 * unit starts it still reaches its LLM server and its directory with them.
 *
 * systemctl is the recording stand-in of tests/unit/headless/service.test.ts; the LLM server and the directory sit
 * behind guards that refuse any call without the credentials.
 */
import { Buffer } from 'node:buffer';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderNode } from '@engine/node/provider-node';
import { parseHeadlessConfig } from '@main/headless/config';
import { headlessNodeOptions } from '@main/headless/node-options';
import { runServiceCommand, SERVICE_EXIT, type ServiceDeps } from '@main/headless/service';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { tempDir } from '../support/tmp';

const USER = 'llm-user';
const PASSWORD = 's3cr@t-pw';
const BACKEND_TOKEN = 'q-secret-123';
const DIRECTORY_TOKEN = 'dir-777-secret';
const SECRETS = [USER, 's3cr', BACKEND_TOKEN, DIRECTORY_TOKEN];

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
});

interface Guard {
  port: number;
  allowed: number;
  refused: number;
}

/**
 * A reverse proxy that lets through only calls carrying the credentials (`ok` decides) and passes them on without
 * the credential query parameter, as a server behind a password or a token would.
 */
async function startGuard(
  targetPort: number,
  ok: (req: IncomingMessage, url: URL) => boolean,
  dropParam: string,
): Promise<Guard> {
  const g: Guard = { port: 0, allowed: 0, refused: 0 };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://guard');
    if (!ok(req, url)) {
      g.refused += 1;
      res
        .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="llm"' })
        .end('{"error":"unauthorized"}');
      return;
    }
    g.allowed += 1;
    url.searchParams.delete(dropParam);
    const { authorization: _auth, ...headers } = req.headers;
    const up = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: `${url.pathname}${url.search}`, headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  g.port = (server.address() as { port: number }).port;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return g;
}

/** The words of an ExecStart= line as systemd reads them (service-unit.ts quotes every word). */
function execStartWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    words.push(
      m[1]!
        .replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
        .replace(/\\(.)/g, '$1')
        .replace(/%%/g, '%')
        .replace(/\$\$/g, '$'),
    );
  }
  return words;
}

describe('installing the service with credentials in the URLs', () => {
  it('keeps them out of the unit file and its command line, in the secret store instead, and the engine still uses them', async () => {
    const { dir: home, cleanup } = tempDir('iicp-service-secrets-');
    cleanups.push(cleanup);
    const entryScript = join(home, 'checkout', 'out', 'main', 'headless.js');
    mkdirSync(join(home, 'checkout', 'out', 'main'), { recursive: true });
    writeFileSync(entryScript, '// the built host\n');
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const unitDir = join(home, '.config', 'systemd', 'user');
    const unitPath = join(unitDir, 'iicp-provider.service');
    const dataDir = join(home, 'node data');

    // An older install left a world-readable unit.
    mkdirSync(unitDir, { recursive: true });
    writeFileSync(unitPath, '[Service]\nExecStart=/bin/true\n', { mode: 0o644 });
    chmodSync(unitPath, 0o644);

    const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
    cleanups.push(() => backend.close());
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    const llmGuard = await startGuard(
      Number(new URL(backend.url).port),
      (req, url) => req.headers.authorization === basic && url.searchParams.get('token') === BACKEND_TOKEN,
      'token',
    );
    const directory = await startTestDirectory({
      routabilityCheck: false,
      livenessProbe: false,
      heartbeatIntervalMs: 400,
      activeProbeIntervalMs: null,
    });
    cleanups.push(() => directory.close());
    const dirGuard = await startGuard(
      Number(new URL(directory.url).port),
      (_req, url) => url.searchParams.get('access') === DIRECTORY_TOKEN,
      'access',
    );
    const taskPort = await freePort();

    const backendUrl = `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${llmGuard.port}?token=${BACKEND_TOKEN}`;
    const directoryUrl = `http://127.0.0.1:${dirGuard.port}/api?access=${DIRECTORY_TOKEN}`;
    const calls: string[][] = [];
    const deps: ServiceDeps = {
      platform: 'linux',
      home,
      cwd: home,
      uid: 1000,
      node: process.execPath,
      entryScript,
      run: async (command, args) => {
        calls.push([command, ...args]);
        return { code: 0, output: '', missing: false };
      },
    };
    const out: string[] = [];
    const err: string[] = [];
    const code = await runServiceCommand(
      [
        '--install-service',
        '--data-dir',
        dataDir,
        '--backend-url',
        backendUrl,
        '--directory-url',
        directoryUrl,
        '--port',
        String(taskPort),
        '--host',
        '127.0.0.1',
        '--public-endpoint',
        `http://127.0.0.1:${taskPort}`,
        '--allow-private-endpoint',
        '--port-mapping',
        'off',
      ],
      env,
      { out: (t) => out.push(t), err: (t) => err.push(t) },
      deps,
    );
    const unit = readFileSync(unitPath, 'utf8');
    const mode = statSync(unitPath).mode & 0o777;
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';
    const words = execStartWords(execStart);
    let secretsFile = '';
    try {
      secretsFile = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
    } catch {
      // none written
    }
    const leakedInUnit = SECRETS.filter((s) => unit.includes(s));
    const leakedInCommand = SECRETS.filter((s) => words.some((w) => w.includes(s)));
    console.log(`install exit code: ${code}`);
    console.log(`unit file mode: ${mode.toString(8)}`);
    console.log(`credentials found in the unit file: ${leakedInUnit.length} of ${SECRETS.length}`);
    console.log(`credentials found on the service's command line: ${leakedInCommand.length} of ${SECRETS.length}`);
    console.log(
      `credentials found in the secret store: ${SECRETS.filter((s) => secretsFile.includes(s)).length} of ${SECRETS.length}`,
    );
    console.log(
      `install output: ${
        out
          .join('')
          .split('\n')
          .filter((l) => /Moved|Removed/.test(l))
          .join(' | ') || '(nothing about credentials)'
      }`,
    );

    expect(code, err.join('')).toBe(SERVICE_EXIT.ok);
    expect(mode).toBe(0o600);
    expect(leakedInUnit).toEqual([]);
    expect(leakedInCommand).toEqual([]);
    expect(words).toContain(`http://127.0.0.1:${llmGuard.port}`);
    expect(words).toContain(`http://127.0.0.1:${dirGuard.port}/api`);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    for (const s of [USER, BACKEND_TOKEN, DIRECTORY_TOKEN]) expect(secretsFile).toContain(s);
    expect(out.join('')).toContain(
      "Moved the user name and password and the query (?…) of the backend URL (--backend-url) into the node's secrets file",
    );
    expect(out.join('')).toContain('Moved the query (?…) of the directory URL (--directory-url) into the node');
    expect(calls.some((c) => c.join(' ').includes('enable'))).toBe(true);

    // The engine as the unit starts it: the host's flags from ExecStart (after Node and the built host), its options.
    const config = parseHeadlessConfig(words.slice(2), {});
    if (config === 'help') throw new Error('unexpected --help');
    const node = new ProviderNode({
      ...headlessNodeOptions(config, '0.1.0-test'),
      tuning: {
        snapshotIntervalMs: 0,
        nat: { interfaces: () => ({}) },
        tunnels: { env: { PATH: '' }, ngrokApiUrl: 'http://127.0.0.1:9' },
      },
    });
    cleanups.push(() => node.stop());
    await node.start();
    await eventually(() => expect(node.getSnapshot().backend.status).toBe('healthy'), 20_000);
    await eventually(() => expect(directory.state.registrations.some((r) => r.status === 201)).toBe(true), 20_000);
    console.log(`LLM server calls let through with the credentials: ${llmGuard.allowed}, refused: ${llmGuard.refused}`);
    console.log(`directory calls let through with the credentials: ${dirGuard.allowed}, refused: ${dirGuard.refused}`);
    // The settings the dashboard shows hold the URLs without them.
    const settings = node.getSettings();
    expect(settings.backendUrl).toBe(`http://127.0.0.1:${llmGuard.port}`);
    expect(settings.directoryUrl).toBe(`http://127.0.0.1:${dirGuard.port}/api`);
    expect(llmGuard.refused).toBe(0);
    expect(dirGuard.refused).toBe(0);
  });
});
