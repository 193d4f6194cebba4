/** The one test of which nodes are the person's own, shared by the gateway and the demand card. */
import { describe, expect, it } from 'vitest';
import { generateOperatorKey, operatorFingerprint } from '@engine/identity/operator-key';
import { isOwnNode, operatorFingerprintOf } from '@engine/identity/own-nodes';
import type { OperatorRegistration } from '@engine/identity/operator-delegation';

const mine = new Set(['desk', 'attic']);

describe('isOwnNode', () => {
  it('counts a node on the machine list, whoever it is listed under', () => {
    expect(isOwnNode({ nodeId: 'desk', operator: null }, mine, null)).toBe(true);
    expect(isOwnNode({ nodeId: 'attic', operator: 'someone-else' }, mine, 'fp-mine')).toBe(true);
  });

  it('counts a node listed under the person’s fingerprint, and no other', () => {
    expect(isOwnNode({ nodeId: 'cellar', operator: 'fp-mine' }, mine, 'fp-mine')).toBe(true);
    expect(isOwnNode({ nodeId: 'far', operator: 'fp-theirs' }, mine, 'fp-mine')).toBe(false);
  });

  it('never takes a node listed under no operator for the person’s while the person has no identity', () => {
    expect(isOwnNode({ nodeId: 'far', operator: null }, mine, null)).toBe(false);
  });
});

describe('operatorFingerprintOf', () => {
  it('is the fingerprint of the key a registration carries, and null without an identity', () => {
    const key = generateOperatorKey();
    const registration = { publicKey: key.publicKey } as OperatorRegistration;
    expect(operatorFingerprintOf({ registration: () => registration })).toBe(operatorFingerprint(key.publicKey));
    expect(operatorFingerprintOf({ registration: () => null })).toBeNull();
    expect(operatorFingerprintOf(undefined)).toBeNull();
  });
});
