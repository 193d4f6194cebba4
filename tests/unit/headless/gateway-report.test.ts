/** What `--gateway` prints, and the first app key written to the data folder (the engine and host faked). */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeSnapshot, Result } from '@shared/contract';
import { ensureGatewayKeyFile, GATEWAY_KEY_FILE_NAME, GatewayKeyFileError } from '@main/headless/gateway-key-file';
import { announceGateway, gatewayLine, reportGateway, type SnapshotSource } from '@main/headless/gateway-report';
import { tempDir } from '../../support/tmp';
import { said } from '@shared/i18n/said';

const posix = process.platform !== 'win32';
const SECRET = `iicp-gw-${'5ec7e7'.repeat(6)}`;

type Gateway = NodeSnapshot['gateway'];
const OFF: Gateway = { enabled: true, baseUrl: null, problem: null, spentToday: 0 };
const snap = (gateway: Partial<Gateway>) => ({ gateway: { ...OFF, ...gateway } }) as NodeSnapshot;

/** The engine as the host sees it: the last snapshot and the ones that follow. */
class FakeEngine implements SnapshotSource {
  private listeners = new Set<(s: NodeSnapshot) => void>();
  constructor(private last: NodeSnapshot | null = null) {}
  getSnapshot() {
    return this.last;
  }
  onSnapshot(listener: (s: NodeSnapshot) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener) && undefined;
  }
  publish(s: NodeSnapshot) {
    this.last = s;
    for (const l of [...this.listeners]) l(s);
  }
  get subscribers() {
    return this.listeners.size;
  }
}

/** The contract's dispatch, answering the two key commands and recording every call. */
function fakeDispatch(
  answer: Result<unknown> = {
    ok: true,
    value: { key: { id: 'k1', name: 'Headless', prefix: 'iicp-gw-5e' }, secret: SECRET, info: {} },
  },
) {
  const calls: { command: unknown; request: unknown }[] = [];
  const dispatch = (command: unknown, request: unknown): Promise<Result<unknown>> => {
    calls.push({ command, request });
    return Promise.resolve(command === 'createGatewayKey' ? answer : { ok: true, value: {} });
  };
  return { dispatch, calls };
}

describe('the Gateway line', () => {
  it('says where the gateway listens, or why it does not, and nothing before either is known', () => {
    expect(gatewayLine(OFF)).toBeNull();
    expect(gatewayLine(undefined)).toBeNull();
    expect(gatewayLine({ ...OFF, baseUrl: 'http://127.0.0.1:9483/v1' })).toBe('Gateway: http://127.0.0.1:9483/v1');
    expect(gatewayLine({ ...OFF, problem: said('gateway.listen.portTaken', { port: '9483' }) })).toBe(
      'Gateway: not listening: Port 9483 is used by another program; choose another port for the gateway.',
    );
  });

  it('is printed each time the gateway starts, stops or cannot listen, and not again while nothing changes', () => {
    const engine = new FakeEngine(snap({}));
    const lines: string[] = [];
    announceGateway(engine, (l) => lines.push(l));
    expect(lines).toEqual([]);
    engine.publish(snap({}));
    engine.publish(snap({ baseUrl: 'http://127.0.0.1:40001/v1' }));
    engine.publish(snap({ baseUrl: 'http://127.0.0.1:40001/v1', spentToday: 1 }));
    engine.publish(snap({ problem: said('gateway.listen.failedCode', { port: '40001', code: 'EACCES' }) }));
    engine.publish(snap({ enabled: false }));
    engine.publish(snap({ enabled: false }));
    expect(lines).toEqual([
      'Gateway: http://127.0.0.1:40001/v1',
      'Gateway: not listening: The gateway could not listen on port 40001 (EACCES).',
      'Gateway: off',
    ]);
    expect(engine.subscribers).toBe(1);
  });

  it('says nothing of a gateway that stays off', () => {
    const engine = new FakeEngine(snap({ enabled: false }));
    const lines: string[] = [];
    announceGateway(engine, (l) => lines.push(l));
    engine.publish(snap({ enabled: false }));
    expect(lines).toEqual([]);
  });

  it('comes from the snapshot already there when the gateway listened before the host looked', () => {
    const engine = new FakeEngine(snap({ baseUrl: 'http://127.0.0.1:40002/v1' }));
    const lines: string[] = [];
    announceGateway(engine, (l) => lines.push(l));
    engine.publish(snap({ baseUrl: 'http://127.0.0.1:40002/v1' }));
    expect(lines).toEqual(['Gateway: http://127.0.0.1:40002/v1']);
  });

  it('says once why the gateway does not listen', () => {
    const engine = new FakeEngine(null);
    const lines: string[] = [];
    announceGateway(engine, (l) => lines.push(l));
    engine.publish(snap({ problem: said('gateway.listen.portTaken', { port: '9483' }) }));
    engine.publish(snap({ problem: said('gateway.listen.portTaken', { port: '9483' }) }));
    expect(lines).toEqual([
      'Gateway: not listening: Port 9483 is used by another program; choose another port for the gateway.',
    ]);
  });

  it('is not printed after the host stopped waiting for it', () => {
    const engine = new FakeEngine(null);
    const lines: string[] = [];
    const stop = announceGateway(engine, (l) => lines.push(l));
    stop();
    engine.publish(snap({ baseUrl: 'http://127.0.0.1:40003/v1' }));
    expect(lines).toEqual([]);
    expect(engine.subscribers).toBe(0);
  });
});

describe('the gateway key file', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('iicp-gwkey-')));
  afterEach(() => cleanup());

  it.runIf(posix)('is made once through the engine, owner-only, holding the key and a newline', async () => {
    const { dispatch, calls } = fakeDispatch();
    const file = await ensureGatewayKeyFile(dir, dispatch);
    expect(file).toEqual({ path: join(dir, GATEWAY_KEY_FILE_NAME), made: true });
    expect(calls).toEqual([{ command: 'createGatewayKey', request: { name: 'Headless' } }]);
    expect(readFileSync(file.path, 'utf8')).toBe(`${SECRET}\n`);
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
  });

  it('is left alone when it is there: its key stays valid until revoked on the dashboard', async () => {
    const path = join(dir, GATEWAY_KEY_FILE_NAME);
    writeFileSync(path, 'iicp-gw-earlier\n');
    chmodSync(path, 0o600);
    const { dispatch, calls } = fakeDispatch();
    expect(await ensureGatewayKeyFile(dir, dispatch)).toEqual({ path, made: false });
    expect(calls).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe('iicp-gw-earlier\n');
  });

  it('is not written when the engine refuses to make a key, and says why', async () => {
    const { dispatch } = fakeDispatch({
      ok: false,
      error: { code: 'store_error', message: 'The database is read-only.' },
    });
    await expect(ensureGatewayKeyFile(dir, dispatch)).rejects.toThrow(/could not be made: The database is read-only/);
    expect(() => statSync(join(dir, GATEWAY_KEY_FILE_NAME))).toThrow();
  });

  it('revokes a key whose file could not be written, without naming the key', async () => {
    // A data folder that went away under the running node: the write fails whoever runs the test (root too).
    const data = join(dir, 'gone');
    const { dispatch, calls } = fakeDispatch();
    const err = await ensureGatewayKeyFile(data, dispatch).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayKeyFileError);
    expect((err as Error).message).toMatch(/could not be written .*revoked/);
    expect((err as Error).message).not.toContain(SECRET);
    expect(calls.map((c) => c.command)).toEqual(['createGatewayKey', 'revokeGatewayKey']);
    expect(calls[1]?.request).toEqual({ id: 'k1' });
  });
});

describe('what --gateway prints', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('iicp-gwreport-')));
  afterEach(() => cleanup());

  it('the address once it listens and the key file made, never the key', async () => {
    const engine = new FakeEngine(snap({}));
    const printed: string[] = [];
    const warned: string[] = [];
    const report = reportGateway(engine, fakeDispatch().dispatch, dir, {
      print: (l) => printed.push(l),
      warn: (l) => warned.push(l),
    });
    await report.keyFile;
    engine.publish(snap({ baseUrl: 'http://127.0.0.1:40004/v1' }));
    expect(printed).toEqual([`Gateway key: ${join(dir, GATEWAY_KEY_FILE_NAME)}`, 'Gateway: http://127.0.0.1:40004/v1']);
    expect(warned).toEqual([]);
    expect([...printed, ...warned].join('\n')).not.toContain(SECRET);
  });

  it('no key line on a later run, when the file is there', async () => {
    writeFileSync(join(dir, GATEWAY_KEY_FILE_NAME), 'iicp-gw-earlier\n', { mode: 0o600 });
    const printed: string[] = [];
    const report = reportGateway(
      new FakeEngine(snap({ baseUrl: 'http://127.0.0.1:40005/v1' })),
      fakeDispatch().dispatch,
      dir,
      { print: (l) => printed.push(l), warn: () => {} },
    );
    await report.keyFile;
    expect(printed).toEqual(['Gateway: http://127.0.0.1:40005/v1']);
  });

  it('a warning when no key could be made; the host runs on', async () => {
    const warned: string[] = [];
    const report = reportGateway(
      new FakeEngine(null),
      fakeDispatch({ ok: false, error: { code: 'engine_unavailable', message: 'The node is starting.' } }).dispatch,
      dir,
      {
        print: () => {},
        warn: (l) => warned.push(l),
      },
    );
    await report.keyFile;
    expect(warned).toEqual(["The gateway's app key could not be made: The node is starting."]);
    report.stop();
  });

  it('a gateway switched on and off on the dashboard, without --gateway: its lines, and no key made', async () => {
    const engine = new FakeEngine(snap({ enabled: false }));
    const printed: string[] = [];
    const { dispatch, calls } = fakeDispatch();
    const report = reportGateway(
      engine,
      dispatch,
      dir,
      { print: (l) => printed.push(l), warn: () => {} },
      { keyFile: false },
    );
    await report.keyFile;
    engine.publish(snap({}));
    engine.publish(snap({ baseUrl: 'http://127.0.0.1:40006/v1' }));
    engine.publish(snap({ enabled: false }));
    engine.publish(snap({ baseUrl: 'http://127.0.0.1:40007/v1' }));
    expect(printed).toEqual([
      'Gateway: http://127.0.0.1:40006/v1',
      'Gateway: off',
      'Gateway: http://127.0.0.1:40007/v1',
    ]);
    expect(calls).toEqual([]);
    report.stop();
  });
});
