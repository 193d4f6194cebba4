/**
 * Secrets never leak and the diagnostics bundle carries none of them.
 *
 * One node lives a whole life against the PHP-faithful test directory and a fake Ollama that wants an API key:
 * registration (after the directory dialled /iicp/health), heartbeats answering challenges, tasks plain and
 * IICP-CX encrypted, receipts awarded; a restart with the key moved from IICP_BACKEND_API_KEY (the run-only
 * override) to the secret store via chooseBackend (the server refuses the old key meanwhile, so the error paths
 * log too); a revoked token and the re-registration it causes. Then every file in the data folder — logs and
 * their rotated generations, events.jsonl, provider.db, its -wal and -shm, the lock — plus the snapshot, the
 * event log, "Save logs" and the diagnostics bundle are searched for every node token, HMAC key, registration
 * JWT and proxy token the directory ever issued, the IICP-CX private key and both API keys, each in its raw
 * bytes, base64, base64url and hex forms. The secrets file is the one place that holds them by design: the
 * headless host keeps it as owner-only (0600) plain JSON; the desktop app seals it with the OS key store.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsBundle, EngineEvent } from '@shared/contract';
import { FileSecretStore, PLAIN_SECRETS_FILE } from '@engine/identity/secret-store';
import { NodeLog } from '@engine/logging/node-log';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { openResponse, sealRequest } from '../support/cx-consumer';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { chatTask, eventually, http, startNode, type NodeHarness } from '../support/node-harness';
import { tempDir } from '../support/tmp';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'qwen2.5:7b';
const ENV_API_KEY = `sk-env-${randomUUID()}`;
const STORED_API_KEY = `lmstudio-${randomUUID().replace(/-/g, '')}`;
const LAN_IPV4 = '192.168.77.23';
const GLOBAL_IPV6 = '2a00:1450:4001:81b::200e';
const isWindows = process.platform === 'win32';

let directory: TestDirectory;
let backend: FakeBackend;
let home: { dir: string; cleanup: () => void };
let dataDir: string;
let port: number;
let h: NodeHarness | null = null;
let nodeId: string;
const oldHome = process.env.HOME;

/** The interface table the node sees: a LAN address and a global IPv6 address, both to be masked in the bundle. */
const interfaces = () => ({
  eth0: [
    {
      address: LAN_IPV4,
      netmask: '255.255.255.0',
      family: 'IPv4' as const,
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: `${LAN_IPV4}/24`,
    },
    {
      address: GLOBAL_IPV6,
      netmask: 'ffff:ffff:ffff:ffff::',
      family: 'IPv6' as const,
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: `${GLOBAL_IPV6}/64`,
      scopeid: 0,
    },
  ],
});

async function startLife(backendApiKey: string | null): Promise<NodeHarness> {
  return startNode(
    {
      backendUrl: backend.url,
      directoryUrl: directory.url,
      publicEndpoint: `http://127.0.0.1:${port}`,
      region: 'eu-test',
    },
    {
      taskPort: port,
      allowPrivateEndpoint: true,
      backendApiKey,
      secretStore: new FileSecretStore(join(dataDir, PLAIN_SECRETS_FILE)),
      tuning: {
        directoryStartupRetryDelaysMs: [200, 400],
        directoryBackoffBaseMs: 200,
        earnings: { retryBaseMs: 200, syncIntervalMs: 60_000, listingIntervalMs: 200 },
        detectWellKnown: [{ url: backend.url, label: 'ollama' }],
        nat: { interfaces },
      },
    },
    dataDir,
  );
}

const node = () => h!.node;
const registered = () => expect(node().getSnapshot().directory.link).toBe('registered');

async function serveTasks(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = randomUUID();
    const r = await http(`${h!.base}/v1/task`, { body: chatTask(id) });
    expect(r.status, r.text).toBe(200);
    ids.push(id);
  }
  const cx = node().runtime!.identity.cx;
  for (let i = 0; i < 2; i++) {
    const id = randomUUID();
    const payload = { model: MODEL, messages: [{ role: 'user', content: `private ${i}` }] };
    const sealed = await sealRequest({
      nodePublicRaw: new Uint8Array(cx.publicKeyRaw),
      nodeKeyId: cx.keyId,
      taskId: id,
      intent: CHAT,
      payload,
    });
    const r = await http(`${h!.base}/v1/task`, {
      body: { task_id: id, intent: CHAT, iicp_conf: sealed.envelope, cx_response_encryption: 'required' },
    });
    expect(r.status, r.text).toBe(200);
    expect(await openResponse(sealed.shared, id, r.json.iicp_conf_resp)).toMatchObject({
      task_id: id,
      status: 'success',
    });
    ids.push(id);
  }
  return ids;
}

async function awaitAwarded(ids: string[]): Promise<void> {
  await eventually(async () => {
    const rows = await node().commandHandlers().listLedger({ limit: 500 });
    for (const id of ids) expect(rows.find((r) => r.taskId === id)?.receipt, id).toBe('awarded');
  }, 15_000);
}

/** Every secret of the run, by name, in each form it could have been written in (text and raw bytes). */
function secretForms(): { name: string; form: string; bytes: Buffer }[] {
  const out: { name: string; form: string; bytes: Buffer }[] = [];
  const add = (name: string, value: string | null | undefined) => {
    if (!value) return;
    const forms = new Map<string, Buffer>([['as is', Buffer.from(value, 'utf8')]]);
    let raw: Buffer | null = null;
    if (/^[0-9a-f]{32,}$/i.test(value) && value.length % 2 === 0) raw = Buffer.from(value, 'hex');
    else if (/^[A-Za-z0-9_-]{40,}$/.test(value) && Buffer.from(value, 'base64url').length === 32)
      raw = Buffer.from(value, 'base64url');
    if (raw) {
      forms.set('raw bytes', raw);
      forms.set('hex', Buffer.from(raw.toString('hex')));
      forms.set('HEX', Buffer.from(raw.toString('hex').toUpperCase()));
      forms.set('base64', Buffer.from(raw.toString('base64')));
      forms.set('base64url', Buffer.from(raw.toString('base64url')));
    } else {
      forms.set('base64', Buffer.from(Buffer.from(value).toString('base64')));
    }
    for (const [form, bytes] of forms) out.push({ name, form, bytes });
  };
  for (const r of directory.state.registrations) {
    const res = r.response as Record<string, unknown> | null;
    const body = r.body as Record<string, unknown> | null;
    add('node_token', res?.node_token as string | undefined);
    add('proxy_token', res?.proxy_token as string | undefined);
    add('registration jwt', res?.jwt_token as string | undefined);
    add('node_hmac_key', res?.node_hmac_key as string | undefined);
    add('node_hmac_key', body?.node_hmac_key as string | undefined);
  }
  const store = new FileSecretStore(join(dataDir, PLAIN_SECRETS_FILE));
  add('node_token', store.get('node_token'));
  add('node_hmac_key', store.get('node_hmac_key'));
  add('cx_private_key', store.get('cx_private_key'));
  add('backend_api_key (stored)', store.get('backend_api_key'));
  add('backend_api_key (IICP_BACKEND_API_KEY)', ENV_API_KEY);
  add('backend_api_key (stored)', STORED_API_KEY);
  return out;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** "<file>: <secret> (<form>)" for every secret found; empty when none is. */
function leaksIn(sources: { label: string; data: Buffer }[]): string[] {
  const forms = secretForms();
  const found: string[] = [];
  for (const { label, data } of sources) {
    for (const f of forms) if (data.includes(f.bytes)) found.push(`${label}: ${f.name} (${f.form})`);
  }
  return [...new Set(found)];
}

function dataFiles(): { label: string; data: Buffer }[] {
  return filesUnder(dataDir)
    .filter((p) => relative(dataDir, p) !== PLAIN_SECRETS_FILE)
    .map((p) => ({ label: relative(dataDir, p), data: readFileSync(p) }));
}

function allEvents(): EngineEvent[] {
  const out: EngineEvent[] = [];
  let before: number | undefined;
  for (;;) {
    const page = node().commands.listEvents(500, before);
    out.push(...page);
    if (page.length < 500) return out;
    before = page[page.length - 1]!.id;
  }
}

beforeAll(async () => {
  // A home folder of our own, with the data folder where the desktop app keeps it on Linux: the bundle must show
  // it as ~ (os.homedir() follows $HOME on POSIX).
  home = tempDir('iicp-home-');
  dataDir = join(home.dir, '.config', 'IICP Provider');
  mkdirSync(dataDir, { recursive: true });
  if (!isWindows) process.env.HOME = home.dir;
  // The directory's active reachability probe every 300 ms (production: 5 min), so "confirmed" comes within the test.
  directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: true,
    heartbeatIntervalMs: 1000,
    activeProbeIntervalMs: 300,
  });
  backend = await startFakeBackend({ flavour: 'ollama', models: [MODEL], apiKey: ENV_API_KEY });
  port = await freePort();
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
  if (oldHome === undefined) delete process.env.HOME;
  else process.env.HOME = oldHome;
  home?.cleanup();
});

describe('a whole life of a node', () => {
  it('first life: the API key from IICP_BACKEND_API_KEY; registers, answers challenges, serves plain and CX tasks, receipts awarded', async () => {
    h = await startLife(ENV_API_KEY);
    nodeId = node().getSnapshot().node.nodeId!;
    await eventually(registered, 15_000);
    await eventually(
      () => expect(directory.state.nodes[nodeId]!.challengeVerifiedCount).toBeGreaterThanOrEqual(2),
      15_000,
    );
    await awaitAwarded(await serveTasks());
    expect(
      backend.calls
        .filter((c) => c.path === '/v1/chat/completions')
        .every((c) => c.headers.authorization === `Bearer ${ENV_API_KEY}`),
    ).toBe(true);
    // The wizard's search with a key to try, and the choice that stores the next key (this run keeps the flag's).
    const detected = await node()
      .commandHandlers()
      .detectBackends({ extraUrls: [], apiKeys: [{ url: backend.url, apiKey: STORED_API_KEY }] });
    expect(detected.candidates.some((c) => c.found)).toBe(true);
    node()
      .commandHandlers()
      .chooseBackend({ url: backend.url, apiKey: STORED_API_KEY, defaultModel: MODEL, excludedModels: [] });
    await h.stop();
    h = null;
  }, 60_000);

  it('second life: the stored key; the node re-registers; a server that refuses the key makes it degraded until it takes it again', async () => {
    backend.set({ apiKey: STORED_API_KEY });
    h = await startLife(null);
    await eventually(() => expect(node().getSnapshot().backend.status).toBe('healthy'), 10_000);
    await eventually(registered, 20_000);
    expect(directory.state.registrations.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(2);
    backend.set({ apiKey: `sk-someone-else-${randomUUID()}` });
    await eventually(() => expect(node().getSnapshot().state).toBe('degraded'), 10_000);
    backend.set({ apiKey: STORED_API_KEY });
    await eventually(() => expect(node().getSnapshot().state).toBe('online'), 10_000);
    await awaitAwarded(await serveTasks());
    expect(backend.calls.filter((c) => c.path === '/v1/chat/completions').at(-1)!.headers.authorization).toBe(
      `Bearer ${STORED_API_KEY}`,
    );
  }, 60_000);

  it('a revoked token: heartbeats get 401, the node registers again with a new token and keeps serving', async () => {
    const before = new FileSecretStore(join(dataDir, PLAIN_SECRETS_FILE)).get('node_token');
    directory.revokeToken(nodeId);
    await eventually(() => {
      const now = new FileSecretStore(join(dataDir, PLAIN_SECRETS_FILE)).get('node_token');
      expect(now).not.toBeNull();
      expect(now).not.toBe(before);
      expect(directory.state.nodes[nodeId]!.token).toBe(now);
    }, 20_000);
    await eventually(registered, 20_000);
    expect(directory.state.requests.some((r) => r.path.includes('heartbeat') && r.status === 401)).toBe(true);
    await awaitAwarded(await serveTasks());
    // Enough happened for the check below to mean something.
    const tokens = new Set(
      directory.state.registrations
        .map((r) => (r.response as { node_token?: string } | null)?.node_token)
        .filter(Boolean),
    );
    expect(tokens.size).toBeGreaterThanOrEqual(3);
    const names = new Set(allEvents().map((e) => e.event));
    for (const e of ['register_ok', 'problem', 'settings_changed']) expect(names, e).toContain(e);
  }, 60_000);
});

describe('secrets never leak', () => {
  it('the secrets file holds them by design: owner-only (0600) plain JSON headless, in an owner-only folder', () => {
    const path = join(dataDir, PLAIN_SECRETS_FILE);
    const text = readFileSync(path, 'utf8');
    const stored = JSON.parse(text) as Record<string, string>;
    expect(Object.keys(stored).sort()).toEqual(['backend_api_key', 'cx_private_key', 'node_hmac_key', 'node_token']);
    expect(stored.backend_api_key).toBe(STORED_API_KEY);
    expect(text).not.toContain(ENV_API_KEY); // the run-only key is never persisted
    // The search below finds what it looks for: here, where the secrets are by design.
    const found = leaksIn([{ label: 'secrets.json', data: readFileSync(path) }]);
    for (const name of ['node_token', 'node_hmac_key', 'cx_private_key', 'backend_api_key (stored)'])
      expect(found).toContain(`secrets.json: ${name} (as is)`);
    const cxRaw = Buffer.from(stored.cx_private_key!, 'base64url');
    expect(leaksIn([{ label: 'x', data: Buffer.concat([Buffer.from('..'), cxRaw]) }])).toEqual([
      'x: cx_private_key (raw bytes)',
    ]);
    expect(leaksIn([{ label: 'x', data: Buffer.from(cxRaw.toString('hex').toUpperCase()) }])).toEqual([
      'x: cx_private_key (HEX)',
    ]);
    if (!isWindows) {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'logs')).mode & 0o777).toBe(0o700);
    }
  });

  it('no file in the data folder holds one, while the node runs (database with its WAL) and after it stopped', async () => {
    const running = dataFiles();
    const labels = running.map((f) => f.label);
    expect(labels).toEqual(
      expect.arrayContaining(['provider.db', 'provider.db-wal', 'logs/events.jsonl', `logs/${nodeId}.log`]),
    );
    expect(running.find((f) => f.label === 'provider.db-wal')!.data.length).toBeGreaterThan(0);
    expect(leaksIn(running)).toEqual([]);

    const { nodeId: id } = node().getSnapshot().node;
    await h!.stop();
    h = null;
    const stopped = dataFiles();
    expect(stopped.map((f) => f.label)).toContain(`logs/${id}.log`);
    expect(leaksIn(stopped)).toEqual([]);
    // The logs say what happened (the check above is not vacuous).
    const log = readFileSync(join(dataDir, 'logs', `${id}.log`), 'utf8');
    for (const e of ['register_ok', 'heartbeat_ok', 'serve_start']) expect(log).toContain(`[${e}]`);
    h = await startLife(null);
    await eventually(registered, 20_000);
  }, 60_000);

  it('neither the snapshot, the event log, "Save logs" nor the diagnostics bundle holds one', async () => {
    const handlers = node().commandHandlers();
    const saved = handlers.exportLogs({ limit: 20_000 }) as { text: string; lines: number };
    const diag = (await handlers.getDiagnostics({})) as { filename: string; json: string };
    expect(saved.lines).toBeGreaterThan(10); // routine lines (heartbeats, awarded receipts) stay in the node log files
    const sources = [
      { label: 'snapshot', data: Buffer.from(JSON.stringify(node().getSnapshot())) },
      { label: 'event log', data: Buffer.from(JSON.stringify(allEvents())) },
      { label: 'saved logs', data: Buffer.from(saved.text) },
      { label: 'diagnostics', data: Buffer.from(diag.json) },
    ];
    expect(leaksIn(sources)).toEqual([]);
  }, 30_000);
});

describe('the diagnostics bundle of a node that ran', () => {
  let bundle: DiagnosticsBundle;
  let json: string;

  beforeAll(async () => {
    await eventually(() => expect(node().getSnapshot().reachability.verified).toBe(true), 15_000);
    const out = (await node().commandHandlers().getDiagnostics({})) as { filename: string; json: string };
    expect(out.filename).toMatch(/^iicp-diagnostics-\d{4}-\d\d-\d\dT\d{6}Z\.json$/);
    json = out.json;
    bundle = JSON.parse(json) as DiagnosticsBundle;
  }, 30_000);

  it('has versions, settings, recent events, health, NAT steps, backend detection, directory, availability and earnings', () => {
    expect(bundle).toMatchObject({
      kind: 'iicp-provider-diagnostics',
      schema: 1,
      versions: {
        app: '0.1.0-test',
        apiVersion: 1,
        host: 'headless',
        node: process.versions.node,
        electron: null,
        platform: process.platform,
      },
      node: { nodeId, state: 'online', available: true },
      settings: {
        region: 'eu-test',
        defaultModel: MODEL,
        backendUrl: expect.stringMatching(/^http:\/\/<ipv4:loopback>:\d+$/),
      },
      secrets: {
        encryptedAtRest: false,
        present: { node_token: true, node_hmac_key: true, cx_private_key: true, backend_api_key: true },
      },
      health: { status: 200, body: { status: 'ok', node_id: nodeId, models: [MODEL] } },
      reachability: {
        status: 'public',
        verified: true,
        method: 'public_url',
        endpoint: expect.stringMatching(/^http:\/\/<ipv4:loopback>:\d+$/),
      },
      backend: { monitor: { status: 'healthy', flavour: 'ollama', models: [MODEL] } },
      directory: { link: 'registered' },
      earnings: { outbox: 0 },
    });
    expect(bundle.reachability.steps.length).toBeGreaterThan(0);
    const detection = bundle.backend.detection as {
      candidates: { found: boolean; flavour: string; models: { name: string }[]; needsApiKey: boolean }[];
    };
    expect(detection.candidates.find((c) => c.found)).toMatchObject({ flavour: 'ollama', models: [{ name: MODEL }] });
    const events = bundle.recentEvents as EngineEvent[];
    expect(events.length).toBeGreaterThan(10);
    expect(events.map((e) => e.event)).toContain('register_ok');
    expect((bundle.earnings.today.awarded ?? 0) > 0).toBe(true);
    expect(bundle.logFiles).toEqual(expect.arrayContaining([{ name: 'events.jsonl', bytes: expect.any(Number) }]));
  });

  it('masks IP addresses (v4 and v6) and the home folder', () => {
    for (const ip of ['127.0.0.1', LAN_IPV4, GLOBAL_IPV6, '::1']) expect(json, ip).not.toContain(ip);
    // No dotted quad anywhere but in the runtime's version numbers (V8's look like one: 12.4.254.21).
    expect(JSON.stringify({ ...bundle, versions: null })).not.toMatch(/(?<![\d.])\d{1,3}(\.\d{1,3}){3}(?![\d.])/);
    expect(bundle.versions.v8).toBe(process.versions.v8);
    if (!isWindows) {
      expect(json).not.toContain(home.dir);
      expect(bundle.dataDir).toBe('~/.config/IICP Provider');
    }
  });

  it('is the exact text that is saved: pretty-printed JSON ending in a new line', () => {
    expect(json).toBe(`${JSON.stringify(bundle, null, 2)}\n`);
  });
});

describe('"Save logs"', () => {
  it('is a text log, oldest first, with the filters applied', () => {
    const handlers = node().commandHandlers();
    const all = handlers.exportLogs({ limit: 20_000 }) as { filename: string; text: string; lines: number };
    expect(all.filename).toMatch(/^iicp-logs-\d{4}-\d\d-\d\dT\d{6}Z\.txt$/);
    const lines = all.text.trimEnd().split('\n');
    expect(lines.slice(0, 3).every((l) => l.startsWith('# '))).toBe(true);
    const body = lines.slice(3);
    expect(body).toHaveLength(all.lines);
    const times = body.map((l) => l.split(' ')[0]!);
    expect([...times].sort()).toEqual(times);
    expect(body[0]).toMatch(/^\S+Z INFO {2}engine_start host=headless/);

    const regs = handlers.exportLogs({ limit: 5, event: 'register_ok' }) as { text: string; lines: number };
    expect(regs.lines).toBeGreaterThanOrEqual(2);
    expect(
      regs.text
        .trimEnd()
        .split('\n')
        .slice(3)
        .every((l) => / register_ok( |$)/.test(l)),
    ).toBe(true);
    expect(regs.text).toContain('filter: event = register_ok');

    const warn = handlers.exportLogs({ limit: 100, level: 'warn', text: 'backend' }) as { text: string; lines: number };
    expect(warn.lines).toBeGreaterThan(0);
    for (const l of warn.text.trimEnd().split('\n').slice(3)) {
      expect(l).toMatch(/ (WARN |ERROR) /);
      expect(l.toLowerCase()).toContain('backend');
    }
    expect(all.text).not.toContain('127.0.0.1');
  });
});

describe('logs rotate with size caps', () => {
  it('the node log keeps at most three generations of at most the cap each, all masked', async () => {
    const t = tempDir('iicp-rotate-');
    try {
      const secret = `tok-${randomUUID()}`;
      const cap = 4096;
      // A minute apart: every line is within the event's allowance, none is counted as a repeat.
      let minute = 0;
      const everyMinute = () => new Date(Date.UTC(2025, 0, 1) + minute++ * 61_000);
      const log = new NodeLog(join(t.dir, 'logs'), nodeId, () => [secret], everyMinute, cap);
      for (let i = 0; i < 2000; i++)
        log.write('heartbeat_ok', `seq=${i} token=${secret} padding=${'x'.repeat(i % 50)}`);
      await log.close(); // the lines are written asynchronously: all of them by now
      const files = readdirSync(join(t.dir, 'logs')).sort();
      expect(files).toEqual(
        [
          'events.jsonl',
          'events.jsonl.1',
          'events.jsonl.2',
          'events.jsonl.3',
          `${nodeId}.log`,
          `${nodeId}.log.1`,
          `${nodeId}.log.2`,
          `${nodeId}.log.3`,
        ].sort(),
      );
      let total = 0;
      for (const f of files) {
        const path = join(t.dir, 'logs', f);
        const size = statSync(path).size;
        expect(size, f).toBeLessThanOrEqual(cap);
        total += size;
        const text = readFileSync(path, 'utf8');
        expect(text).not.toContain(secret);
        expect(text).toContain('[redacted]');
      }
      expect(total).toBeLessThanOrEqual(2 * 4 * cap);
      // The newest lines are in the live files; the oldest generations went.
      expect(readFileSync(join(t.dir, 'logs', `${nodeId}.log`), 'utf8')).toContain('seq=1999 ');
      expect(existsSync(join(t.dir, 'logs', 'events.jsonl.4'))).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});
