/**
 * Byte-for-byte equality of the stand-in's event signing and delegation bytes with real PHP (see php-oracle.ts).
 * If these fail, the stand-in signs something production would not, and every verification test built on it lies.
 */
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prevHashOf, sha256Hex, signEvent, signingInput } from '../../../support/directory/event-log';
import { loadGenesisKey } from '../../../support/directory/genesis-key';
import { delegationBytes, strictBase64, verifyDelegation } from '../../../support/directory/operator-identity';
import { canonicalJson, phpDouble } from '../../../support/directory/php-json';
import type { EventPayload } from '../../../support/directory/types';
import { call, directory, dig, LOOPBACK } from './helpers';
import { php, phpLiteral } from './php-oracle';

const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** libsodium's 64-byte secret key (seed ‖ public key) for a fixed seed. */
function secretKeyHex(seedHex: string): string {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_SEED_PREFIX, Buffer.from(seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  const pub = (createPublicKey(key).export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32);
  return seedHex + pub.toString('hex');
}

const SEED = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1)).toString('hex');
const SECRET = secretKeyHex(SEED);

interface Case {
  payload: EventPayload;
  /** PHP input when it must differ from the JS value's mapping (a float written `1.0`). */
  phpJson?: string;
  serviceId?: string;
  type?: string;
  /** Left out of the wire round trip: a top-level -0.0 comes back as int 0 and no longer verifies (production too). */
  signedOnly?: boolean;
}

const CASES: Case[] = [
  {
    payload: {
      amount: 0.006,
      whole: 1,
      tiny: 1e-5,
      sum: 0.1 + 0.2,
      big: 1e17,
      dec: 123.456,
      neg: -0.5,
      e16: 1e16,
      huge: 1.5e300,
    },
    phpJson:
      '{"amount":0.006,"whole":1.0,"tiny":1e-5,"sum":0.30000000000000004,"big":1e17,"dec":123.456,"neg":-0.5,"e16":1e16,"huge":1.5e300}',
  },
  {
    payload: {
      min: 5e-324,
      small: 0.0001,
      smaller: 0.00001,
      negtiny: -1.25e-7,
      hundred: 100,
      neg_int: -42,
      frac: 2.5e-3,
    },
  },
  {
    payload: {
      max: 9223372036854775807n,
      min: -9223372036854775808n,
      past53: 9007199254740993n,
      zero: 0,
      nul: null,
      t: true,
      f: false,
    },
  },
  {
    payload: {
      z: { y: 1, x: [3, { b: 2, a: 1 }] },
      a: {},
      m: [],
      n: [{}],
      deep: { c: { b: { a: {} } } },
      list: ['b', 'a'],
    },
  },
  {
    payload: {
      s: 'héllo wörld ✓ 😀',
      slash: 'a/b\\c"d',
      ls: 'x\u2028y\u2029z',
      ctl: '\b\f\n\r\t\u0000\u0001\u001f\u007f',
      keys: { é: 1, e: 2, Z: 3, '😀': 4, '\u2028': 5, 'a/b': 6 },
    },
  },
  {
    payload: {
      10: 'a',
      9: 'b',
      a: 'c',
      '1e1': 'd',
      '-1': 'e',
      ' 5': 'f',
      '05': 'g',
      '1.5': 'h',
      b: { 1: 'x', 0: 'y' },
    },
  },
  { payload: { top: -0, nested: { z: -0 }, list: [-0] }, signedOnly: true },
  { payload: {} },
  { payload: [1, 'two', { b: 1, a: 2 }] },
  {
    type: 'CREDIT_AWARD',
    payload: {
      task_id: 'task-1',
      tokens_used: 1200,
      amount: 1.2,
      new_balance: 6.2,
      response_hash: 'a'.repeat(64),
      cip_parent_task_id: null,
      cip_session_key: null,
      querying_node_id: null,
      attribution: 'legacy_unattributed',
      trust_weight: 0,
      spent: 0,
    },
  },
  {
    type: 'REGISTER',
    payload: {
      endpoint: 'https://node.example/x?y=1',
      region: 'eu-central',
      pricing: { credit_cost_multiplier: 0.15 },
    },
  },
  { type: 'HEALTH', serviceId: 'mesh-health.v1', payload: { score: 87.5, node: 'n/1' } },
];

const FIXED = CASES.map((c, i) => ({
  event_id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  event_type: c.type ?? 'REPUTATION_UPDATE',
  seq: i + 1,
  ts_ms: 1_787_400_000_000 + i * 1001,
  service_id: c.serviceId ?? null,
}));

interface PhpChain {
  events: { canonical_hex: string; payload_hash: string; prev_hash: string; input: string; sig: string }[];
  did_x: string;
}

describe('event signing equals PHP NodeEventLogger byte for byte', () => {
  it('canonical JSON, payload hash, prev_hash chain, signing input and signature', async () => {
    const answer = await php<PhpChain>('chain', {
      secret_key_hex: SECRET,
      events: CASES.map((c, i) => ({ ...FIXED[i], payload_json: c.phpJson ?? phpLiteral(c.payload) })),
    });
    const key = loadGenesisKey(SECRET)!;
    let prevSig: string | null = null;
    const ours = CASES.map((c, i) => {
      const canonical = canonicalJson(c.payload);
      const event = { ...FIXED[i]!, payload: c.payload, prev_hash: prevHashOf(prevSig) };
      const sig = signEvent(key, event)!;
      prevSig = sig;
      return {
        canonical_hex: Buffer.from(canonical, 'utf8').toString('hex'),
        payload_hash: sha256Hex(canonical),
        prev_hash: event.prev_hash,
        input: signingInput(event),
        sig,
      };
    });
    for (const [i, mine] of ours.entries()) {
      const theirs = answer.events[i]!;
      // Compare as text first: a mismatch then shows the two canonical forms side by side.
      expect(Buffer.from(mine.canonical_hex, 'hex').toString('utf8'), `case ${i}`).toBe(
        Buffer.from(theirs.canonical_hex, 'hex').toString('utf8'),
      );
      expect(mine, `case ${i}`).toEqual(theirs);
    }
    expect(answer.events[0]!.prev_hash).toBe('c44802bedf3e63b5a3f1634c5d19263634f92f26dd15401b09b06dd53a80cf9d');
    expect(answer.events[11]!.input.startsWith('iicp-event-v2:mesh-health.v1:')).toBe(true);
  });

  it('formats doubles like json_encode with serialize_precision -1', async () => {
    let state = 0x2545f491;
    const next = (): number => {
      // xorshift32: reproducible bit patterns across runs.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    const values: number[] = [
      0.1,
      1 / 3,
      2 / 3,
      1e21,
      1e22,
      123456789012345680,
      9007199254740992,
      0.000123,
      1e-4,
      9.999e-5,
      1e-300,
    ];
    const buf = Buffer.alloc(8);
    while (values.length < 4000) {
      buf.writeUInt32LE(next(), 0);
      buf.writeUInt32LE(next(), 4);
      const x = buf.readDoubleLE(0);
      if (Number.isFinite(x)) values.push(x);
      values.push(Math.round((next() / 2 ** 32) * 10 ** (next() % 12)) / 10 ** (next() % 9));
    }
    const hex = values.map((x) => {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(x, 0);
      return b.toString('hex');
    });
    const theirs = await php<string[]>('doubles', hex);
    const mismatches = values.map((x, i) => [x, phpDouble(x), theirs[i]]).filter(([, a, b]) => a !== b);
    expect(mismatches).toEqual([]);
  });

  it('events served by the stand-in verify in PHP from the wire (as a replica reads them), and did.json carries the key', async () => {
    const { dir } = await directory({ ...LOOPBACK, genesisEd25519SecretKey: SECRET });
    for (const c of CASES.filter((x) => !x.signedOnly)) {
      dir.events.append({
        type: c.type ?? 'REPUTATION_UPDATE',
        nodeId: 'n-1',
        payload: c.payload,
        serviceId: c.serviceId,
      });
    }
    const page = await call(`${dir.url}/v1/events?limit=1000`, 'GET');
    expect(page.status).toBe(200);
    const verdicts = await php<{ seq: number; canonical_hex: string; verifies: boolean }[]>('wire', {
      body: page.text,
      public_key_hex: SECRET.slice(64),
    });
    expect(verdicts.map((v) => v.verifies)).toEqual(dir.events.list.map(() => true));
    expect(verdicts.map((v) => Buffer.from(v.canonical_hex, 'hex').toString('utf8'))).toEqual(
      dir.events.list.map((e) => canonicalJson(e.payload)),
    );

    const chain = await php<PhpChain>('chain', { secret_key_hex: SECRET, events: [] });
    const did = await call(`http://127.0.0.1:${dir.port}/.well-known/did.json`, 'GET');
    expect(dig(did.json, 'verificationMethod.0.publicKeyJwk.x')).toBe(chain.did_x);
  });
});

describe('operator delegation equals PHP OperatorDelegationVerifier', () => {
  it('canonical bytes, a PHP-signed token verifies here and a token signed here verifies in PHP', async () => {
    const cases = [
      { node_id: 'node-1', operator_pub: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=', not_after: 1_787_400_000 },
      { node_id: 'nöde/1 "x"', operator_pub: 'a+b/c==', not_after: 1 },
      { node_id: 'line\u2028sep\ttab\u0001', operator_pub: 'é😀', not_after: 9_999_999_999 },
    ];
    const opSeed = Buffer.alloc(32, 7).toString('hex');
    const opSecret = secretKeyHex(opSeed);
    const opPub = Buffer.from(opSecret.slice(64), 'hex').toString('base64');
    const notAfter = 4_102_444_800;
    const message = delegationBytes('node-js', opPub, notAfter);
    const privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_SEED_PREFIX, Buffer.from(opSeed, 'hex')]),
      format: 'der',
      type: 'pkcs8',
    });
    const jsSig = sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64');
    const answer = await php<{ bytes_hex: string[]; token: Record<string, unknown>; js_token_verifies: boolean }>(
      'delegation',
      {
        cases,
        seed_hex: opSeed,
        sign: { node_id: 'node-php', not_after: notAfter },
        verify: { node_id: 'node-js', not_after: notAfter, operator_pub: opPub, sig: jsSig },
      },
    );
    expect(
      cases.map((c) => Buffer.from(delegationBytes(c.node_id, c.operator_pub, c.not_after), 'utf8').toString('hex')),
    ).toEqual(answer.bytes_hex);
    expect(verifyDelegation(answer.token, 'node-php', 1_787_400_000)).toBe('ok');
    expect(answer.js_token_verifies).toBe(true);
  });

  it('decodes base64 as strictly as base64_decode($s, true)', async () => {
    const inputs = [
      'AAAA',
      'AA==',
      'AA',
      'A',
      'AAA=',
      'AA=A',
      'AA=',
      'AA= ',
      ' AA AA',
      'AA\nAA',
      'AA\tAA\r',
      'A-_A',
      'AB==',
      'AAAAA',
      'AAAA====',
      '=AAAA',
      '',
      'q83v+/8=',
      'q83v-_8',
    ];
    const theirs = await php<(string | null)[]>('base64', inputs);
    expect(inputs.map((s) => strictBase64(s)?.toString('hex') ?? null)).toEqual(theirs);
  });
});
