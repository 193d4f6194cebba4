/**
 * Security suite, the contract side: random invalid commands (unknown names, wrong shapes, prototype
 * keys, huge strings, deep nesting, non-JSON frames) through the dispatcher that Electron IPC uses and
 * through the headless bridge never reach the engine — every handler is a spy and none is called — always
 * get a typed error, and leave the transport usable. Without the token the bridge answers 401 and no data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  COMMAND_NAMES,
  commandChannel,
  type BridgeMessage,
  type CommandName,
  type Result,
} from '@shared/contract';
import { registerIpc } from '@main/app/ipc';
import { isAppUrl } from '@main/app/security';
import { createDispatcher, type EngineCommandHandlers } from '@shared/contract/dispatch';
import { ProviderNode } from '@engine/node/provider-node';
import { parseHeadlessConfig } from '@main/headless/config';
import { startHeadless, type HeadlessHost } from '@main/headless/in-process-host';
import { tempDir } from '../support/tmp';
import { FakeIpcMain } from '../unit/app/electron-fakes';
import { invalidCommand, invalidFrame, passesSchema, type BridgeFrame } from './lib/contract-fuzz';
import { fuzzSeed, LONG_TESTS, Prng } from './lib/prng';
import { head, rawExchange } from './lib/raw-http';

vi.mock('electron', () => {
  throw new Error('the IPC glue must not load electron itself');
});

const COMMANDS_PER_RUN = LONG_TESTS ? 30_000 : 3_000;
const FRAMES_PER_RUN = LONG_TESTS ? 20_000 : 2_000;
const TOKEN = 'c3'.repeat(24);
const RENDERER_DIR = join('/opt/iicp-provider', 'out', 'renderer');
const APP_URL = pathToFileURL(join(RENDERER_DIR, 'index.html')).href;

type Failure = Extract<Result<unknown>, { ok: false }>;

/** The engine's handlers, each wrapped in a spy that still calls through. */
/** The engine's handlers (host commands, answered by the host, are not among them), each wrapped in a spy. */
function spied(real: EngineCommandHandlers) {
  const spies = {} as Partial<Record<CommandName, ReturnType<typeof vi.fn>>>;
  const handlers = {} as Record<string, unknown>;
  for (const name of COMMAND_NAMES) {
    const fn = (real as Partial<Record<CommandName, (r: unknown) => unknown>>)[name];
    if (!fn) continue;
    spies[name] = vi.fn((r: unknown) => fn(r));
    handlers[name] = spies[name];
  }
  const counts = () => Object.entries(spies).map(([n, spy]) => [n, spy.mock.calls.length] as const);
  return {
    handlers: handlers as EngineCommandHandlers,
    calls: () => Object.fromEntries(counts().filter(([, v]) => v !== 0)) as Record<string, number>,
    total: () => counts().reduce((n, [, v]) => n + v, 0),
  };
}

/** A typed contract failure: a known code, a bounded message, field issues for invalid_request. */
function expectTypedFailure(result: Result<unknown>, context: string): Failure {
  expect(result.ok, context).toBe(false);
  const f = result as Failure;
  expect(['invalid_request', 'unknown_command'], context).toContain(f.error.code);
  expect(typeof f.error.message, context).toBe('string');
  expect(f.error.message.length, context).toBeLessThan(300);
  if (f.error.issues !== undefined) {
    expect(f.error.issues.length, context).toBeLessThanOrEqual(20);
    for (const i of f.error.issues) expect([typeof i.path, typeof i.message], context).toEqual(['string', 'string']);
  }
  // Answers cross a process boundary: they must serialise, and stay small whatever the request was.
  expect(JSON.stringify(result).length, context).toBeLessThan(20_000);
  return f;
}

function expectUnpolluted(): void {
  const probe: Record<string, unknown> = {};
  expect([probe.polluted, probe.isAdmin, probe.maxConcurrent, probe.command]).toEqual([
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
}

describe('contract dispatcher and Electron IPC under random invalid commands', () => {
  let node: ProviderNode;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = tempDir('iicp-sec-ipc-');
    cleanup = t.cleanup;
    node = new ProviderNode({
      dataDir: t.dir,
      host: 'electron',
      taskHost: '127.0.0.1',
      taskPort: 0,
      appVersion: 'test',
      tuning: { snapshotIntervalMs: 0 },
    });
    await node.start();
  });

  afterAll(async () => {
    await node.stop();
    cleanup();
  });

  it(`answers ${COMMANDS_PER_RUN} invalid commands with typed errors and never calls a handler`, async () => {
    const seed = fuzzSeed();
    console.log(
      `[security] dispatcher fuzz: seed=${seed} (replay with IICP_FUZZ_SEED=${seed}), ${COMMANDS_PER_RUN} commands`,
    );
    const r = new Prng(seed);
    const spies = spied(node.commandHandlers());
    const internal: unknown[] = [];
    const dispatch = createDispatcher(spies.handlers, (e) => internal.push(e));
    const settingsBefore = JSON.stringify(node.getSettings());
    const codes: Record<string, number> = {};
    let sent = 0;
    while (sent < COMMANDS_PER_RUN) {
      const c = invalidCommand(r);
      if (passesSchema(c.command, c.request)) continue;
      sent += 1;
      const f = expectTypedFailure(await dispatch(c.command, c.request), `seed ${seed}, #${sent}: ${c.label}`);
      codes[f.error.code] = (codes[f.error.code] ?? 0) + 1;
    }
    console.log(`[security] dispatcher fuzz: ${JSON.stringify(codes)}`);
    expect(spies.calls(), `seed ${seed}`).toEqual({});
    expect(internal).toEqual([]);
    expectUnpolluted();
    expect(JSON.stringify(node.getSettings())).toBe(settingsBefore);
    expect(node.getSnapshot()).toMatchObject({ state: 'online', available: true });
    // Valid requests still reach the engine (the spies do see calls).
    expect(await dispatch('getSnapshot', {})).toMatchObject({ ok: true, value: { state: 'online' } });
    expect(spies.calls()).toEqual({ getSnapshot: 1 });
  });

  it('IPC: invalid requests on every command channel are refused before the engine; foreign senders are refused even when valid', async () => {
    const seed = fuzzSeed();
    console.log(`[security] IPC fuzz: seed=${seed} (replay with IICP_FUZZ_SEED=${seed})`);
    const r = new Prng(seed);
    const spies = spied(node.commandHandlers());
    const ipcMain = new FakeIpcMain();
    registerIpc(ipcMain as never, createDispatcher(spies.handlers), {
      isTrustedSender: (url) => isAppUrl(url, RENDERER_DIR),
    });
    const known = new Set<string>(COMMAND_NAMES.map(commandChannel));
    let sent = 0;
    let unknownChannels = 0;
    while (sent < COMMANDS_PER_RUN) {
      const c = invalidCommand(r, { stringNamesOnly: true });
      if (passesSchema(c.command, c.request)) continue;
      sent += 1;
      const channel = `iicp:cmd:${String(c.command)}`;
      if (!known.has(channel)) {
        // No handler on that channel: Electron rejects the renderer's invoke, nothing runs.
        unknownChannels += 1;
        await expect(ipcMain.invoke(channel, c.request, APP_URL)).rejects.toThrow(/No handler/);
        continue;
      }
      const result = (await ipcMain.invoke(channel, c.request, APP_URL)) as Result<unknown>;
      expect(expectTypedFailure(result, `seed ${seed}, #${sent}: ${c.label}`).error.code).toBe('invalid_request');
    }
    // Valid requests from anything but the app's own page: refused before the dispatcher.
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      `${APP_URL}/../../x.html`,
      'devtools://devtools/inspector.html',
      '',
      'data:text/html,x',
      'about:blank',
    ]) {
      for (const name of ['getSnapshot', 'pause', 'updateSettings', 'removeNode', 'chooseBackend'] as const) {
        const request =
          name === 'removeNode'
            ? { confirm: true }
            : name === 'updateSettings'
              ? { displayName: 'x' }
              : name === 'chooseBackend'
                ? { url: 'http://127.0.0.1:11434', defaultModel: null, excludedModels: [] }
                : {};
        const result = (await ipcMain.invoke(commandChannel(name), request, url)) as Result<unknown>;
        expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      }
    }
    console.log(`[security] IPC fuzz: ${sent} invalid invocations (${unknownChannels} on channels that do not exist)`);
    expect(spies.calls(), `seed ${seed}`).toEqual({});
    expectUnpolluted();
    expect((await ipcMain.invoke(commandChannel('getSnapshot'), undefined, APP_URL)) as Result<unknown>).toMatchObject({
      ok: true,
    });
    expect(spies.calls()).toEqual({ getSnapshot: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------

interface BridgeConn {
  ws: WebSocket;
  results: Extract<BridgeMessage, { type: 'result' }>[];
  nextResult(timeoutMs?: number): Promise<Extract<BridgeMessage, { type: 'result' }>>;
  closed: Promise<{ code: number }>;
}

function openBridge(port: number): Promise<BridgeConn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, `token.${TOKEN}`]);
    const results: BridgeConn['results'] = [];
    const waiters: ((m: BridgeConn['results'][number]) => void)[] = [];
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as BridgeMessage;
      if (msg.type !== 'result') return;
      const w = waiters.shift();
      if (w) w(msg);
      else results.push(msg);
    });
    const closed = new Promise<{ code: number }>((res) => ws.once('close', (code) => res({ code })));
    ws.once('open', () =>
      resolve({
        ws,
        results,
        closed,
        nextResult: (timeoutMs = 5_000) =>
          new Promise((res, rej) => {
            const queued = results.shift();
            if (queued) return res(queued);
            const timer = setTimeout(() => rej(new Error('no result from the bridge')), timeoutMs);
            waiters.push((m) => {
              clearTimeout(timer);
              res(m);
            });
          }),
      }),
    );
    ws.once('error', reject);
  });
}

describe('headless bridge under random invalid frames', () => {
  let host: HeadlessHost;
  let spies: ReturnType<typeof spied>;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = tempDir('iicp-sec-bridge-');
    cleanup = t.cleanup;
    const rendererDir = join(t.dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>IICP Provider</title>');
    // The host builds its dispatcher from the node's handlers: hand it spies that call through.
    const original = ProviderNode.prototype.commandHandlers;
    vi.spyOn(ProviderNode.prototype, 'commandHandlers').mockImplementation(function (this: ProviderNode) {
      spies = spied(original.call(this));
      return spies.handlers;
    });
    const config = parseHeadlessConfig(
      ['--data-dir', join(t.dir, 'data'), '--host', '127.0.0.1', '--port', '0', '--port-mapping', 'off'],
      { IICP_UI_TOKEN: TOKEN },
    );
    if (config === 'help') throw new Error('unexpected help');
    host = await startHeadless(config, { appVersion: 'test', rendererDir });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await host?.stop();
    cleanup();
  });

  it(`answers ${FRAMES_PER_RUN} invalid frames on one connection with typed errors, calls no handler, and stays usable`, async () => {
    const seed = fuzzSeed();
    console.log(`[security] bridge fuzz: seed=${seed} (replay with IICP_FUZZ_SEED=${seed}), ${FRAMES_PER_RUN} frames`);
    const r = new Prng(seed);
    const conn = await openBridge(host.port);
    let id = 1;
    const nextId = () => id++;
    let sent = 0;
    const labels: Record<string, number> = {};
    while (sent < FRAMES_PER_RUN) {
      const f: BridgeFrame = invalidFrame(r, nextId);
      if (!f.binary && roundTripsToValid(f.data as string)) continue;
      sent += 1;
      const context = `seed ${seed}, frame ${sent}: ${f.label} (${f.data.length} bytes: ${JSON.stringify(f.data.toString().slice(0, 100))})`;
      expect(f.data.length, context).toBeLessThan(64 * 1024);
      conn.ws.send(f.data, { binary: f.binary });
      const msg = await conn.nextResult().catch((e: Error) => {
        throw new Error(`${context}: ${e.message} (socket state ${conn.ws.readyState})`);
      });
      expect(msg.id, context).toBe(f.id);
      expectTypedFailure(msg.result, context);
      const category = f.label.startsWith('command')
        ? 'invalid command'
        : f.label.startsWith('deep nesting')
          ? 'deep nesting'
          : f.label.split(' (')[0]!;
      labels[category] = (labels[category] ?? 0) + 1;
    }
    console.log(`[security] bridge fuzz: ${JSON.stringify(labels)}`);
    expect(spies.calls(), `seed ${seed}`).toEqual({});
    expectUnpolluted();

    // 300 invalid frames at once, without waiting: every one answered.
    for (let k = 0; k < 300; k++) conn.ws.send(`{"id":${100_000 + k},"command":"pause","request":{"untilMs":"never"}}`);
    const burst = await Promise.all(Array.from({ length: 300 }, () => conn.nextResult()));
    expect(new Set(burst.map((m) => m.id)).size).toBe(300);
    for (const m of burst) expect(m.result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(spies.calls()).toEqual({});

    // The same connection still works, and valid requests do reach the engine.
    conn.ws.send(JSON.stringify({ id: 7, command: 'getSnapshot', request: {} }));
    expect(await conn.nextResult()).toMatchObject({ id: 7, result: { ok: true, value: { state: 'online' } } });
    expect(spies.calls()).toEqual({ getSnapshot: 1 });
    expect(host.node.getSnapshot()).toMatchObject({ state: 'online', available: true });
    conn.ws.close();
  });

  it('closes a connection that sends a frame over 64 KiB (1009) without dispatching it; the next connection works', async () => {
    const before = spies.total();
    const conn = await openBridge(host.port);
    conn.ws.send(JSON.stringify({ id: 1, command: 'pause', request: { pad: 'x'.repeat(70 * 1024) } }));
    expect((await conn.closed).code).toBe(1009);
    expect(conn.results).toEqual([]);
    expect(spies.total()).toBe(before);
    const again = await openBridge(host.port);
    again.ws.send(JSON.stringify({ id: 2, command: 'getSnapshot', request: {} }));
    expect(await again.nextResult()).toMatchObject({ id: 2, result: { ok: true } });
    again.ws.close();
    expect(host.node.state).toBe('online');
  });

  it('without the right token: 401 (or 403 for a foreign origin or host) and never a byte of data', async () => {
    const before = spies.total();
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    const upgrade = (
      protocol: string | null,
      extra: string[] = [],
      path = BRIDGE_PATH,
      hostHeader = `127.0.0.1:${host.port}`,
    ) =>
      head([
        `GET ${path} HTTP/1.1`,
        `Host: ${hostHeader}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        ...(protocol === null ? [] : [`Sec-WebSocket-Protocol: ${protocol}`]),
        ...extra,
      ]);
    const wrong = 'd4'.repeat(24);
    const attempts: [string, string, number][] = [
      ['no token', upgrade(BRIDGE_PROTOCOL), 401],
      ['no protocol header at all', upgrade(null), 401],
      ['a wrong token', upgrade(`${BRIDGE_PROTOCOL}, token.${wrong}`), 401],
      ['the token in upper case', upgrade(`${BRIDGE_PROTOCOL}, token.${TOKEN.toUpperCase()}`), 401],
      ['a prefix of the token', upgrade(`${BRIDGE_PROTOCOL}, token.${TOKEN.slice(0, -1)}`), 401],
      ['the token plus a character', upgrade(`${BRIDGE_PROTOCOL}, token.${TOKEN}0`), 401],
      ['an empty token', upgrade(`${BRIDGE_PROTOCOL}, token.`), 401],
      ['a 600-character token', upgrade(`${BRIDGE_PROTOCOL}, token.${'a'.repeat(600)}`), 401],
      ['a wrong token before the right one', upgrade(`${BRIDGE_PROTOCOL}, token.${wrong}, token.${TOKEN}`), 401],
      ['the token with a space inside', upgrade(`${BRIDGE_PROTOCOL}, token. ${TOKEN}`), 401],
      ['the token under another prefix', upgrade(`${BRIDGE_PROTOCOL}, tok.${TOKEN}, Token.${TOKEN}`), 401],
      ['the token in the query string', upgrade(BRIDGE_PROTOCOL, [], `${BRIDGE_PATH}?token=${TOKEN}`), 401],
      ['the token in the fragment', upgrade(BRIDGE_PROTOCOL, [], `${BRIDGE_PATH}#token=${TOKEN}`), 401],
      ['the token as a bearer header', upgrade(BRIDGE_PROTOCOL, [`Authorization: Bearer ${TOKEN}`]), 401],
      ['the token as a cookie', upgrade(BRIDGE_PROTOCOL, [`Cookie: token=${TOKEN}`]), 401],
      // A malformed head is dropped by the dashboard server without an answer (status 0 here).
      [
        'a NUL inside the protocol',
        upgrade(`${BRIDGE_PROTOCOL}, token.${TOKEN.slice(0, 10)}\u0000${TOKEN.slice(10)}`),
        0,
      ],
      [
        'the right token from a foreign origin',
        upgrade(`${BRIDGE_PROTOCOL}, token.${TOKEN}`, ['Origin: https://evil.example']),
        403,
      ],
      [
        'the right token under a foreign Host (DNS rebinding)',
        upgrade(`${BRIDGE_PROTOCOL}, token.${TOKEN}`, [], BRIDGE_PATH, `evil.example:${host.port}`),
        403,
      ],
    ];
    for (const [label, request, status] of attempts) {
      const ex = await rawExchange(host.port, Buffer.from(request, 'latin1'), { timeoutMs: 3_000, idleMs: 200 });
      const statuses = ex.responses.map((x) => x.status);
      expect(statuses, label).not.toContain(101);
      if (status === 0) {
        expect([statuses, ex.leftover.length, ex.closedByServer], label).toEqual([[], 0, true]);
        continue;
      }
      expect(statuses[0], label).toBe(status);
      expect(ex.responses, label).toHaveLength(1);
      const body = ex.responses[0]!.body.toString('utf8');
      expect(JSON.parse(body), label).toMatchObject({
        error: { code: status === 401 ? 'unauthorized' : expect.stringMatching(/^forbidden_/) },
      });
      expect(body, label).not.toMatch(/nodeId|node_id|apiVersion|snapshot/);
    }
    // A real client without the token gets the 401 and never an open socket or a message.
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, `token.${wrong}`]);
    const messages: unknown[] = [];
    ws.on('message', (m) => messages.push(m));
    const outcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('unexpected-response', (_q, res) => resolve(`HTTP ${res.statusCode}`));
      ws.once('error', (e) => resolve(`error ${e.message}`));
    });
    expect(outcome).toBe('HTTP 401');
    expect(messages).toEqual([]);
    // The session endpoint: 401 without the token, in JSON.
    for (const auth of [
      null,
      `Bearer ${wrong}`,
      `Bearer ${TOKEN.toUpperCase()}`,
      `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
      `Bearer  ${TOKEN} x`,
      TOKEN,
    ]) {
      const ex = await rawExchange(
        host.port,
        Buffer.from(
          head([
            'GET /api/v1/session HTTP/1.1',
            `Host: 127.0.0.1:${host.port}`,
            ...(auth === null ? [] : [`Authorization: ${auth}`]),
            'Connection: close',
          ]),
        ),
        { timeoutMs: 3_000 },
      );
      expect(
        ex.responses.map((x) => x.status),
        String(auth),
      ).toEqual([401]);
      expect(JSON.parse(ex.responses[0]!.body.toString('utf8'))).toEqual({
        error: { code: 'unauthorized', message: 'Access token missing or wrong.' },
      });
    }
    expect(spies.total()).toBe(before);
  });
});

/** A frame the bridge would parse into a request its schema accepts (the generator redraws those). */
function roundTripsToValid(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null) return false;
  const p = parsed as { command?: unknown; request?: unknown };
  return passesSchema(p.command, p.request);
}
