/**
 * The directory's key from its DID document: 43 characters of base64url are 32 bytes, but a key only when they are a
 * point of the curve that someone can hold the secret of. Anything else is refused before the node trusts it or
 * offers it to the person as "the directory's new key".
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { Store } from '@engine/store';
import { didDocumentKey, isEd25519PublicKey, keyFingerprint } from '@engine/verification/did-key';
import { SignedLogState } from '@engine/verification/signed-log-state';
import { tempDir } from '../../support/tmp';

/** A DID document as the production directory publishes it, with `x` as its first Ed25519 key. */
const didDocument = (x: string) => ({
  id: 'did:web:iicp.network',
  verificationMethod: [
    {
      id: 'did:web:iicp.network#genesis',
      type: 'JsonWebKey2020',
      controller: 'did:web:iicp.network',
      publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x },
    },
  ],
});

const realKey = (): string => generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
const fromHex = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');

/** 32 bytes whose y has no x on the curve: 43 characters of base64url, and no key. */
const NOT_ON_CURVE = fromHex('0200000000000000000000000000000000000000000000000000000000000000');
/** The eight points of small order (libsodium's list): a "signature" by them needs no secret. */
const SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
].map(fromHex);
/** The identity written with y = p + 1: not the canonical encoding of any point. */
const NON_CANONICAL = fromHex('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');

describe('the directory’s key in its DID document', () => {
  it('takes a real Ed25519 public key', () => {
    const x = realKey();
    const found = didDocumentKey(didDocument(x));
    expect(found).toEqual({ raw: Buffer.from(x, 'base64url') });
    expect(isEd25519PublicKey(Buffer.from(x, 'base64url'))).toBe(true);
  });

  it('refuses 43 characters of base64url that are not a point of the curve', () => {
    expect(NOT_ON_CURVE).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(didDocumentKey(didDocument(NOT_ON_CURVE))).toEqual({
      problem: expect.stringMatching(/not a usable Ed25519 public key/),
    });
  });

  it.each(SMALL_ORDER.map((x, i) => [i, x]))('refuses small-order point %i', (_i, x) => {
    expect(didDocumentKey(didDocument(x))).toHaveProperty('problem');
  });

  it('refuses a point outside the group every real key lies in (a real key plus a small-order point)', () => {
    const real = ed25519.Point.fromBytes(Buffer.from(realKey(), 'base64url'));
    const mixed = real.add(ed25519.Point.fromBytes(Buffer.from(SMALL_ORDER[4]!, 'base64url')));
    expect(didDocumentKey(didDocument(Buffer.from(mixed.toBytes()).toString('base64url')))).toHaveProperty('problem');
  });

  it('refuses a point written the non-canonical way', () => {
    expect(didDocumentKey(didDocument(NON_CANONICAL))).toHaveProperty('problem');
  });

  it('still refuses what is not 32 bytes of base64url, and a document without an Ed25519 key', () => {
    expect(didDocumentKey(didDocument('abc'))).toEqual({
      problem: 'the DID document’s Ed25519 key is not 32 bytes of base64url',
    });
    expect(didDocumentKey({ verificationMethod: [] })).toEqual({ problem: 'the DID document has no Ed25519 key' });
    expect(isEd25519PublicKey(new Uint8Array(31))).toBe(false);
  });
});

describe('keys kept by a version that did not check them', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('a stored key that is no point of the curve is neither trusted nor offered', () => {
    const t = tempDir();
    const store = Store.open(`${t.dir}/provider.db`);
    cleanups.push(() => {
      store.close();
      t.cleanup();
    });
    const good = realKey();
    const entry = (x: string) => ({ x, fingerprint: keyFingerprint(Buffer.from(x, 'base64url')), at: 1 });
    store.state.set('signed_log_keys', {
      trusted: [entry(good), entry(SMALL_ORDER[0]!)],
      offered: entry(NOT_ON_CURVE),
    });
    const keys = new SignedLogState(store.state).keys();
    expect(keys.trusted.map((k) => k.x)).toEqual([good]);
    expect(keys.offered).toBeNull();
  });
});
