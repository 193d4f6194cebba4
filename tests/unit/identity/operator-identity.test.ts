/**
 * The operator identity on one computer: made with a display name, kept in the secret store as one secret, renamed,
 * given a new key, carried to another computer through a sealed file, and told what the directory said of it. The
 * private key and the passphrase never reach the log.
 */
import { describe, expect, it } from 'vitest';
import type { OperatorDirectoryState, OperatorInfo } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { english } from '@shared/i18n/say';
import {
  OPERATOR_NAME_TAKEN,
  OPERATOR_NAME_TAKEN_AFTER_ROTATION,
  OPERATOR_REVOKED,
  OPERATOR_UNREADABLE,
  OPERATOR_UNVERIFIED,
} from '../../support/operator-english';
import { OperatorIdentity } from '@engine/identity/operator-identity';
import { operatorIntegrityHash } from '@engine/identity/operator-key';
import { MemorySecretStore, type SecretStore } from '@engine/identity/secret-store';

/** The identity's problem in English, the way the log and an English page say it. */
const words = (info: OperatorInfo): string | null => (info.problem ? english.said(info.problem) : null);

const PASS = 'a long passphrase';

function computer(secrets: SecretStore = new MemorySecretStore(), at = '2026-05-01T10:00:00.000Z') {
  const logs: { level: string; event: string; details: string }[] = [];
  const calls = { identity: 0, state: 0 };
  let now = new Date(at);
  const op = new OperatorIdentity({
    secrets: () => secrets,
    now: () => now,
    log: (level, event, details) => logs.push({ level, event, details }),
    identityChanged: () => calls.identity++,
    stateChanged: () => calls.state++,
  });
  return { op, secrets, logs, calls, setNow: (iso: string) => (now = new Date(iso)) };
}

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<ContractError['body']> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(ContractError);
    return (err as ContractError).body;
  }
  throw new Error('expected a refusal');
}

describe('the operator identity', () => {
  it('starts with none, then is made with a display name and kept as one secret', () => {
    const c = computer();
    expect(c.op.info()).toMatchObject({
      state: 'none',
      fingerprint: null,
      publicKey: null,
      directory: 'unknown',
      problem: null,
      storedEncrypted: false,
    });
    expect(c.op.registration()).toBeNull();
    const info = c.op.create('  Ada’s Rigs  ');
    expect(info).toMatchObject({
      state: 'active',
      displayName: 'Ada’s Rigs',
      createdAt: '2026-05-01T10:00:00.000Z',
      rotatedAt: null,
      directory: 'unknown',
      problem: null,
    });
    expect(info.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(info.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const stored = JSON.parse(c.secrets.get('operator_identity')!) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['createdAt', 'displayName', 'rotatedAt', 'seed', 'v']);
    expect(c.calls.identity).toBe(1);
    expect(c.logs).toEqual([{ level: 'info', event: 'operator_created', details: `fingerprint=${info.fingerprint}` }]);
    // The same secret read by another engine (a restart) is the same identity.
    expect(computer(c.secrets).op.info()).toMatchObject({
      fingerprint: info.fingerprint,
      displayName: 'Ada’s Rigs',
      createdAt: info.createdAt,
    });
  });

  it('gives the REGISTER its public parts, the integrity hash and a signer', () => {
    const c = computer();
    const info = c.op.create('Ada');
    const reg = c.op.registration()!;
    expect(reg).toMatchObject({
      publicKey: info.publicKey,
      displayName: 'Ada',
      createdAt: info.createdAt,
      integrityHash: operatorIntegrityHash(info.publicKey!, info.createdAt!),
    });
    expect(reg.sign(Buffer.from('x'))).toHaveLength(64);
  });

  it('refuses a second identity, a bad name, and changes without one', async () => {
    const c = computer();
    expect(await refusal(() => c.op.rename('Ada'))).toMatchObject({ code: 'invalid_state' });
    expect(await refusal(() => c.op.rotate())).toMatchObject({ code: 'invalid_state' });
    expect(await refusal(c.op.exportFile(PASS))).toMatchObject({ code: 'invalid_state' });
    expect(await refusal(() => c.op.create('line\nbreak'))).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'displayName' }],
    });
    expect(await refusal(() => c.op.create('x'.repeat(65)))).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'displayName', code: 'too_big' }],
    });
    c.op.create('Ada');
    expect(await refusal(() => c.op.create('Bea'))).toMatchObject({ code: 'invalid_state' });
  });

  it('renames: same key and creation time, a new name for the next REGISTER', () => {
    const c = computer();
    const before = c.op.create('Ada');
    const after = c.op.rename('Ada Lovelace');
    expect(after).toMatchObject({
      fingerprint: before.fingerprint,
      createdAt: before.createdAt,
      displayName: 'Ada Lovelace',
    });
    expect(c.op.registration()!.displayName).toBe('Ada Lovelace');
    expect(c.calls.identity).toBe(2);
    c.op.rename('Ada Lovelace'); // no change: nothing to tell the directory
    expect(c.calls.identity).toBe(2);
    expect(c.logs.map((l) => l.event)).toEqual(['operator_created', 'operator_renamed']);
  });

  it('rotates without a directory that knows it: a new key under the same name, made now; the old key is gone from the store', async () => {
    const c = computer();
    const before = c.op.create('Ada');
    const oldSecret = c.secrets.get('operator_identity')!;
    const oldSeed = (JSON.parse(oldSecret) as { seed: string }).seed;
    c.setNow('2026-06-01T08:00:00.000Z');
    const after = await c.op.rotate();
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(after).toMatchObject({
      displayName: 'Ada',
      createdAt: '2026-06-01T08:00:00.000Z',
      rotatedAt: '2026-06-01T08:00:00.000Z',
    });
    expect(c.secrets.get('operator_identity')).not.toContain(oldSeed);
    expect(c.op.registration()!.integrityHash).toBe(
      operatorIntegrityHash(after.publicKey!, '2026-06-01T08:00:00.000Z'),
    );
    expect(c.logs.at(-1)).toEqual({
      level: 'info',
      event: 'operator_rotated',
      details: `from=${before.fingerprint} to=${after.fingerprint} local`,
    });
  });

  it('exports and imports on another computer: the same fingerprint, name, creation time and integrity hash', async () => {
    const a = computer();
    const made = a.op.create('Ada');
    const { filename, text } = await a.op.exportFile(PASS);
    expect(filename).toBe(`iicp-operator-${made.fingerprint}.json`);
    const b = computer(new MemorySecretStore(), '2027-01-01T00:00:00.000Z');
    const imported = await b.op.importFile(text, PASS, false);
    expect(imported).toMatchObject({
      state: 'active',
      fingerprint: made.fingerprint,
      publicKey: made.publicKey,
      displayName: 'Ada',
      createdAt: made.createdAt,
    });
    expect(b.op.registration()!.integrityHash).toBe(a.op.registration()!.integrityHash);
    expect(b.logs).toEqual([
      { level: 'info', event: 'operator_imported', details: `fingerprint=${made.fingerprint} replaced=false` },
    ]);
    // Neither the passphrase nor the key reaches a log line.
    const seed = (JSON.parse(a.secrets.get('operator_identity')!) as { seed: string }).seed;
    for (const l of [...a.logs, ...b.logs]) {
      expect(l.details).not.toContain(PASS);
      expect(l.details).not.toContain(seed);
    }
  });

  it('imports over another identity only with replace; the same identity needs no replace', async () => {
    const a = computer();
    a.op.create('Ada');
    const file = (await a.op.exportFile(PASS)).text;
    const b = computer();
    const own = b.op.create('Bea');
    expect(await refusal(b.op.importFile(file, PASS, false))).toMatchObject({ code: 'invalid_state' });
    expect(b.op.info().fingerprint).toBe(own.fingerprint);
    const replaced = await b.op.importFile(file, PASS, true);
    expect(replaced.fingerprint).toBe(a.op.info().fingerprint);
    expect(b.logs.at(-1)!.details).toMatch(/replaced=true$/);
    // Importing the identity it already has is no replacement.
    await expect(b.op.importFile(file, PASS, false)).resolves.toMatchObject({ fingerprint: a.op.info().fingerprint });
  });

  it('a wrong passphrase and a foreign file leave the identity as it was', async () => {
    const a = computer();
    a.op.create('Ada');
    const file = (await a.op.exportFile(PASS)).text;
    const b = computer();
    expect(await refusal(b.op.importFile(file, 'wrong passphrase', false))).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'passphrase', code: 'wrong_passphrase' }],
    });
    expect(await refusal(b.op.importFile('{"hello":1}', PASS, false))).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'file', code: 'invalid_file' }],
    });
    expect(b.op.info().state).toBe('none');
    expect(await refusal(a.op.exportFile('short'))).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'passphrase' }],
    });
  });

  it('holds what the directory said for the key and name it was said of, with words and what to do', async () => {
    const c = computer();
    c.op.create('Ada');
    const sent = c.op.registration()!;
    const said = (state: OperatorDirectoryState) => {
      c.op.answered(sent, state);
      return c.op.info();
    };
    expect(said('bound')).toMatchObject({ directory: 'bound', problem: null });
    expect(c.logs.at(-1)!.event).toBe('operator_bound');
    expect(words(said('unverified'))).toBe(OPERATOR_UNVERIFIED);
    expect(c.logs.at(-1)!.event).toBe('operator_unverified');
    expect(words(said('revoked'))).toBe(OPERATOR_REVOKED);
    expect(words(said('name_taken'))).toBe(OPERATOR_NAME_TAKEN);
    expect(c.calls.state).toBe(4);
    // A REGISTER that went through without a readable answer ends a refusal, but never undoes a confirmation.
    expect(said('unknown')).toMatchObject({ directory: 'unknown', problem: null });
    said('bound');
    expect(said('unknown')).toMatchObject({ directory: 'bound' });
    // A rename forgets it (the new name has not been tried), and a late answer about the old name is dropped.
    c.op.rename('Ada Lovelace');
    expect(c.op.info()).toMatchObject({ directory: 'unknown', problem: null });
    c.op.answered(sent, 'name_taken');
    expect(c.op.info().directory).toBe('unknown');
    // After a rotation the directory still gives the name to the previous key: the words say so.
    await c.op.rotate();
    c.op.answered(c.op.registration()!, 'name_taken');
    expect(words(c.op.info())).toBe(OPERATOR_NAME_TAKEN_AFTER_ROTATION);
  });

  it('a damaged secret reads as no identity with words on what to do, and registers without one', () => {
    const secrets = new MemorySecretStore();
    secrets.update({ operator_identity: '{"v":1,"seed":"nope"}' });
    const c = computer(secrets);
    expect(c.op.info().state).toBe('none');
    expect(words(c.op.info())).toBe(OPERATOR_UNREADABLE);
    expect(c.op.registration()).toBeNull();
    // Making a new one replaces what cannot be used anyway.
    expect(c.op.create('Ada').state).toBe('active');
  });

  it('a secret store that refuses the write is a store error, and nothing changes', async () => {
    const secrets = new MemorySecretStore();
    const c = computer({
      description: 'broken',
      encryptedAtRest: true,
      get: (n) => secrets.get(n),
      update: () => {
        throw new Error('ENOSPC: no space left on device');
      },
    });
    expect(await refusal(() => c.op.create('Ada'))).toMatchObject({ code: 'store_error' });
    expect(c.op.info()).toMatchObject({ state: 'none', storedEncrypted: true });
    expect(c.calls.identity).toBe(0);
  });
});
