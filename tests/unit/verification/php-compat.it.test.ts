/**
 * The engine's reading of the signed event log against the real thing: PHP's own json_encode and libsodium (Debian's
 * php-cli, which CI installs), run on the same values. A script written here signs events the way the production
 * directory's event logger does; the engine must reproduce its canonical JSON byte for byte and verify its signatures.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { php } from '../../support/php';
import { canonicalJson } from '../../../src-main/engine/identity/canonical-json';
import { didDocumentKey } from '../../../src-main/engine/verification/did-key';
import {
  ed25519Key,
  GENESIS_PREV_HASH,
  nextPrevHash,
  readEvent,
  signedDigest,
  verifiesWith,
} from '../../../src-main/engine/verification/signed-event';

// The directory's canonical form: keys sorted at every level, PHP's json_encode flags.
const CANONICAL = `
function canon($d) { ksort($d); foreach ($d as &$v) { if (is_array($v)) { $v = json_decode(canon($v), true); } } return json_encode($d, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES); }
`;

const SAMPLES = String.raw`[
  {"amount":0.006,"task_id":"t-1","tokens_used":6,"new_balance":5.006,"trust_weight":0.5,"spent":0},
  {"z":1.0,"a":1e-5,"m":0.30000000000000004,"b":-0.00001,"c":1.5e300,"d":123.456,"e":1.0e+16,"f":2.0e+17,"g":0.0001,"h":1234567.125,"i":-7,"j":9007199254740991},
  {"s":"a/b é ü 中文 \u2028 \u2029 \u0001 \u001f \" \\ \t\n\r\b\f \u007f","emoji":"😀","k":null,"t":true,"f":false},
  {"nested":{"b":{"y":2,"x":1},"a":[3,2,{"q":1,"p":0.1}]},"empty":{},"list":[],"numkeys":{"0":"a","1":"b"}},
  {"querying_node_id":null,"cip_parent_task_id":null,"response_hash":"${'ab'.repeat(32)}","attribution":"legacy_unattributed"}
]`;

describe('canonical JSON, compared with PHP', () => {
  it('matches json_encode of ksorted payloads byte for byte', () => {
    const out = php(
      `${CANONICAL} foreach (json_decode(stream_get_contents(STDIN), true) as $p) { echo canon($p), "\\n"; }`,
      SAMPLES,
    );
    const theirs = out.trimEnd().split('\n');
    const ours = (JSON.parse(SAMPLES) as unknown[]).map((p) => canonicalJson(p));
    expect(ours).toEqual(theirs);
  });
});

describe('events signed by PHP and libsodium', () => {
  it('verify, chain from the genesis root, and fail when anything signed changes', () => {
    // Events as the production logger makes them: raw SHA-256 of the joined fields signed, prev_hash from the last sig.
    const script = `${CANONICAL}
      $kp = sodium_crypto_sign_seed_keypair(str_repeat("\\x07", 32)); $sk = sodium_crypto_sign_secretkey($kp);
      $x = rtrim(strtr(base64_encode(sodium_crypto_sign_publickey($kp)), '+/', '-_'), '=');
      $prevSig = null; $events = [];
      foreach (json_decode(stream_get_contents(STDIN), true) as $i => $p) {
        $prev = $prevSig === null ? hash('sha256', 'iicp:dir:event-log:genesis:v1') : hash('sha256', $prevSig);
        $seq = $i + 1; $id = sprintf('00000000-0000-4000-8000-%012d', $seq); $ts = 1764000000000 + $seq; $svc = $i === 2 ? 'iicp-dir.eu' : null;
        $fields = [$id, 'CREDIT_AWARD', (string) $seq, (string) $ts, hash('sha256', canon($p)), $prev];
        if ($svc !== null) { array_unshift($fields, 'iicp-event-v2', $svc); }
        $sig = bin2hex(sodium_crypto_sign_detached(hash('sha256', implode(':', $fields), true), $sk));
        $events[] = ['event_id' => $id, 'event_type' => 'CREDIT_AWARD', 'service_id' => $svc, 'seq' => $seq, 'ts_ms' => $ts, 'node_id' => 'n-1', 'payload' => $p, 'prev_hash' => $prev, 'sig' => $sig];
        $prevSig = $sig;
      }
      echo json_encode(['x' => $x, 'events' => $events]);`;
    const answer = JSON.parse(php(script, SAMPLES)) as { x: string; events: unknown[] };
    const found = didDocumentKey({
      verificationMethod: [{ publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: answer.x } }],
    });
    if ('problem' in found) throw new Error(found.problem);
    const key = ed25519Key(found.raw);
    let lastSig: string | null = null;
    for (const raw of answer.events) {
      const e = readEvent(raw);
      if (typeof e === 'string') throw new Error(`event refused: ${e}`);
      expect(e.prevHash).toBe(lastSig === null ? GENESIS_PREV_HASH : nextPrevHash(lastSig));
      expect(verifiesWith(e, signedDigest(e), key)).toBe(true);
      // Anything signed changed (the amount, the service id) makes the signature fail.
      const changed = { ...e, payload: { ...(e.payload as Record<string, unknown>), amount: 0.007 } };
      expect(verifiesWith(changed, signedDigest(changed), key)).toBe(false);
      expect(
        verifiesWith(
          { ...e, serviceId: e.serviceId ? null : 'other' },
          signedDigest({ ...e, serviceId: e.serviceId ? null : 'other' }),
          key,
        ),
      ).toBe(false);
      lastSig = e.sig;
    }
    expect(GENESIS_PREV_HASH).toBe(createHash('sha256').update('iicp:dir:event-log:genesis:v1').digest('hex'));
  });
});
