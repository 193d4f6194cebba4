/**
 * The fake llama-server's connections behave like cpp-httplib 0.19's (what llama-server b4748 bundles): three
 * worker threads, a connection beyond them accepted but not read, a worker held until its connection closes or
 * idles out, Nagle on with header and body written apart. These are specifications of the real server.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../../support/cleanup';
import { eventually } from '../../../support/eventually';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../../../support/backends';

const after = cleanupAfterEach();
const fake = async (opts: FakeBackendOptions): Promise<FakeBackend> => after.close(await startFakeBackend(opts));

function keepAliveAgent(): Agent {
  const a = new Agent({ keepAlive: true, maxSockets: 1 });
  after.defer(() => a.destroy());
  return a;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

function get(url: string, agent: Agent | false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: performance.now() - started }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('llama.cpp serves three connections at once (cpp-httplib worker threads)', () => {
  it('a fourth keep-alive client waits, unread, until an idle connection times out and frees its worker', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'], keepAliveIdleMs: 400 });
    const first = [keepAliveAgent(), keepAliveAgent(), keepAliveAgent()];
    // The first connection falls idle as soon as its answer is in, before the other two ask: its idle timeout is the
    // one that frees a worker, so the wait counts from there (counting from the third would shrink it on a busy
    // machine by however long the second and third took).
    let idleSince = 0;
    for (const a of first) {
      expect((await get(`${f.url}/health`, a)).status).toBe(200);
      if (idleSince === 0) idleSince = performance.now();
    }
    expect([f.openConnections, f.waitingConnections]).toEqual([3, 0]);

    const fourth = get(`${f.url}/health`, keepAliveAgent());
    await eventually(() => expect([f.openConnections, f.waitingConnections]).toEqual([4, 1]));
    // Accepted by the kernel, but its request is not read: the fake has not even recorded it.
    expect(f.calls).toHaveLength(3);

    const answer = await fourth;
    const waited = performance.now() - idleSince;
    expect(answer.status).toBe(200);
    // Only an idle timeout frees a worker here (the three agents keep their connections): the wait is at least one.
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(f.maxOpenConnections).toBe(4);
    // The three idle ones were closed by the server (each after 400 ms of idleness).
    await eventually(() => expect(f.openConnections).toBeLessThanOrEqual(1));
  });

  it('a connection that sends nothing holds a worker until the idle timeout too', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'], keepAliveIdleMs: 300, httpWorkers: 1 });
    const silent = connect(f.port, '127.0.0.1');
    const closed = new Promise<number>((resolve) => silent.once('close', () => resolve(performance.now())));
    silent.on('error', () => {});
    await eventually(() => expect(f.openConnections).toBe(1));
    const started = performance.now();

    const answer = await get(`${f.url}/health`, false);
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    expect(await closed).toBeLessThanOrEqual(performance.now());
  });

  it('more workers take waiting connections at once', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'], httpWorkers: 1, keepAliveIdleMs: 10_000 });
    expect((await get(`${f.url}/health`, keepAliveAgent())).status).toBe(200);
    const second = get(`${f.url}/health`, keepAliveAgent());
    await eventually(() => expect(f.waitingConnections).toBe(1));

    f.set({ httpWorkers: 2 });
    expect((await second).status).toBe(200);
    expect(f.waitingConnections).toBe(0);
  });

  it('closes a connection after 100 requests (CPPHTTPLIB_KEEPALIVE_MAX_COUNT)', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'], nagle: false });
    const agent = keepAliveAgent();
    const answers: Answer[] = [];
    for (let i = 0; i < 101; i++) answers.push(await get(`${f.url}/health`, agent));

    expect(answers[98]!.headers.connection).toBe('keep-alive');
    expect(answers[99]!.headers.connection).toBe('close');
    expect(f.maxOpenConnections).toBe(1);
    await eventually(() => expect(f.openConnections).toBe(1)); // the 101st came on a new connection
  });

  it('the other servers take every connection', async () => {
    const f = await fake({ flavour: 'ollama', models: ['m'] });
    const clients = Array.from({ length: 8 }, () => keepAliveAgent());
    for (const a of clients) expect((await get(`${f.url}/api/tags`, a)).status).toBe(200);
    expect([f.openConnections, f.maxOpenConnections, f.waitingConnections]).toEqual([8, 8, 0]);
  });
});

describe('llama.cpp leaves Nagle on and writes header and body apart', () => {
  it('a reused keep-alive connection stalls ~40 ms per small answer (delayed ACK); a fresh connection does not', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'] });
    const agent = keepAliveAgent();
    await get(`${f.url}/health`, agent);
    const reused: number[] = [];
    for (let i = 0; i < 10; i++) reused.push((await get(`${f.url}/health`, agent)).ms);
    const fresh: number[] = [];
    for (let i = 0; i < 10; i++) fresh.push((await get(`${f.url}/health`, false)).ms);

    expect(median(reused)).toBeGreaterThanOrEqual(30);
    expect(median(fresh)).toBeLessThan(15);
    expect(f.maxOpenConnections).toBeLessThanOrEqual(3);
  });

  it('with nagle: false (or on the other servers) a reused connection answers at once', async () => {
    for (const opts of [
      { flavour: 'llamacpp', models: ['m.gguf'], nagle: false },
      { flavour: 'ollama', models: ['m'] },
    ] as FakeBackendOptions[]) {
      const f = await fake(opts);
      const agent = keepAliveAgent();
      await get(`${f.url}/v1/models`, agent);
      const reused: number[] = [];
      for (let i = 0; i < 10; i++) reused.push((await get(`${f.url}/v1/models`, agent)).ms);
      expect(median(reused)).toBeLessThan(15);
    }
  });
});

describe('a killed server can be restarted on the same port', () => {
  it('while clients still hold keep-alive connections to the old one', async () => {
    const opts: FakeBackendOptions = { flavour: 'llamacpp', models: ['m.gguf'] };
    const old = await startFakeBackend(opts);
    const agent = keepAliveAgent();
    expect((await get(`${old.url}/health`, agent)).status).toBe(200);
    expect(old.openConnections).toBe(1);

    await old.close();
    await expect(get(`${old.url}/health`, false)).rejects.toThrow(/ECONNREFUSED/);
    const restarted = await fake({ ...opts, port: old.port });
    expect(restarted.url).toBe(old.url);
    await eventually(() => expect(Object.keys(agent.freeSockets)).toEqual([]));
    expect((await get(`${restarted.url}/health`, agent)).status).toBe(200);
    expect(restarted.calls.map((c) => c.path)).toEqual(['/health']);
  });
});
