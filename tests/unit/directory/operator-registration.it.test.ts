/**
 * The operator identity on the wire: every REGISTER carries a delegation signed for it (a fresh hour each time, by
 * the injected clock), the display name, creation time and integrity hash; the directory's refusals about the
 * operator (IICP-E051, IICP-E063) are said in plain words with what to do; an accepted REGISTER is confirmed from
 * the node's public page (`operator_verified`).
 */
import { inEnglish } from '../../support/said-english';
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OPERATOR_NAME_TAKEN, OPERATOR_REVOKED } from '../../support/operator-english';
import { describeFailure, operatorRefusal, parseDirectoryFailure } from '@engine/directory/errors';
import { OperatorIdentity } from '@engine/identity/operator-identity';
import { operatorIntegrityHash } from '@engine/identity/operator-key';
import { MemorySecretStore } from '@engine/identity/secret-store';
import {
  asRecord,
  eventually,
  registered,
  SCRIPTED_BASE,
  ScriptedDirectory,
  startLink,
  testDirectory,
  type ScriptedAnswer,
  type SentRequest,
} from './harness';

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const verifies = (del: Record<string, unknown>): boolean => {
  const bytes = Buffer.from(
    `{"node_id":${JSON.stringify(del.node_id)},"not_after":${String(del.not_after)},"operator_pub":${JSON.stringify(del.operator_pub)}}`,
  );
  const key = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(String(del.operator_pub), 'base64')]),
    format: 'der',
    type: 'spki',
  });
  return verify(null, bytes, key, Buffer.from(String(del.sig), 'base64'));
};

function identity(name = 'Ada') {
  const secrets = new MemorySecretStore();
  const op = new OperatorIdentity({
    secrets: () => secrets,
    log: () => undefined,
    identityChanged: () => undefined,
    stateChanged: () => undefined,
  });
  op.create(name);
  return op;
}

/** A scripted directory whose node page says `operator_verified`, and whose REGISTER answers `register`. */
function scripted(verified: unknown = true, register?: (req: SentRequest, n: number) => ScriptedAnswer) {
  const dir = new ScriptedDirectory();
  dir.register = (req, n) => {
    if (req.method === 'GET')
      return verified === 'fail'
        ? { status: 500, json: { error: { code: 'server_error', message: 'x' } } }
        : { status: 200, json: { node_id: 'x', operator_verified: verified } };
    return register ? register(req, n) : registered(req, `token-${n}`);
  };
  return dir;
}

const e051 = {
  status: 422,
  json: {
    error: {
      code: 'validation_error',
      message: 'Input validation failed',
      fields: {
        operator_display_name: ['operator_display_name is already claimed by another verified operator (IICP-E051)'],
      },
    },
  },
};
const e063 = {
  status: 422,
  json: {
    error: {
      code: 'validation_error',
      message: 'Input validation failed',
      fields: {
        operator_delegation: [
          'operator identity is rotated or revoked and cannot make new delegation claims (IICP-E063)',
        ],
      },
    },
  },
};

describe('a REGISTER with an operator identity', () => {
  it('carries a delegation signed afresh for each REGISTER, one hour after the clock, with name, time and hash', async () => {
    const op = identity();
    const info = op.info();
    const dir = scripted();
    let now = Date.parse('2026-05-01T10:00:00.000Z');
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, operator: op.linkHooks, now: () => now });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    const first = dir.registrations()[0]!.body!;
    expect(first).toMatchObject({
      operator_display_name: 'Ada',
      operator_created_at: info.createdAt,
      operator_integrity_hash: operatorIntegrityHash(info.publicKey!, info.createdAt!),
      operator_delegation: {
        node_id: h.nodeId,
        operator_pub: info.publicKey,
        not_after: Date.parse('2026-05-01T11:00:00.000Z') / 1000,
      },
    });
    expect(verifies(asRecord(first.operator_delegation))).toBe(true);
    // Hours later a re-registration signs a new one: never the one from the start.
    now += 5 * 3600_000;
    h.link.requestReregister('models changed');
    await eventually(() => expect(dir.registrations()).toHaveLength(2));
    const second = asRecord(dir.registrations()[1]!.body!.operator_delegation);
    expect(second.not_after).toBe(Date.parse('2026-05-01T16:00:00.000Z') / 1000);
    expect(second.sig).not.toBe(asRecord(first.operator_delegation).sig);
    expect(verifies(second)).toBe(true);
  });

  it('is confirmed from the node page: bound, unverified, or unknown when the page cannot be read', async () => {
    for (const [verified, state] of [
      [true, 'bound'],
      [false, 'unverified'],
      ['fail', 'unknown'],
    ] as const) {
      const op = identity();
      const dir = scripted(verified);
      const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, operator: op.linkHooks });
      await eventually(() =>
        expect(dir.sent.some((r) => r.method === 'GET' && r.route === `/v1/node/${h.nodeId}`)).toBe(true),
      );
      await eventually(() => expect(op.info().directory).toBe(state));
      expect(h.link.status.link).toBe('registered');
      await h.stop();
    }
  });

  it('E051: the link and the identity say another operator holds the name, and what to do', async () => {
    const op = identity();
    const dir = scripted(true, () => e051);
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, operator: op.linkHooks });
    await eventually(() => expect(h.link.status.link).toBe('rejected'));
    expect(inEnglish(h.link.status.message)).toBe(OPERATOR_NAME_TAKEN);
    expect(op.info().directory).toBe('name_taken');
    expect(inEnglish(op.info().problem)).toBe(OPERATOR_NAME_TAKEN);
    expect(h.events('register_fail')[0]!.details).toContain('IICP-E051');
  });

  it('E063: the identity was rotated or revoked at the directory', async () => {
    const op = identity();
    const dir = scripted(true, () => e063);
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, operator: op.linkHooks });
    await eventually(() => expect(h.link.status.link).toBe('rejected'));
    expect(inEnglish(h.link.status.message)).toBe(OPERATOR_REVOKED);
    expect(op.info().directory).toBe('revoked');
    expect(inEnglish(op.info().problem)).toBe(OPERATOR_REVOKED);
  });

  it('a renamed identity registers again at once, with the new name', async () => {
    const op = identity();
    const dir = scripted(true, (req, n) =>
      req.body?.operator_display_name === 'Ada' ? e051 : registered(req, `token-${n}`),
    );
    const h = startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      operator: op.linkHooks,
      backoffBaseMs: 60_000,
      startupRetryDelaysMs: [],
    });
    await eventually(() => expect(op.info().directory).toBe('name_taken'));
    op.rename('Ada Lovelace');
    h.link.operatorChanged();
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    expect(dir.registrations().at(-1)!.body!.operator_display_name).toBe('Ada Lovelace');
    await eventually(() => expect(op.info().directory).toBe('bound'));
  });

  it('without an identity the REGISTER has no operator fields and the node page is not read', async () => {
    const dir = scripted();
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    const body = dir.registrations()[0]!.body!;
    for (const k of ['operator_delegation', 'operator_display_name', 'operator_created_at', 'operator_integrity_hash'])
      expect(body).not.toHaveProperty(k);
    expect(dir.sent.filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('passes the test directory’s validation and verifies there (operator_verified on the node page)', async () => {
    const directory = await testDirectory();
    const op = identity();
    const h = startLink({ baseUrl: directory.url, operator: op.linkHooks });
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    await eventually(() => expect(op.info().directory).toBe('bound'));
    expect(directory.state.nodes[h.nodeId]!.operatorVerified).toBe(true);
    expect(directory.state.nodes[h.nodeId]!.operatorPubkey).toBe(op.info().publicKey);
  });
});

describe('reading the directory’s refusals about the operator', () => {
  it('recognises E051 and E063 in the API shape and in Laravel’s own validation shape', () => {
    const api = parseDirectoryFailure(422, e051.json);
    expect(operatorRefusal(api)).toBe('name_taken');
    expect(describeFailure(api)).toBe(OPERATOR_NAME_TAKEN);
    const laravel = parseDirectoryFailure(422, {
      message: 'operator identity is rotated or revoked (IICP-E063)',
      errors: {
        operator_delegation: [
          'operator identity is rotated or revoked and cannot make new delegation claims (IICP-E063)',
        ],
      },
    });
    expect(laravel).toMatchObject({
      code: 'validation_error',
      fields: { operator_delegation: [expect.stringContaining('IICP-E063')] },
    });
    expect(operatorRefusal(laravel)).toBe('revoked');
    expect(describeFailure(laravel)).toBe(OPERATOR_REVOKED);
  });

  it('leaves other refusals alone', () => {
    expect(
      operatorRefusal(
        parseDirectoryFailure(422, {
          error: { code: 'validation_error', message: 'x', fields: { endpoint: ['IICP-E036: unreachable'] } },
        }),
      ),
    ).toBeNull();
    expect(
      operatorRefusal(parseDirectoryFailure(500, { error: { code: 'server_error', message: 'IICP-E051' } })),
    ).toBeNull();
    // A bare `message` without `errors` is not a validation answer (a 429's "Too Many Attempts.").
    expect(parseDirectoryFailure(429, { message: 'Too Many Attempts.' }).code).toBe('http_429');
  });
});
