import { describe, expect, it } from 'vitest';
import { http } from '../../../support/node-harness';
import { CHAT, dig, fakeClock, relay } from './helpers';

const RATE_LIMITED = { error: { code: 'IICP-E039', message: 'relay_bind_rate_limited' } };
const AT_CAPACITY = { error: { code: 'IICP-E039', message: 'relay at session capacity — try another relay' } };

describe('bind rate limit: 30 binds per 60 s per source address', () => {
  it('refuses the 31st new bind from one host with 429 IICP-E039, while another host still binds', async () => {
    const { relay: r, bind } = await relay();
    for (let i = 0; i < 30; i++) expect((await bind(`w-${i}`)).status).toBe(200);
    const over = await bind('w-30');
    expect([over.status, over.json]).toEqual([429, RATE_LIMITED]);
    const elsewhere = await http(`${r.url}/v1/relay/bind`, {
      body: { worker_id: 'w-30', intent: CHAT, models: [] },
      localAddress: '127.0.0.2',
    });
    expect(elsewhere.status).toBe(200);
    expect(
      r.log
        .filter((e) => e.kind === 'bind')
        .map((e) => (e.kind === 'bind' ? e.source : null))
        .slice(-1),
    ).toEqual(['127.0.0.2']);
  });

  it('opens a new window 60 s after the first counted bind', async () => {
    const clock = fakeClock();
    const { bind } = await relay({ now: clock.now, bindsPerMinute: 2 });
    expect((await bind('a')).status).toBe(200);
    clock.advance(30_000);
    expect((await bind('b')).status).toBe(200);
    expect((await bind('c')).status).toBe(429);
    clock.advance(29_999);
    expect((await bind('c')).status).toBe(429);
    clock.advance(1);
    expect((await bind('c')).status).toBe(200);
  });

  it('does not count (or limit) the rebind of a worker id the relay still holds', async () => {
    const clock = fakeClock();
    const { bind } = await relay({ now: clock.now, bindsPerMinute: 1, sessionAliveMs: 1000 });
    expect((await bind('w-recover')).status).toBe(200);
    clock.advance(1000);
    expect((await bind('w-recover')).status).toBe(200);
    expect((await bind('w-new')).status).toBe(429);
  });

  it('counts only attempts that got past validation, tickets and the live-session check', async () => {
    const { bind, api } = await relay({ bindsPerMinute: 1 });
    expect((await api('POST', '/v1/relay/bind', { body: { intent: CHAT } })).status).toBe(422);
    expect((await bind('w-first')).status).toBe(200);
    expect((await bind('w-first')).status).toBe(409);
    expect((await bind('w-second')).status).toBe(429);
  });

  it('bindsPerMinute 0 disables the limit (IICP_RELAY_BIND_RATE_LIMIT=0)', async () => {
    const { bind } = await relay({ bindsPerMinute: 0 });
    for (let i = 0; i < 40; i++) expect((await bind(`w-${i}`)).status).toBe(200);
  });
});

describe('session cap: 256 sessions, dead ones included (red-team F5)', () => {
  it('refuses a new worker id at the cap with 503 IICP-E039 and admits it once a session is unbound', async () => {
    const { bind, api } = await relay({ maxSessions: 2 });
    const a = dig<string>((await bind('a')).json, 'session_token');
    expect((await bind('b')).status).toBe(200);
    const full = await bind('c');
    expect([full.status, full.json]).toEqual([503, AT_CAPACITY]);
    expect((await api('POST', '/v1/relay/unbind', { token: a })).status).toBe(204);
    expect((await bind('c')).status).toBe(200);
  });

  it('keeps counting sessions that died (nothing evicts them) but lets their own worker ids rebind', async () => {
    const clock = fakeClock();
    const { bind, relay: r } = await relay({ now: clock.now, maxSessions: 2 });
    await bind('a');
    await bind('b');
    clock.advance(90_000);
    expect(r.sessions().every((s) => !s.alive)).toBe(true);
    expect((await bind('c')).json).toEqual(AT_CAPACITY);
    expect((await bind('a')).status).toBe(200);
  });

  it('holds 256 sessions by default', async () => {
    const { bind } = await relay({ bindsPerMinute: 0 });
    for (let i = 0; i < 256; i++) expect((await bind(`w-${i}`)).status).toBe(200);
    expect((await bind('w-256')).status).toBe(503);
  });
});
