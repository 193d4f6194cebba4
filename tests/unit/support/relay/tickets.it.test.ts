import { describe, expect, it } from 'vitest';
import { dig, fakeClock, relay, ticketSigner } from './helpers';

const INVALID = { error: { code: 'IICP-E040', message: 'relay bind ticket invalid' } };
const REQUIRED = { error: { code: 'IICP-E040', message: 'relay bind ticket required' } };

async function strictRelay(extra: Parameters<typeof relay>[0] = {}) {
  const signer = ticketSigner();
  const r = await relay({
    nodeId: 'relay-node',
    requireBindTicket: true,
    directoryPublicKeyHex: signer.publicKeyHex,
    ...extra,
  });
  return { ...r, signer };
}

describe('bind tickets: a strict relay admits only directory-signed tickets for that worker', () => {
  it('accepts a ticket for this worker addressed to this relay or to any relay (`*`)', async () => {
    const { bind, signer } = await strictRelay();
    expect((await bind('w-a', { bind_ticket: signer.ticket('w-a', 'relay-node') })).status).toBe(200);
    expect((await bind('w-b', { bind_ticket: signer.ticket('w-b', '*') })).status).toBe(200);
  });

  it('refuses a bind without a ticket: 401 "relay bind ticket required"', async () => {
    const { bind } = await strictRelay();
    for (const extra of [{}, { bind_ticket: '' }, { bind_ticket: 5 }]) {
      const res = await bind('w-none', extra);
      expect([res.status, res.json]).toEqual([401, REQUIRED]);
    }
  });

  it('refuses tickets for another worker, another relay, another signer, another type, or a tampered payload', async () => {
    const { bind, signer } = await strictRelay();
    const stranger = ticketSigner();
    const good = signer.ticket('w-x', 'relay-node');
    const [payload = '', sig = ''] = good.split('.');
    const cases = [
      signer.ticket('attacker', 'relay-node'),
      signer.ticket('w-x', 'relay-elsewhere'),
      stranger.ticket('w-x', 'relay-node'),
      signer.ticket('w-x', 'relay-node', Date.now(), { typ: 'consumer-token' }),
      `${Buffer.from(Buffer.from(payload, 'base64url').toString().replace('w-x', 'w-y')).toString('base64url')}.${sig}`,
      `${payload}.${sig.slice(0, 126)}`,
      `${payload}${sig}`,
      'not-a-ticket',
    ];
    for (const bind_ticket of cases) {
      const res = await bind('w-x', { bind_ticket });
      expect([res.status, res.json]).toEqual([401, INVALID]);
    }
  });

  it('refuses tickets that lack a claim or carry one of the wrong type (serde claims struct)', async () => {
    const { bind, signer } = await strictRelay();
    const now = Math.floor(Date.now() / 1000);
    const full = { v: 1, typ: 'relay-bind-ticket', iss: 'i', sub: 'w-c', aud: '*', iat: now, exp: now + 60 };
    const { iss: _iss, ...noIss } = full;
    for (const claims of [noIss, { ...full, exp: String(now + 60) }, { ...full, v: 300 }]) {
      expect((await bind('w-c', { bind_ticket: signer.issue(claims) })).status).toBe(401);
    }
    expect((await bind('w-c', { bind_ticket: signer.issue(full) })).status).toBe(200);
  });

  it('refuses a ticket at or after `exp` on the relay clock', async () => {
    const clock = fakeClock();
    const { bind, signer } = await strictRelay({ now: clock.now });
    const ticket = signer.ticket('w-exp', 'relay-node', clock.now());
    clock.advance(120_000);
    expect((await bind('w-exp', { bind_ticket: ticket })).json).toEqual(INVALID);
    clock.advance(-1000);
    expect((await bind('w-exp', { bind_ticket: ticket })).status).toBe(200);
  });

  it('consumes a ticket on its first successful bind: replaying it answers 409 "relay bind ticket replayed"', async () => {
    const { bind, api, signer } = await strictRelay();
    const ticket = signer.ticket('w-once', 'relay-node');
    const first = await bind('w-once', { bind_ticket: ticket });
    expect(first.status).toBe(200);
    expect((await api('POST', '/v1/relay/unbind', { token: dig<string>(first.json, 'session_token') })).status).toBe(
      204,
    );
    const replay = await bind('w-once', { bind_ticket: ticket });
    expect([replay.status, replay.json]).toEqual([
      409,
      { error: { code: 'IICP-E040', message: 'relay bind ticket replayed' } },
    ]);
    expect(
      (await bind('w-once', { bind_ticket: signer.ticket('w-once', 'relay-node', Date.now(), { jti: signer.jti() }) }))
        .status,
    ).toBe(200);
  });

  it('does not burn a ticket on a bind refused for another reason', async () => {
    const { bind, api, signer } = await strictRelay();
    const first = await bind('w-busy', { bind_ticket: signer.ticket('w-busy', '*', Date.now() - 5000) });
    const ticket = signer.ticket('w-busy', '*');
    expect(dig((await bind('w-busy', { bind_ticket: ticket })).json, 'error.code')).toBe('IICP-E038');
    await api('POST', '/v1/relay/unbind', { token: dig<string>(first.json, 'session_token') });
    expect((await bind('w-busy', { bind_ticket: ticket })).status).toBe(200);
  });

  it('with requireTicketJti, insists on a 32-hex jti as the newest SDK relays do (production tickets have none)', async () => {
    const { bind, signer } = await strictRelay({ requireTicketJti: true });
    expect((await bind('w-j', { bind_ticket: signer.ticket('w-j', '*') })).json).toEqual(INVALID);
    expect((await bind('w-j', { bind_ticket: signer.ticket('w-j', '*', Date.now(), { jti: 'ABC' }) })).json).toEqual(
      INVALID,
    );
    expect(
      (await bind('w-j', { bind_ticket: signer.ticket('w-j', '*', Date.now(), { jti: signer.jti() }) })).status,
    ).toBe(200);
  });
});

describe('bind tickets: the soft (default) relay', () => {
  it('admits unticketed binds, and still verifies a ticket that is presented', async () => {
    const signer = ticketSigner();
    const { bind } = await relay({ directoryPublicKeyHex: signer.publicKeyHex });
    expect((await bind('w-legacy')).status).toBe(200);
    expect((await bind('w-bad', { bind_ticket: signer.ticket('someone-else', '*') })).json).toEqual(INVALID);
  });

  it('without a directory key a presented ticket is not checked at all — and a strict relay then refuses every bind', async () => {
    const signer = ticketSigner();
    const soft = await relay();
    expect((await soft.bind('w-unchecked', { bind_ticket: 'garbage' })).status).toBe(200);
    const strict = await relay({ requireBindTicket: true });
    expect((await strict.bind('w-strict', { bind_ticket: signer.ticket('w-strict', '*') })).json).toEqual(REQUIRED);
  });
});
