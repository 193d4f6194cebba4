/**
 * The key rotation request the node signs, checked by the real thing: PHP's `OperatorSelfServiceController`
 * code for `canonicalBytes` and its two `sodium_crypto_sign_verify_detached` checks, run with Debian's php-cli (CI
 * installs it). The bytes must match PHP's byte for byte, the current key's signature must verify over the request,
 * and the new key's over the successor proof; the test directory's stand-in builds the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { php } from '../../support/php';
import { selfServiceBytes } from '@engine/directory/operator-rotation';
import { generateOperatorKey } from '@engine/identity/operator-key';
import { selfServiceBytes as standInBytes } from '../../support/directory/operator-self-service';

// PHP's canonicalBytes, as written in the production controller.
const CANONICAL = `
function canonicalBytes($action, $fields) { unset($fields['_operator'], $fields['sig'], $fields['new_key_sig']); $payload = ['action' => $action, ...$fields]; ksort($payload);
  return "iicp:operator:self-service:v1\\n".json_encode($payload, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR); }
`;

describe('the key rotation request, checked by PHP', () => {
  it('has the bytes PHP signs over, and both signatures verify with libsodium', () => {
    // Keys in standard base64 may hold "/", which PHP writes unescaped only with the flag: take keys that do.
    const withSlash = () => {
      for (;;) {
        const k = generateOperatorKey();
        if (k.publicKey.includes('/')) return k;
      }
    };
    const current = withSlash();
    const next = withSlash();
    const signed = {
      new_operator_pub: next.publicKey,
      nonce: 'Zm9vYmFyYmF6cXV4LV9hYmNkZWZnaGlq',
      operator_pub: current.publicKey,
      ts: 1_764_000_000,
    };
    const request = selfServiceBytes('key_rotate', signed);
    const proof = selfServiceBytes('key_rotate_successor', { ...signed, rotation_epoch: null });
    const body = {
      ...signed,
      sig: current.sign(request).toString('base64'),
      new_key_sig: next.sign(proof).toString('base64'),
    };
    const out = php(
      `${CANONICAL}
      $v = json_decode(stream_get_contents(STDIN), true);
      $request = canonicalBytes('key_rotate', $v);
      $proof = canonicalBytes('key_rotate_successor', ['operator_pub' => $v['operator_pub'], 'new_operator_pub' => $v['new_operator_pub'], 'nonce' => $v['nonce'], 'ts' => $v['ts'], 'rotation_epoch' => $v['rotation_epoch'] ?? null]);
      echo json_encode([
        'request' => base64_encode($request), 'proof' => base64_encode($proof),
        'sig' => sodium_crypto_sign_verify_detached(base64_decode($v['sig'], true), $request, base64_decode($v['operator_pub'], true)),
        'new_key_sig' => sodium_crypto_sign_verify_detached(base64_decode($v['new_key_sig'], true), $proof, base64_decode($v['new_operator_pub'], true)),
      ]);`,
      JSON.stringify(body),
    );
    const theirs = JSON.parse(out) as { request: string; proof: string; sig: boolean; new_key_sig: boolean };
    expect(Buffer.from(theirs.request, 'base64').toString('utf8')).toBe(request.toString('utf8'));
    expect(Buffer.from(theirs.proof, 'base64').toString('utf8')).toBe(proof.toString('utf8'));
    expect(theirs).toMatchObject({ sig: true, new_key_sig: true });
    expect(request.toString('utf8')).toMatch(
      /^iicp:operator:self-service:v1\n\{"action":"key_rotate","new_operator_pub":/,
    );
    expect(standInBytes('key_rotate', body)).toBe(request.toString('utf8'));
    expect(standInBytes('key_rotate_successor', { ...signed, rotation_epoch: null })).toBe(proof.toString('utf8'));
  });
});
