/**
 * The diagnostics bundle and "Save logs" with a stand-in engine: every part masked, a part that cannot be read
 * says why instead of sinking the bundle, and the log export pages through the event log with the page's filters.
 */
import { said } from '@shared/i18n/said';
import { describe, expect, it } from 'vitest';
import type { DiagnosticsBundle, EngineEvent, EventLevel, Settings } from '@shared/contract';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { OWNER_NOT_WATCHING } from '@shared/contract/availability';
import { Diagnostics, REDACTION_NOTE } from '@engine/diagnostics/diagnostics';
import type { DiagnosticsSources } from '@engine/diagnostics/diagnostics-sources';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { ProviderNode } from '@engine/node/provider-node';
import { snapshotWith } from '../app/snapshots';

const NODE_ID = '3b1f2a9c-5d4e-4f60-8a7b-9c0d1e2f3a4b';
const TOKEN = 'Zx81kQ2mN7pL0aB4cD9eF3gH6iJ5kL8mN1oP2qR3';
const API_KEY = 'sk-local-abc123';

function events(n: number): EngineEvent[] {
  // Newest first, like the event log: ids n … 1.
  return Array.from({ length: n }, (_, i) => {
    const id = n - i;
    const level: EventLevel = id % 10 === 0 ? 'error' : id % 5 === 0 ? 'warn' : 'info';
    const event = id % 3 === 0 ? 'heartbeat_fail' : 'receipt_awarded';
    return {
      id,
      ts: new Date(Date.UTC(2025, 0, 1, 0, 0, id)).toISOString(),
      level,
      event,
      details: `seq=${id} from 192.168.1.${id % 250} token=${TOKEN}`,
    };
  });
}

function sources(over: Partial<DiagnosticsSources> = {}, log = events(1234)): DiagnosticsSources {
  const store = new MemorySecretStore();
  store.update({ node_token: TOKEN, backend_api_key: API_KEY });
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    backendUrl: 'http://me:pw@192.168.1.20:11434',
    defaultModel: 'DeepSeek-R1-Distill-Qwen-32B-GGUF',
    displayName: 'Alice at alice@example.org',
  };
  return {
    appInfo: () => ({
      apiVersion: 1,
      appVersion: '1.2.3',
      host: 'electron',
      platform: 'linux',
      dataDir: '/home/alice/.config/IICP Provider',
      limitations: [],
      fixedSettings: [],
    }),
    snapshot: () =>
      snapshotWith({
        node: { nodeId: NODE_ID, displayName: 'x', region: 'eu' },
        backend: { models: ['DeepSeek-R1-Distill-Qwen-32B-GGUF'], url: settings.backendUrl },
        reachability: {
          ...snapshotWith().reachability,
          status: 'mapped',
          localAddress: '192.168.1.20',
          routerExternalIp: '84.132.10.200',
          endpoint: 'http://84.132.10.200:9484',
          steps: [
            {
              at: '2025-01-01T00:00:00.000Z',
              words: said('ladder.mapping.behindNat', { protocol: 'UPnP', address: '84.132.10.200' }),
            },
            { at: '2025-01-01T00:00:01.000Z', words: said('ladder.ipv4.noneLan', { address: '192.168.1.20' }) },
          ],
        },
      }),
    settings: () => settings,
    events: (limit, before) => log.filter((e) => before === undefined || e.id < before).slice(0, limit),
    runtime: () => null,
    secretStore: () => store,
    backendApiKey: () => null,
    dataDir: '/nonexistent/iicp-diagnostics',
    now: () => new Date('2025-01-02T03:04:05.678Z'),
    home: '/home/alice',
    ...over,
  };
}

describe('the diagnostics bundle', () => {
  it('masks addresses, secrets, e-mail, URL user parts and the home folder; keeps model names and the node id', async () => {
    const { filename, json } = await new Diagnostics(sources()).bundle();
    expect(filename).toBe('iicp-diagnostics-2025-01-02T030405Z.json');
    for (const bad of [
      '192.168.1.',
      '84.132.10.200',
      '2a00:1450',
      TOKEN,
      API_KEY,
      'alice@example.org',
      'me:pw',
      '/home/alice',
    ])
      expect(json, bad).not.toContain(bad);
    const b = JSON.parse(json) as DiagnosticsBundle;
    expect(b.dataDir).toBe('~/.config/IICP Provider');
    expect(b.reachability).toMatchObject({
      localAddress: '<ipv4:private>',
      routerExternalIp: '<ipv4:public>',
      endpoint: 'http://<ipv4:public>:9484',
    });
    // Its sentences in English, for whoever reads the file; the addresses in them masked like any other.
    expect(b.reachability.steps).toEqual([
      {
        at: '2025-01-01T00:00:00.000Z',
        words: 'The router answers UPnP and reports the public address <ipv4:public>.',
      },
      {
        at: '2025-01-01T00:00:01.000Z',
        words: 'No public IPv4 address on this computer (its LAN address is <ipv4:private>).',
      },
    ]);
    expect(b.settings).toMatchObject({
      backendUrl: 'http://[redacted]@<ipv4:private>:11434',
      defaultModel: 'DeepSeek-R1-Distill-Qwen-32B-GGUF',
      displayName: 'Alice at [redacted:email]',
    });
    expect(b.node.nodeId).toBe(NODE_ID);
    expect(b.secrets).toEqual({
      store: 'memory only (lost on exit)',
      encryptedAtRest: false,
      present: {
        node_token: true,
        node_hmac_key: false,
        cx_private_key: false,
        backend_api_key: true,
        backend_api_keys: false,
        membership_credential: false,
        backend_url_credentials: false,
        directory_url_credentials: false,
        operator_identity: false,
        fleet_webhook_url: false,
      },
    });
    const recent = b.recentEvents as EngineEvent[];
    expect(recent).toHaveLength(200);
    expect(recent[0]!.details).toBe('seq=1234 from <ipv4:private> token=[redacted:node_token]');
  });

  it('a part that cannot be read says why; the rest is still there', async () => {
    const notRunning = () => {
      throw new ContractError('engine_unavailable', 'The node is not running.');
    };
    const b = JSON.parse(
      (await new Diagnostics(sources({ settings: notRunning, events: notRunning, secretStore: () => null })).bundle())
        .json,
    ) as DiagnosticsBundle;
    expect(b.settings).toEqual({ error: 'The node is not running.' });
    expect(b.recentEvents).toEqual({ error: 'The node is not running.' });
    expect(b.health).toEqual({ error: 'The task server is not listening (the node is not running).' });
    expect(b.backend.detection).toEqual({ error: 'The node is not running.' });
    expect(b.secrets).toEqual({ error: 'no secret store' });
    expect(b.logFiles).toMatchObject({ error: expect.stringContaining('ENOENT') });
    expect(b.versions).toMatchObject({
      app: '1.2.3',
      host: 'electron',
      node: process.versions.node,
      v8: process.versions.v8,
    });
  });

  it('works on an engine that never started (the command never fails)', async () => {
    const node = new ProviderNode({
      dataDir: '/nonexistent/iicp-never-started',
      host: 'headless',
      appVersion: '0.0.1',
    });
    const out = await node.commandHandlers().getDiagnostics({});
    const b = JSON.parse(out.json) as DiagnosticsBundle;
    expect(b).toMatchObject({
      kind: 'iicp-provider-diagnostics',
      node: { state: 'stopped' },
      settings: { error: expect.any(String) },
    });
  });
});

describe('private names', () => {
  const machine = () => ({
    user: 'erin',
    host: 'erins-pc',
    home: '/home/erin',
    addresses: ['192.168.1.77', '3c:7c:3f:1a:2b:4c'],
  });
  const owner = {
    ...OWNER_NOT_WATCHING,
    phase: 'yielding' as const,
    trigger: { kind: 'picked_program' as const, name: 'vlc' },
  };
  const yielded = sources({
    machine,
    home: undefined,
    programNames: () => ['Cyberpunk2077.exe'],
    settings: () => ({
      ...DEFAULT_SETTINGS,
      displayName: 'erins-pc',
      ownerFirst: { ...DEFAULT_SETTINGS.ownerFirst, programs: ['vlc', 'Blender'] },
    }),
    snapshot: () =>
      snapshotWith({
        node: { nodeId: NODE_ID, displayName: 'erins-pc', region: 'eu' },
        stateReason: said('status.reason.owner', { words: 'Paused while “vlc” runs — back 2 min after it closes.' }),
        availability: {
          reason: 'owner_use',
          message: said('status.reason.owner', { words: 'Paused while “vlc” runs — back 2 min after it closes.' }),
          owner,
        },
      }),
    events: () => [
      {
        id: 2,
        ts: '2025-01-01T00:00:02.000Z',
        level: 'info',
        event: 'owner_yield',
        details: 'trigger=gpu_program program=Cyberpunk2077.exe',
      },
      {
        id: 1,
        ts: '2025-01-01T00:00:01.000Z',
        level: 'warn',
        event: 'owner_watch_off',
        details: 'Cyberpunk2077.exe hid /home/erin/x from blender on erins-pc (3C-7C-3F-1A-2B-4C)',
      },
    ],
  });

  it('the bundle masks the programs, the user, the computer and its addresses, by field and by value', async () => {
    const { json } = await new Diagnostics(yielded).bundle();
    for (const bad of ['vlc', 'Blender', 'Cyberpunk', 'erin', '3c:7c', '3C-7C', '192.168.1.77'])
      expect(json.toLowerCase(), bad).not.toContain(bad.toLowerCase());
    const b = JSON.parse(json) as DiagnosticsBundle;
    expect((b.settings as Settings).ownerFirst.programs).toEqual(['[redacted:program]', '[redacted:program]']);
    expect(b.availability.owner.trigger).toEqual({ kind: 'picked_program', name: '[redacted:program]' });
    expect(b.node.stateReason).toBe('Paused while “[redacted:program]” runs — back 2 min after it closes.');
    expect(b.availability.message).toBe(b.node.stateReason);
    expect((b.recentEvents as EngineEvent[])[1]!.details).toBe(
      '[redacted:program] hid ~/x from [redacted:program] on [redacted:host] (<mac>)',
    );
    // The note is our own sentence, kept whole.
    expect(b.redaction).toBe(REDACTION_NOTE);
  });

  it('"Save logs" masks them too', () => {
    const { text } = new Diagnostics(yielded).exportLogs({ limit: 10 });
    expect(text).toContain('INFO  owner_yield trigger=gpu_program program=[redacted:program]');
    expect(text).toContain(
      'WARN  owner_watch_off [redacted:program] hid ~/x from [redacted:program] on [redacted:host] (<mac>)',
    );
    expect(text).toContain(`# ${REDACTION_NOTE}`);
  });

  it("the names the person gave their machines are masked wherever a log line quotes them; the app's own names stay", async () => {
    const LAPTOP = '7d37b8f3-0000-4000-8000-00000000d4d4';
    const WIFE = 'a1b2c3d4-0000-4000-8000-000000000009';
    const FRESH = 'c0ffee00-0000-4000-8000-000000000003';
    const named = sources({
      settings: () => ({ ...DEFAULT_SETTINGS, displayName: 'Ana desktop' }),
      machines: () => [
        { nodeId: LAPTOP, name: 'Ana laptop' },
        { nodeId: WIFE, name: 'Mia "big" PC' },
        { nodeId: FRESH, name: 'Machine c0ffee00' },
      ],
      events: () => [
        {
          id: 4,
          ts: '2025-01-01T00:00:04.000Z',
          level: 'info',
          event: 'fleet_machine_met',
          details: `node=${FRESH} name="Machine c0ffee00"`,
        },
        {
          id: 3,
          ts: '2025-01-01T00:00:03.000Z',
          level: 'info',
          event: 'fleet_machine_added',
          details: `node=${WIFE} name=${JSON.stringify('Mia "big" PC')}`,
        },
        {
          id: 2,
          ts: '2025-01-01T00:00:02.000Z',
          level: 'warn',
          event: 'fleet_machine_down',
          details: `node=${LAPTOP} name="Ana laptop" downs=1 span_ms=5 up_ms=0`,
        },
        {
          id: 1,
          ts: '2025-01-01T00:00:01.000Z',
          level: 'info',
          event: 'gateway_listening',
          details: 'port=8080 on My IICP node 2, seen from Ana desktop',
        },
      ],
    });
    const { json } = await new Diagnostics(named).bundle();
    const { text } = new Diagnostics(named).exportLogs({ limit: 10 });
    for (const out of [json, text]) {
      for (const bad of ['Ana laptop', 'Ana desktop', 'Mia']) expect(out, bad).not.toContain(bad);
    }
    expect(text).toContain(`WARN  fleet_machine_down node=${LAPTOP} name="[redacted:machine]" downs=1`);
    expect(text).toContain(`INFO  fleet_machine_added node=${WIFE} name="[redacted:machine]"`);
    // Names the app gave say nothing of the person: the first-run name and a machine known by its id alone.
    expect(text).toContain(`fleet_machine_met node=${FRESH} name="Machine c0ffee00"`);
    expect(text).toContain('port=8080 on My IICP node 2, seen from [redacted:machine]');
    const b = JSON.parse(json) as DiagnosticsBundle & { settings: Settings };
    expect((b.recentEvents as EngineEvent[]).map((e) => e.details).slice(1, 3)).toEqual([
      `node=${WIFE} name="[redacted:machine]"`,
      `node=${LAPTOP} name="[redacted:machine]" downs=1 span_ms=5 up_ms=0`,
    ]);
    expect(b.settings.displayName).toBe('[redacted:machine]');
  });

  it('a machine that cannot be read does not sink the bundle', async () => {
    const broken = sources({
      machine: () => {
        throw new Error('no passwd entry');
      },
    });
    expect(JSON.parse((await new Diagnostics(broken).bundle()).json)).toMatchObject({
      kind: 'iicp-provider-diagnostics',
    });
  });
});

describe('"Save logs"', () => {
  const d = new Diagnostics(sources());
  const body = (text: string) =>
    text
      .trimEnd()
      .split('\n')
      .filter((l) => !l.startsWith('# '));

  it('the newest events up to the limit, oldest first, masked, across pages of the event log', () => {
    const out = d.exportLogs({ limit: 700 });
    expect(out).toMatchObject({ filename: 'iicp-logs-2025-01-02T030405Z.txt', lines: 700 });
    const lines = body(out.text);
    expect(lines).toHaveLength(700);
    expect(lines[0]).toMatch(/^2025-01-01T00:08:55.000Z WARN {2}receipt_awarded seq=535 /);
    expect(lines.at(-1)).toBe(
      '2025-01-01T00:20:34.000Z INFO  receipt_awarded seq=1234 from <ipv4:private> token=[redacted:node_token]',
    );
    expect(out.text).not.toContain(TOKEN);
    expect(out.text.split('\n')[0]).toBe(
      `# IICP Provider 1.2.3 (electron, ${process.platform}) — event log of node ${NODE_ID}`,
    );
  });

  it('applies the level, event and text filters like the Logs page', () => {
    const errors = body(d.exportLogs({ limit: 5000, level: 'error' }).text);
    expect(errors).toHaveLength(123);
    expect(errors.every((l) => / ERROR /.test(l))).toBe(true);
    const warnings = body(d.exportLogs({ limit: 5000, level: 'warn', event: 'heartbeat_fail' }).text);
    expect(warnings.every((l) => / (WARN |ERROR) heartbeat_fail /.test(l))).toBe(true);
    expect(warnings).toHaveLength(82); // ids divisible by 15 (warn or error) among 1234
    const text = d.exportLogs({ limit: 5000, text: 'SEQ=123' });
    expect(body(text.text).map((l) => l.split(' ').find((w) => w.startsWith('seq=')))).toEqual([
      'seq=123',
      'seq=1230',
      'seq=1231',
      'seq=1232',
      'seq=1233',
      'seq=1234',
    ]);
    expect(text.text).toContain('filter: contains "SEQ=123"');
  });

  it('an empty log is a header and nothing else', () => {
    const out = new Diagnostics(sources({}, [])).exportLogs({ limit: 10 });
    expect(out.lines).toBe(0);
    expect(body(out.text)).toEqual([]);
  });

  it('an unreadable event log is a store error', () => {
    const broken = new Diagnostics(
      sources({
        events: () => {
          throw new Error('SQLITE_CORRUPT');
        },
      }),
    );
    expect(() => broken.exportLogs({ limit: 10 })).toThrow(expect.objectContaining({ code: 'store_error' }));
  });
});
