import { describe, expect, it } from 'vitest';
import { said } from '@shared/i18n/said';
import { cleanupAfterEach } from '../../support/cleanup';
import { BackendMonitor, type BackendMonitorOptions, type BackendObservation } from '@engine/backends/backend-monitor';
import { FAST_PROBE_S } from '@engine/backends/probe';
import { eventually } from '../../support/eventually';
import { fakeClock } from '../../support/fake-clock';
import { manualTimers } from '../../support/manual-timers';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../../support/backends';

// Monitors first (they stop looking), then the fakes: the last started is closed first.
const after = cleanupAfterEach();
const fake = async (opts: FakeBackendOptions): Promise<FakeBackend> => after.close(await startFakeBackend(opts));

interface Watched {
  monitor: BackendMonitor;
  /** Every observation `onChange` was told, in order. */
  changes: BackendObservation[];
  /** The monitor's timer: its fast looks happen when the test fires them. */
  timers: ReturnType<typeof manualTimers>;
}

function watch(url: string | null, extra: Partial<BackendMonitorOptions> = {}): Watched {
  const changes: BackendObservation[] = [];
  const timers = manualTimers();
  let currentUrl = url;
  const monitor = new BackendMonitor({
    url: () => currentUrl,
    apiKey: () => null,
    selectedModel: () => null,
    onChange: (obs) => changes.push({ ...obs }),
    timers: timers.timers,
    ...extra,
  });
  after.defer(() => monitor.stop());
  Object.defineProperty(monitor, '__setUrl', { value: (u: string | null) => (currentUrl = u) });
  return { monitor, changes, timers };
}

/**
 * The fast look the monitor asked for (one, a second away), fired and awaited. It is the monitor's own look, not one
 * the test started: the look's result is what `onChange` was told.
 */
async function fastLook({ monitor, changes, timers }: Watched): Promise<BackendObservation> {
  expect(timers.pending()).toEqual([FAST_PROBE_S * 1000]);
  const told = changes.length;
  timers.fire();
  const obs = await monitor.refresh();
  expect(changes.slice(told)).toEqual([obs]);
  return obs;
}

const setUrl = (m: BackendMonitor, url: string | null): void =>
  (m as unknown as { __setUrl: (u: string | null) => void }).__setUrl(url);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('BackendMonitor: looking', () => {
  it('without a URL it is not configured and looks at nothing', async () => {
    const { monitor } = watch(null);
    expect(monitor.observation).toMatchObject({ status: 'not_configured', message: said('engine.backend.notChosen') });
    expect(await monitor.refresh()).toMatchObject({ status: 'not_configured', facts: [], models: [] });
  });

  it('is checking until the first look, then healthy with what the server offers', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['/home/alice/models/x.gguf'], contextLength: 8192 });
    const { monitor } = watch(f.url);
    expect(monitor.observation.status).toBe('checking');
    const obs = await monitor.refresh();
    expect(obs).toMatchObject({
      status: 'healthy',
      flavour: 'llamacpp',
      models: ['x'],
      message: null,
      stability: { backend_state: 'ok' },
    });
    expect(obs.facts).toMatchObject([{ id: '/home/alice/models/x.gguf', name: 'x', contextLength: 8192 }]);
    expect(obs.checkedAt).not.toBeNull();
  });

  it('a server without models is healthy and says so', async () => {
    const f = await fake({ flavour: 'ollama', models: [] });
    const { monitor } = watch(f.url);
    expect(await monitor.refresh()).toMatchObject({
      status: 'healthy',
      models: [],
      message: said('engine.backend.noModels'),
    });
  });

  it('concurrent refreshes share one look', async () => {
    const f = await fake({ flavour: 'vllm' });
    const { monitor } = watch(f.url);
    const [a, b] = await Promise.all([monitor.refresh(), monitor.refresh()]);
    expect(a).toBe(b);
    expect(f.calls.filter((c) => c.path === '/v1/models')).toHaveLength(1);
  });

  it('a healthy server is not looked at between refreshes', async () => {
    const f = await fake({ flavour: 'vllm' });
    const { monitor, changes, timers } = watch(f.url);
    await monitor.refresh();
    expect(timers.pending()).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('another server chosen: nothing known of the previous one is kept', async () => {
    const ollama = await fake({ flavour: 'ollama', models: ['qwen3:8b'] });
    const vllm = await fake({ flavour: 'vllm', models: ['Qwen/Qwen2.5-7B-Instruct'] });
    const { monitor } = watch(ollama.url);
    expect(await monitor.refresh()).toMatchObject({ flavour: 'ollama', models: ['qwen3:8b'] });
    setUrl(monitor, vllm.url);
    expect(await monitor.refresh()).toMatchObject({
      status: 'healthy',
      flavour: 'vllm',
      models: ['Qwen/Qwen2.5-7B-Instruct'],
    });
    expect(vllm.calls[0]?.path).toBe('/v1/models');
  });

  it('stop ends the looks and closes the connection', async () => {
    const f = await fake({ flavour: 'llamacpp', loading: true });
    const { monitor, timers } = watch(f.url);
    await monitor.refresh();
    expect(f.openConnections).toBe(1);
    expect(timers.pending()).toEqual([FAST_PROBE_S * 1000]);
    monitor.stop();
    await eventually(() => expect(f.openConnections).toBe(0));
    expect(timers.pending()).toEqual([]);
  });
});

describe('BackendMonitor: a server loading a model', () => {
  it('llama.cpp’s 503 "Loading model" is "loading", then healthy at its next look a second later, on its own', async () => {
    const f = await fake({ flavour: 'llamacpp', loading: true });
    const w = watch(f.url);
    const { monitor } = w;
    expect(await monitor.refresh()).toMatchObject({
      status: 'loading',
      flavour: 'llamacpp',
      message: said('engine.backend.loading'),
      stability: { backend_state: 'draining', reason_class: 'backend_loading', retry_after_s: 2 },
    });

    // Looked at again every second while it loads.
    expect((await fastLook(w)).status).toBe('loading');

    f.set({ loading: false });
    expect(await fastLook(w)).toMatchObject({ status: 'healthy', message: null, stability: { backend_state: 'ok' } });
    // Healthy: no more fast looks.
    expect(w.timers.pending()).toEqual([]);
  });

  it('LM Studio loading a model is "loading" too, and healthy once it is loaded', async () => {
    const f = await fake({ flavour: 'lmstudio', models: ['m'], lmstudioStates: { m: 'loading' } });
    const w = watch(f.url, { selectedModel: () => 'm' });
    const { monitor } = w;
    expect(await monitor.refresh()).toMatchObject({
      status: 'loading',
      message: said('engine.backend.loading'),
      models: ['m'],
      stability: { backend_state: 'draining', reason_class: 'backend_loading', retry_after_s: 2 },
    });

    f.set({ lmstudioStates: {}, loaded: ['m'] });
    expect((await fastLook(w)).status).toBe('healthy');
  });
});

describe('BackendMonitor: what tasks tell it', () => {
  it('taskFailed(ECONNREFUSED): unreachable at once, onChange told, and looked at right away', async () => {
    const f = await fake({ flavour: 'vllm' });
    const { monitor, changes } = watch(f.url);
    await monitor.refresh();
    await f.close();
    const calls = f.calls.length;

    monitor.taskFailed('ECONNREFUSED');
    expect(monitor.observation).toMatchObject({ status: 'unreachable', message: said('engine.backend.unreachable') });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ status: 'unreachable' });
    // The server is gone: nothing was answered, and it stays unreachable.
    await pause(300);
    expect(f.calls.length).toBe(calls);
    expect(monitor.observation.status).toBe('unreachable');
  });

  it.each(['ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'])(
    'taskFailed(%s) also means the server is gone',
    async (code) => {
      const f = await fake({ flavour: 'vllm' });
      const { monitor, changes } = watch(f.url);
      await monitor.refresh();
      monitor.taskFailed(code);
      expect(monitor.observation.status).toBe('unreachable');
      expect(changes.map((c) => c.status)).toEqual(['unreachable']);
    },
  );

  it('a task failure that found the server alive after all: healthy again at the look right away, and onChange told', async () => {
    const f = await fake({ flavour: 'vllm' });
    const { monitor, changes, timers } = watch(f.url);
    await monitor.refresh();
    const calls = f.calls.length;
    monitor.taskFailed('ECONNRESET');
    expect(monitor.observation.status).toBe('unreachable');
    // A look right away, not after the fast-probe second: no timer waits, and the look is already under way.
    expect(timers.pending()).toEqual([]);
    expect((await monitor.refresh()).status).toBe('healthy');
    expect(f.calls.length).toBeGreaterThan(calls);
    expect(changes.map((c) => c.status)).toEqual(['unreachable', 'healthy']);
  });

  it('a killed server restarted on the same port is healthy again at the next fast look, without any refresh from outside', async () => {
    const opts: FakeBackendOptions = { flavour: 'llamacpp', models: ['/m/x.gguf'] };
    const first = await fake(opts);
    const w = watch(first.url);
    const { monitor } = w;
    expect((await monitor.refresh()).status).toBe('healthy');

    await first.close();
    monitor.taskFailed('ECONNREFUSED');
    expect(monitor.observation.status).toBe('unreachable');
    // The look taskFailed started, then a few fast looks: gone each time.
    expect((await monitor.refresh()).status).toBe('unreachable');
    for (let i = 0; i < 2; i++) expect((await fastLook(w)).status).toBe('unreachable');

    const second = await fake({ ...opts, port: first.port });
    expect(await fastLook(w)).toMatchObject({ status: 'healthy', models: ['x'] });
    expect(second.calls.length).toBeGreaterThan(0);
  });

  it('a server that goes away is found by the next refresh, and looked at every second until it is back', async () => {
    const opts: FakeBackendOptions = { flavour: 'vllm' };
    const first = await fake(opts);
    const w = watch(first.url);
    const { monitor } = w;
    await monitor.refresh();
    await first.close();
    expect((await monitor.refresh(500)).status).toBe('unreachable');
    expect((await fastLook(w)).status).toBe('unreachable');
    const second = await fake({ ...opts, port: first.port });
    expect((await fastLook(w)).status).toBe('healthy');
    expect(second.calls.length).toBeGreaterThan(0);
  });

  it('a server that stays away keeps its name through every look, so the page can say which one to start', async () => {
    const first = await fake({ flavour: 'ollama', models: ['qwen3:8b'] });
    const { monitor } = watch(first.url);
    expect(await monitor.refresh()).toMatchObject({ status: 'healthy', flavour: 'ollama' });
    await first.close();
    expect(await monitor.refresh(500)).toMatchObject({ status: 'unreachable', flavour: 'ollama' });
    // The second look starts from a cleared memory (whatever answers next may be another server): the name stays.
    expect(await monitor.refresh(500)).toMatchObject({ status: 'unreachable', flavour: 'ollama' });
  });

  it('another kind of server started on the same port after the first went away is recognised anew', async () => {
    // e.g. llama-server stopped and vLLM started on port 8000 while the app runs.
    const first = await fake({ flavour: 'ollama', models: ['qwen3:8b'] });
    const w = watch(first.url);
    const { monitor } = w;
    expect(await monitor.refresh()).toMatchObject({ status: 'healthy', flavour: 'ollama' });
    await first.close();
    expect((await monitor.refresh(500)).status).toBe('unreachable');

    await fake({ flavour: 'llamacpp', models: ['/m/x.gguf'], port: first.port });
    expect(await fastLook(w)).toMatchObject({ status: 'healthy', flavour: 'llamacpp', models: ['x'] });
  });

  it.each([['ETIMEDOUT'], ['EPROTO'], ['UND_ERR_SOCKET'], [null]])('taskFailed(%s) does nothing', async (code) => {
    const f = await fake({ flavour: 'vllm' });
    const { monitor, changes } = watch(f.url);
    await monitor.refresh();
    const calls = f.calls.length;
    monitor.taskFailed(code);
    expect(monitor.observation.status).toBe('healthy');
    await pause(300);
    expect(monitor.observation.status).toBe('healthy');
    expect(changes).toEqual([]);
    expect(f.calls.length).toBe(calls);
  });

  it('taskFailed while already unreachable tells onChange nothing new', async () => {
    const f = await fake({ flavour: 'vllm' });
    const { monitor, changes } = watch(f.url);
    await monitor.refresh();
    await f.close();
    monitor.taskFailed('ECONNREFUSED');
    monitor.taskFailed('ECONNREFUSED');
    monitor.taskFailed('ECONNRESET');
    expect(changes.filter((c) => c.status === 'unreachable')).toHaveLength(1);
  });

  it('taskFailed after stop does nothing', async () => {
    const f = await fake({ flavour: 'vllm' });
    const { monitor, changes } = watch(f.url);
    await monitor.refresh();
    monitor.stop();
    monitor.taskFailed('ECONNREFUSED');
    expect(monitor.observation.status).toBe('healthy');
    expect(changes).toEqual([]);
  });
});

describe('BackendMonitor: proof of life', () => {
  it('a probe that times out while a task was answered recently keeps the server healthy', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b'] });
    const { monitor } = watch(f.url);
    await monitor.refresh();
    const before = monitor.observation;

    f.set({ hang: true });
    monitor.taskAnswered();
    const obs = await monitor.refresh(300);
    expect(obs).toMatchObject({ status: 'healthy', models: ['qwen3:8b'], message: null });
    expect(obs.checkedAt).toBeGreaterThanOrEqual(before.checkedAt!);
  });

  it('without a task answered, the same timeout makes it slow (it took the connection), keeping what it offered', async () => {
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b'] });
    const { monitor } = watch(f.url);
    await monitor.refresh();
    f.set({ hang: true });
    expect(await monitor.refresh(300)).toMatchObject({
      status: 'slow',
      message: said('engine.backend.slow', { seconds: '0.3' }),
      models: ['qwen3:8b'],
    });
  });

  it('a task answered long before the look is no proof of life', async () => {
    const clock = fakeClock();
    const f = await fake({ flavour: 'ollama', models: ['qwen3:8b'] });
    const { monitor } = watch(f.url, { now: clock.now });
    await monitor.refresh();
    monitor.taskAnswered();
    clock.advance(60_000);
    f.set({ hang: true });
    expect((await monitor.refresh(300)).status).toBe('slow');
  });

  it('proof of life does not hide a server that refuses connections', async () => {
    const f = await fake({ flavour: 'vllm' });
    const { monitor } = watch(f.url);
    await monitor.refresh();
    await f.close();
    monitor.taskAnswered();
    expect((await monitor.refresh(500)).status).toBe('unreachable');
  });
});

describe('BackendMonitor: a task the server refused although the node offered it', () => {
  it('looks again at once, so what the node advertises follows what the server now is', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'] });
    const { monitor, changes } = watch(f.url);
    expect((await monitor.refresh()).facts).toMatchObject([{ name: 'm.gguf', kind: 'chat' }]);
    // Restarted with --embeddings under the same name: chat now answers 501.
    f.set({ embeddings: true });
    monitor.taskRefused(501);
    await eventually(() => expect(changes.at(-1)?.facts).toMatchObject([{ name: 'm.gguf', kind: 'embedding' }]));
  });

  it('asks at most every 5 s, and never for a rate limit', async () => {
    const f = await fake({ flavour: 'llamacpp', models: ['m.gguf'] });
    const { monitor } = watch(f.url);
    await monitor.refresh();
    const looks = () => f.calls.filter((c) => c.path === '/props').length;
    const before = looks();
    monitor.taskRefused(429);
    monitor.taskRefused(501);
    monitor.taskRefused(501);
    await eventually(() => expect(looks()).toBe(before + 1));
    await pause(300);
    expect(looks()).toBe(before + 1);
  });
});

describe('BackendMonitor: a server that answers in 3 s (the look gives up at 2 s)', () => {
  const SLOW = 3000;

  it('is slow, not stopped — and told apart from a port where nothing answers', async () => {
    const f = await fake({ flavour: 'vllm', models: ['Qwen/Qwen2.5-7B-Instruct'], answerDelayMs: SLOW });
    const { monitor } = watch(f.url);
    const obs = await monitor.refresh();
    expect(obs).toMatchObject({ status: 'slow', message: said('engine.backend.slow', { seconds: '2' }) });
    expect(f.calls.map((c) => c.path)).toEqual(['/v1/models']);

    const gone = await fake({ flavour: 'vllm' });
    await gone.close();
    const { monitor: other } = watch(gone.url);
    expect(await other.refresh()).toMatchObject({ status: 'unreachable', message: said('engine.backend.unreachable') });
  });

  it('the next look waits longer, so the slow server is described and healthy, and stays so', async () => {
    // The same proportions a tenth as long (the look's own time passed in, as the node passes the heartbeat's): a
    // server that answers in 0.3 s, looks that give up at 0.2 s. The patient look's 10 s stays as it is.
    const slow = SLOW / 10;
    const timeoutMs = 200;
    const f = await fake({ flavour: 'vllm', models: ['Qwen/Qwen2.5-7B-Instruct'], answerDelayMs: slow });
    const { monitor } = watch(f.url);
    expect((await monitor.refresh(timeoutMs)).status).toBe('slow');
    // One look asks /v1/models and /version: 0.6 s in all, more than 0.2 s and less than the patient look's time.
    const second = await monitor.refresh(timeoutMs);
    expect(second).toMatchObject({
      status: 'healthy',
      flavour: 'vllm',
      models: ['Qwen/Qwen2.5-7B-Instruct'],
      message: null,
    });
    // It still needs more than 0.2 s: the next look is patient too, rather than calling it slow every other time.
    expect((await monitor.refresh(timeoutMs)).status).toBe('healthy');
  });

  it('a task it answers makes a slow server healthy again at once', async () => {
    const clock = fakeClock();
    const f = await fake({ flavour: 'vllm', models: ['Qwen/Qwen2.5-7B-Instruct'] });
    const { monitor, changes } = watch(f.url, { now: clock.now });
    expect((await monitor.refresh()).status).toBe('healthy');
    f.set({ answerDelayMs: SLOW });
    // No task answered: the look that gave up (here at 0.2 s, its time passed in) says slow, and keeps the models it
    // described before.
    expect(await monitor.refresh(200)).toMatchObject({ status: 'slow', models: ['Qwen/Qwen2.5-7B-Instruct'] });
    const told = changes.length;
    monitor.taskAnswered();
    expect(monitor.observation).toMatchObject({
      status: 'healthy',
      message: null,
      models: ['Qwen/Qwen2.5-7B-Instruct'],
    });
    expect(changes.slice(told)).toMatchObject([{ status: 'healthy' }]);
  });
});
