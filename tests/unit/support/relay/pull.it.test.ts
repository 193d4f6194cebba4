import { describe, expect, it } from 'vitest';
import { eventually } from '../../../support/eventually';
import { CHAT, dig, relay, settle } from './helpers';

const NO_TOKEN = { error: { code: 'IICP-E021', message: 'invalid or missing relay session token' } };

describe('worker routes authenticate with the session token', () => {
  it('pull, result and unbind answer 401 IICP-E021 without a token, with a wrong one, or with a malformed header', async () => {
    const { api, session } = await relay();
    const token = await session('w-auth');
    const variants: Record<string, string>[] = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: `bearer ${token}` },
      { authorization: token },
    ];
    for (const headers of variants) {
      const pull = await api('GET', '/v1/relay/pull', { headers });
      expect([pull.status, pull.json]).toEqual([401, NO_TOKEN]);
      const result = await api('POST', '/v1/relay/result', { headers, body: { call_id: 'x', result: {} } });
      expect([result.status, result.json]).toEqual([401, NO_TOKEN]);
      const unbind = await api('POST', '/v1/relay/unbind', { headers });
      expect([unbind.status, unbind.json]).toEqual([401, NO_TOKEN]);
      expect(unbind.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('reads the result body before the token, so a non-JSON result is 415 even unauthenticated', async () => {
    const { api } = await relay();
    const res = await api('POST', '/v1/relay/result', { raw: 'x', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
  });
});

describe('GET /v1/relay/pull: the long-poll', () => {
  it('answers 204 with no body when nothing arrives within the poll window', async () => {
    const { pull, session } = await relay({ pollTimeoutMs: 120 });
    const token = await session('w-idle');
    const started = Date.now();
    const res = await pull(token);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('hands over a task forwarded while it waits, as {call_id, task} with the task verbatim', async () => {
    const { pull, session, task, relay: r } = await relay({ pollTimeoutMs: 5000 });
    const token = await session('w-wait');
    const waiting = pull(token);
    await eventually(() => expect(r.sessions()[0]?.waitingPulls).toBe(1));
    const sent = {
      task_id: 't-1',
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'hi' }] },
      extra: [1, 2],
    };
    const consumer = settle(task('w-wait', sent));
    const call = await waiting;
    expect(call.status).toBe(200);
    expect(call.json).toEqual({ call_id: expect.stringMatching(/^[0-9a-f-]{36}$/), task: sent });
    await r.close();
    await consumer;
  });

  it('delivers calls queued before the pull in arrival order, one per pull', async () => {
    const { pull, session, task, relay: r } = await relay({ pollTimeoutMs: 100 });
    const token = await session('w-queue');
    const consumers = [settle(task('w-queue', { task_id: 'first' })), settle(task('w-queue', { task_id: 'second' }))];
    await eventually(() => expect(r.sessions()[0]?.queuedCalls).toBe(2));
    expect(dig((await pull(token)).json, 'task.task_id')).toBe('first');
    expect(dig((await pull(token)).json, 'task.task_id')).toBe('second');
    expect((await pull(token)).status).toBe(204);
    await r.close();
    await Promise.all(consumers);
  });

  it('serves concurrent pulls of one session each with its own call', async () => {
    const { pull, session, task, relay: r } = await relay({ pollTimeoutMs: 5000 });
    const token = await session('w-multi');
    const pulls = [pull(token), pull(token)];
    await eventually(() => expect(r.sessions()[0]?.waitingPulls).toBe(2));
    const consumers = [settle(task('w-multi', { task_id: 'a' })), settle(task('w-multi', { task_id: 'b' }))];
    const ids = (await Promise.all(pulls)).map((p) => dig<string>(p.json, 'task.task_id')).sort();
    expect(ids).toEqual(['a', 'b']);
    await r.close();
    await Promise.all(consumers);
  });

  it('does not give a call to a pull whose client already hung up', async () => {
    const { pull, session, task, relay: r } = await relay({ pollTimeoutMs: 20_000 });
    const token = await session('w-hangup');
    const abandoned = new AbortController();
    const gone = settle(pull(token, abandoned.signal));
    await eventually(() => expect(r.sessions()[0]?.waitingPulls).toBe(1));
    abandoned.abort();
    expect((await gone).ok).toBe(false);
    // Withdrawn when the socket closes, long before the 20 s window would have ended it.
    await eventually(() => expect(r.sessions()[0]?.waitingPulls).toBe(0), 2000);
    const consumer = settle(task('w-hangup', { task_id: 'kept' }));
    expect(dig((await pull(token)).json, 'task.task_id')).toBe('kept');
    await r.close();
    await consumer;
  });
});

describe('POST /v1/relay/result', () => {
  it('needs a non-empty string call_id and an object result: 422 IICP-E001 otherwise', async () => {
    const { result, session } = await relay();
    const token = await session('w-422');
    const bad = [
      {},
      { call_id: 'c' },
      { call_id: '', result: {} },
      { call_id: 7, result: {} },
      { call_id: 'c', result: [] },
      { call_id: 'c', result: 'ok' },
      { call_id: 'c', result: null },
      [],
    ];
    for (const body of bad) {
      const res = await result(token, body);
      expect([res.status, res.json]).toEqual([
        422,
        { error: { code: 'IICP-E001', message: 'call_id and result are required' } },
      ]);
    }
  });

  it('answers 204 to a result for a call it never issued, and drops it', async () => {
    const { result, session, relay: r } = await relay();
    const token = await session('w-unknown-call');
    const res = await result(token, { call_id: 'never-issued', result: { result: {} } });
    expect([res.status, res.text]).toEqual([204, '']);
    expect(r.log.at(-1)).toMatchObject({ kind: 'result', workerId: 'w-unknown-call', status: 204, delivered: false });
  });
});

describe('POST /v1/relay/unbind', () => {
  it('ends the session: 204, the token is dead, consumers get 404 and the worker id is free', async () => {
    const { api, bind, session, pull, relay: r } = await relay();
    const token = await session('w-bye');
    const res = await api('POST', '/v1/relay/unbind', { token });
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await pull(token)).status).toBe(401);
    expect((await api('GET', '/v1/relay-for/w-bye/iicp/health')).status).toBe(404);
    expect(r.sessions()).toEqual([]);
    expect((await bind('w-bye')).status).toBe(200);
  });

  it('ignores any body, JSON or not', async () => {
    const { api, session } = await relay();
    const token = await session('w-body');
    expect(
      (await api('POST', '/v1/relay/unbind', { token, raw: 'not json', headers: { 'content-type': 'text/plain' } }))
        .status,
    ).toBe(204);
  });

  it('leaves a pull that was waiting to run out its window (204), like the reference', async () => {
    const { api, session, pull, relay: r } = await relay({ pollTimeoutMs: 300 });
    const token = await session('w-left');
    const waiting = pull(token);
    await eventually(() => expect(r.sessions()[0]?.waitingPulls).toBe(1));
    expect((await api('POST', '/v1/relay/unbind', { token })).status).toBe(204);
    expect((await waiting).status).toBe(204);
  });
});
