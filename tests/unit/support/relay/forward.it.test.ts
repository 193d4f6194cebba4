import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../support/eventually';
import { CHAT, dig, fakeClock, relay } from './helpers';

type Relay = Awaited<ReturnType<typeof relay>>;

/** One worker step: pull one call and post `answer(call)` as its result. Returns the call it got. */
async function serveOne(r: Relay, token: string, answer: (call: { call_id: string; task: unknown }) => unknown) {
  const pulled = await r.pull(token);
  expect(pulled.status).toBe(200);
  const call = pulled.json as { call_id: string; task: unknown };
  const posted = await r.result(token, { call_id: call.call_id, result: answer(call) });
  expect(posted.status).toBe(204);
  return call;
}

const CHOICES = {
  choices: [{ message: { role: 'assistant', content: 'MESH OK' }, finish_reason: 'stop' }],
  model: 'm',
};

describe('POST /v1/relay-for/{wid}/v1/task: the consumer side', () => {
  it('round-trips a task: 200 {task_id, status:"completed", …the worker result keys…} with CORS', async () => {
    const r = await relay();
    const token = await r.session('w-rt');
    const consumer = r.task('w-rt', { task_id: 't-1', intent: CHAT, payload: { messages: [] } });
    await serveOne(r, token, () => ({ generated_by_ai: true, result: CHOICES }));
    const res = await consumer;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ task_id: 't-1', status: 'completed', generated_by_ai: true, result: CHOICES });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lets the worker result override task_id and status (a full task response keeps "success")', async () => {
    const r = await relay();
    const token = await r.session('w-full');
    const consumer = r.task('w-full', { task_id: 't-2' });
    await serveOne(r, token, () => ({ task_id: 'worker-says', status: 'success', result: { text: 'x' } }));
    expect((await consumer).json).toEqual({ task_id: 'worker-says', status: 'success', result: { text: 'x' } });
  });

  it('still answers 200 "completed" when the worker result carries an error: the relay does not look inside', async () => {
    const r = await relay();
    const token = await r.session('w-err');
    const consumer = r.task('w-err', { task_id: 't-3' });
    const failure = { result: { error: { code: 'IICP-E020', message: 'browser inference failed: OOM' } } };
    await serveOne(r, token, () => failure);
    const res = await consumer;
    expect([res.status, res.json]).toEqual([200, { task_id: 't-3', status: 'completed', ...failure }]);
  });

  it('uses "" as task_id when the task has none, and forwards non-object tasks verbatim', async () => {
    const r = await relay();
    const token = await r.session('w-odd');
    const noId = r.task('w-odd', { intent: CHAT });
    await serveOne(r, token, () => ({}));
    expect((await noId).json).toEqual({ task_id: '', status: 'completed' });
    const list = r.task('w-odd', [1, 2, 3]);
    const call = await serveOne(r, token, () => ({ ok: true }));
    expect(call.task).toEqual([1, 2, 3]);
    expect((await list).json).toEqual({ task_id: '', status: 'completed', ok: true });
  });

  it('answers 502 IICP-E031 when the worker posts nothing within the forward timeout', async () => {
    const r = await relay({ forwardTimeoutMs: 200 });
    await r.session('w-silent');
    const res = await r.task('w-silent', { task_id: 't-4' });
    expect(res.status).toBe(502);
    expect(res.json).toEqual({
      error: {
        code: 'IICP-E031',
        message: expect.stringMatching(
          /^relay session forward failed: relay forward timeout \(0\.2s\) for call [0-9a-f-]{36}$/,
        ),
      },
    });
  });

  it('keeps a timed-out call queued: a late worker still pulls it, and its result is accepted and dropped', async () => {
    const r = await relay({ forwardTimeoutMs: 100, pollTimeoutMs: 100 });
    const token = await r.session('w-late');
    expect((await r.task('w-late', { task_id: 'stale' })).status).toBe(502);
    const call = await serveOne(r, token, () => ({ result: {} }));
    expect(dig(call.task, 'task_id')).toBe('stale');
    expect(r.relay.log.at(-1)).toMatchObject({ kind: 'result', delivered: false });
  });

  it('leaves a consumer waiting for the full timeout (then 502) when the worker unbinds or is displaced mid-call', async () => {
    const r = await relay({ forwardTimeoutMs: 300, pollTimeoutMs: 50 });
    const token = await r.session('w-leaves');
    const started = Date.now();
    const consumer = r.task('w-leaves', { task_id: 'orphan' });
    await eventually(() => expect(r.relay.sessions()[0]?.queuedCalls).toBe(1));
    expect((await r.api('POST', '/v1/relay/unbind', { token })).status).toBe(204);
    const fresh = await r.session('w-leaves');
    expect((await r.pull(fresh)).status).toBe(204);
    const res = await consumer;
    expect(res.status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('only delivers a result through the session that received the call', async () => {
    const r = await relay({ forwardTimeoutMs: 300 });
    const a = await r.session('w-a');
    const b = await r.session('w-b');
    const consumer = r.task('w-a', { task_id: 't' });
    const pulled = await r.pull(a);
    const callId = dig<string>(pulled.json, 'call_id');
    expect((await r.result(b, { call_id: callId, result: { forged: true } })).status).toBe(204);
    expect(r.relay.log.at(-1)).toMatchObject({ kind: 'result', workerId: 'w-b', delivered: false });
    expect((await consumer).status).toBe(502);
  });

  it('answers 404 IICP-E030 for a worker with no session, a dead session, or an unbound one', async () => {
    const clock = fakeClock();
    const r = await relay({ now: clock.now });
    const notFound = { error: { code: 'IICP-E030', message: 'no alive relay session for this worker' } };
    const ghost = await r.task('w-ghost', { task_id: 't' });
    expect([ghost.status, ghost.json]).toEqual([404, notFound]);
    await r.session('w-dead');
    clock.advance(90_000);
    expect((await r.task('w-dead', { task_id: 't' })).json).toEqual(notFound);
    const token = await r.session('w-gone');
    await r.api('POST', '/v1/relay/unbind', { token });
    expect((await r.task('w-gone', { task_id: 't' })).status).toBe(404);
  });

  it('checks the body before the worker: a non-JSON request to an unknown worker is 415, not 404', async () => {
    const r = await relay();
    const res = await r.api('POST', '/v1/relay-for/w-ghost/v1/task', {
      raw: 'hi',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
  });

  it('routes by the path: one worker never sees another worker’s tasks', async () => {
    const r = await relay({ pollTimeoutMs: 150 });
    const a = await r.session('w-a');
    const b = await r.session('w-b');
    const consumer = r.task('w-b', { task_id: 'for-b' });
    expect((await r.pull(a)).status).toBe(204);
    await serveOne(r, b, () => ({ mine: true }));
    expect(dig((await consumer).json, 'mine')).toBe(true);
  });

  it('decodes the worker id in the path', async () => {
    const r = await relay();
    const token = await r.session('node:1');
    const consumer = r.api('POST', '/v1/relay-for/node%3A1/v1/task', { body: { task_id: 't' } });
    await serveOne(r, token, () => ({}));
    expect((await consumer).status).toBe(200);
  });
});

describe('relay log: what the relay saw', () => {
  it('records the forwarded task, the pulled call, the result and the consumer answer — so CX tests can prove it saw ciphertext only', async () => {
    const r = await relay();
    const token = await r.session('w-cx');
    const secret = 'relay must never observe this plaintext';
    const key = randomBytes(32);
    const seal = (text: string) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(text, 'utf8'), c.final(), c.getAuthTag()]);
      return {
        v: 1,
        alg: 'X25519-HKDF-SHA256-AES-256-GCM',
        nonce: iv.toString('base64url'),
        ciphertext: ct.toString('base64url'),
      };
    };
    const sent = {
      task_id: 't-cx',
      intent: CHAT,
      iicp_conf: seal(JSON.stringify({ messages: [{ role: 'user', content: secret }] })),
      cx_response_encryption: 'required',
    };
    const consumer = r.task('w-cx', sent);
    await serveOne(r, token, () => ({ iicp_conf_resp: seal(`${secret} (answer)`) }));
    const res = await consumer;
    expect(res.json).toEqual({ task_id: 't-cx', status: 'completed', iicp_conf_resp: expect.any(Object) });
    expect(r.relay.log.map((e) => e.kind)).toEqual(['bind', 'pull', 'result', 'forward']);
    expect(r.relay.log.find((e) => e.kind === 'forward')).toMatchObject({
      workerId: 'w-cx',
      task: sent,
      status: 200,
      response: res.json,
    });
    expect(r.relay.log.find((e) => e.kind === 'pull')).toMatchObject({ call: { task: sent } });
    expect(JSON.stringify(r.relay.log)).not.toContain(secret);
    expect(JSON.stringify(r.relay.log)).toContain(sent.iicp_conf.ciphertext);
  });

  it('lists every request with its status', async () => {
    const r = await relay();
    await r.api('GET', '/iicp/health');
    await r.task('nobody', {});
    await eventually(() =>
      expect(r.relay.requests.map((q) => [q.method, q.path, q.status])).toEqual([
        ['GET', '/iicp/health', 200],
        ['POST', '/v1/relay-for/nobody/v1/task', 404],
      ]),
    );
  });
});
