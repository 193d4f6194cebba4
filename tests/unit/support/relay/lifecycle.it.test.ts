import { describe, expect, it } from 'vitest';
import { eventually } from '../../../support/eventually';
import { CHAT, dig, relay, settle } from './helpers';

describe('test hooks: sessions()', () => {
  it('shows each session with its liveness and what is waiting on it, as a frozen snapshot', async () => {
    const { session, pull, task, relay: r } = await relay({ pollTimeoutMs: 10_000 });
    const token = await session('w-view', { models: ['m'] });
    const waiting = pull(token);
    await eventually(() => expect(r.sessions()[0]?.waitingPulls).toBe(1));
    const consumer = settle(task('w-view', { task_id: 't' }));
    await waiting;
    const view = r.sessions()[0];
    expect(view).toMatchObject({
      workerId: 'w-view',
      intent: CHAT,
      models: ['m'],
      sessionToken: token,
      alive: true,
      waitingPulls: 0,
      queuedCalls: 0,
      pendingCalls: 1,
    });
    expect(Object.isFrozen(view)).toBe(true);
    view?.models.push('mutated');
    expect(r.sessions()[0]?.models).toEqual(['m']);
    await r.kill();
    expect((await consumer).ok).toBe(false);
  });
});

describe('test hooks: kill(), restart(), close()', () => {
  it('kill() drops every connection mid-flight and stops listening, like a crash', async () => {
    const { session, pull, task, api, relay: r } = await relay({ pollTimeoutMs: 10_000 });
    const token = await session('w-crash');
    const waitingPull = settle(pull(token));
    await eventually(() => expect(r.sessions()[0]?.waitingPulls).toBe(1));
    await session('w-other');
    const waitingConsumer = settle(task('w-other', { task_id: 't' }));
    await eventually(() => expect(r.sessions().find((s) => s.workerId === 'w-other')?.pendingCalls).toBe(1));
    await r.kill();
    expect(await waitingPull).toMatchObject({ ok: false, error: { cause: { code: 'ECONNRESET' } } });
    expect(await waitingConsumer).toMatchObject({ ok: false, error: { cause: { code: 'ECONNRESET' } } });
    await expect(api('GET', '/iicp/health')).rejects.toThrow();
  });

  it('restart() listens on the same port with no sessions; old tokens are refused and the log is kept', async () => {
    const { session, pull, bind, api, relay: r } = await relay();
    const token = await session('w-restart');
    const url = r.url;
    await r.kill();
    await r.restart();
    expect(r.url).toBe(url);
    expect(r.sessions()).toEqual([]);
    expect((await pull(token)).status).toBe(401);
    expect((await api('GET', '/v1/relay-for/w-restart/iicp/health')).status).toBe(404);
    expect((await bind('w-restart')).status).toBe(200);
    expect(r.log.filter((e) => e.kind === 'bind').map((e) => e.status)).toEqual([200, 200]);
  });

  it('restart() of a running relay is a crash and a restart', async () => {
    const { session, pull, relay: r } = await relay({ pollTimeoutMs: 10_000 });
    const token = await session('w-bounce');
    const waiting = settle(pull(token));
    await eventually(() => expect(r.sessions()[0]?.waitingPulls).toBe(1));
    await r.restart();
    expect((await waiting).ok).toBe(false);
    expect(r.sessions()).toEqual([]);
  });

  it('close() stops listening; restart() brings it back', async () => {
    const { api, bind, relay: r } = await relay();
    await r.close();
    await expect(api('GET', '/iicp/health')).rejects.toThrow();
    await r.close();
    await r.restart();
    expect((await api('GET', '/iicp/health')).status).toBe(200);
    expect(dig((await bind('w-back')).json, 'worker_endpoint_path')).toBe('/v1/relay-for/w-back');
  });
});
