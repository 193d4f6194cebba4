import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateGenesisKey, RELAY_TICKET_TTL_S } from '../../../support/directory';
import { dig, directory, fakeClock, LOOPBACK, register, registerBody } from './helpers';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Independent check of the PHP ticket format: signature over the domain line + the b64url payload. */
function openTicket(ticket: string, publicKeyHex: string): { valid: boolean; payloadJson: string } {
  const [payload = '', sig = ''] = ticket.split('.');
  const key = createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
  const valid = verify(null, Buffer.from(`iicp:relay-bind-ticket:v1\n${payload}`), key, Buffer.from(sig, 'hex'));
  return { valid, payloadJson: Buffer.from(payload, 'base64url').toString('utf8') };
}

async function keyedDirectory(extra: Parameters<typeof directory>[0] = {}) {
  const key = generateGenesisKey();
  const clock = fakeClock();
  const d = await directory({ ...LOOPBACK, now: clock.now, genesisEd25519SecretKey: key.secretKeyHex, ...extra });
  const worker = await register(d.api, registerBody('http://127.0.0.1:9', { node_id: 'worker-1' }));
  const ticket = (
    body: unknown = {},
    headers: Record<string, string> = { 'x-node-id': worker.nodeId },
    token = worker.token,
  ) => d.api('POST', '/v1/relay/ticket', { token, body, headers });
  return { ...d, key, clock, worker, ticket };
}

describe('GET /v1/directory-key (ConsumerTokenController::publicKey)', () => {
  it('publishes the public half of the genesis key, unauthenticated', async () => {
    const { api, key } = await keyedDirectory();
    const res = await api('GET', '/v1/directory-key');
    expect([res.status, res.json]).toEqual([200, { public_key: key.publicKeyHex, algorithm: 'ed25519' }]);
  });

  it('is 503 not_configured without a key, as production without IICP_GENESIS_ED25519_SECRET_KEY', async () => {
    const { api } = await directory(LOOPBACK);
    const res = await api('GET', '/v1/directory-key');
    expect([res.status, res.json]).toEqual([
      503,
      { error: { code: 'not_configured', message: 'Consumer token signing key not configured on this directory.' } },
    ]);
  });

  it('treats a key that is not 128 characters as absent, like PHP secretKey()', async () => {
    const { api } = await directory({ ...LOOPBACK, genesisEd25519SecretKey: 'ab'.repeat(32) });
    expect((await api('GET', '/v1/directory-key')).status).toBe(503);
  });
});

describe('POST /v1/relay/ticket (RelayTicketController + RelayBindTicketService)', () => {
  it('issues 201 {ticket, expires_at, worker_node_id, relay_node_id, algorithm} for the authenticated worker', async () => {
    const { ticket, key, clock, dir } = await keyedDirectory();
    const res = await ticket({ relay_node_id: 'relay-node' });
    expect(res.status).toBe(201);
    const iat = Math.floor(clock.now() / 1000);
    expect(res.json).toEqual({
      ticket: expect.stringMatching(/^[A-Za-z0-9_-]+\.[0-9a-f]{128}$/),
      expires_at: iat + RELAY_TICKET_TTL_S,
      worker_node_id: 'worker-1',
      relay_node_id: 'relay-node',
      algorithm: 'ed25519',
    });
    const opened = openTicket(dig<string>(res.json, 'ticket'), key.publicKeyHex);
    expect(opened.valid).toBe(true);
    // Exactly PHP's json_encode output: member order, no jti, iss = app.url.
    expect(opened.payloadJson).toBe(
      JSON.stringify({
        v: 1,
        typ: 'relay-bind-ticket',
        iss: `http://127.0.0.1:${dir.port}`,
        sub: 'worker-1',
        aud: 'relay-node',
        iat,
        exp: iat + 120,
      }),
    );
  });

  it('addresses the ticket to any relay (`*`) when relay_node_id is absent, null or empty', async () => {
    const { ticket, key } = await keyedDirectory();
    for (const body of [{}, { relay_node_id: null }, { relay_node_id: '' }]) {
      const res = await ticket(body);
      expect(dig(res.json, 'relay_node_id')).toBe('*');
      expect(JSON.parse(openTicket(dig<string>(res.json, 'ticket'), key.publicKeyHex).payloadJson)).toMatchObject({
        aud: '*',
      });
    }
  });

  it('validates relay_node_id as string|max:64 (422)', async () => {
    const { ticket } = await keyedDirectory();
    expect(dig((await ticket({ relay_node_id: 'r'.repeat(65) })).json, 'error.fields')).toEqual({
      relay_node_id: ['The relay node id field must not be greater than 64 characters.'],
    });
    expect((await ticket({ relay_node_id: 12 })).status).toBe(422);
    expect((await ticket({ relay_node_id: 'r'.repeat(64) })).status).toBe(201);
  });

  it('authenticates like NodeTokenAuth: X-Node-Id, ?node_id= or the registration JWT', async () => {
    const { ticket, api, worker } = await keyedDirectory();
    expect((await ticket({}, {})).json).toEqual({
      error: { code: 'unauthorized', message: 'node_id required for token auth' },
    });
    expect((await api('POST', '/v1/relay/ticket', { body: {} })).json).toEqual({
      error: { code: 'unauthorized', message: 'Missing Authorization header' },
    });
    expect((await ticket({}, { 'x-node-id': worker.nodeId }, 'wrong')).json).toEqual({
      error: { code: 'unauthorized', message: 'Invalid credentials' },
    });
    expect(
      (await api('POST', `/v1/relay/ticket?node_id=${worker.nodeId}`, { token: worker.token, body: {} })).status,
    ).toBe(201);
    const jwt = dig<string>(worker.response, 'jwt_token');
    expect((await ticket({}, {}, jwt)).status).toBe(201);
  });

  it('is 503 not_configured without a key — after auth and validation, in PHP order', async () => {
    const { api } = await directory(LOOPBACK);
    const worker = await register(api, registerBody('http://127.0.0.1:9'));
    const post = (body: unknown, token = worker.token) =>
      api('POST', '/v1/relay/ticket', { token, body, headers: { 'x-node-id': worker.nodeId } });
    expect((await post({}, 'wrong')).status).toBe(401);
    expect((await post({ relay_node_id: 'r'.repeat(65) })).status).toBe(422);
    const res = await post({});
    expect([res.status, res.json]).toEqual([
      503,
      { error: { code: 'not_configured', message: 'Relay bind ticket signing key not configured on this directory.' } },
    ]);
  });

  it('throttles at 20 per minute per bearer token (throttle:consumer-token)', async () => {
    const { ticket, clock } = await keyedDirectory();
    for (let i = 0; i < 20; i++) expect((await ticket()).status).toBe(201);
    const limited = await ticket();
    expect([limited.status, limited.json]).toEqual([
      429,
      { error: { code: 'rate_limited', message: 'Too Many Attempts.' } },
    ]);
    expect(limited.headers.get('retry-after')).toBe('60');
    clock.advance(60_000);
    expect((await ticket()).status).toBe(201);
  });

  it('logs every request in state.relayTickets, and can be faulted as route "relay"', async () => {
    const { ticket, dir } = await keyedDirectory();
    await ticket({ relay_node_id: 'r1' });
    dir.fail({ status: 500, body: { error: 'boom' }, routes: ['relay'], times: 1 });
    expect((await ticket()).status).toBe(500);
    expect((await ticket()).status).toBe(201);
    expect(dir.state.relayTickets.map((t) => [t.nodeId, t.status, t.injected ?? false])).toEqual([
      ['worker-1', 201, false],
      [null, 500, true],
      ['worker-1', 201, false],
    ]);
  });
});
