/**
 * The operator export file: sealed with the passphrase (scrypt + AES-256-GCM, the header as associated data), it
 * opens on another computer to the same key, name and creation time, so the fingerprint and integrity hash match. A
 * wrong passphrase is told apart from a changed or foreign file, and a hostile file costs nothing to refuse.
 */
import type * as NodeCrypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// Counted, so a test can show a hostile file is refused without the key derivation ever starting.
const scryptRuns = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof NodeCrypto>();
  const scrypt = ((...args: Parameters<typeof real.scrypt>) => {
    scryptRuns.count += 1;
    return real.scrypt(...args);
  }) as typeof real.scrypt;
  return { ...real, default: { ...real, scrypt }, scrypt };
});
import { ContractError } from '@shared/contract/errors';
import { OPERATOR_FILE_MAX_CHARS } from '@shared/contract/operator';
import {
  openOperatorFile,
  operatorFileName,
  readOperatorFile,
  SCRYPT_WRITE,
  scryptParamsAcceptable,
  sealOperatorFile,
} from '@engine/identity/operator-file';
import { generateOperatorKey, operatorIntegrityHash } from '@engine/identity/operator-key';

const PASS = 'correct horse battery';

async function sealed(over: { displayName?: string; rotatedAt?: string | null } = {}) {
  const key = generateOperatorKey();
  const contents = {
    seed: key.seed(),
    displayName: over.displayName ?? 'Ada’s Rigs',
    createdAt: '2026-05-01T10:00:00.000Z',
    rotatedAt: over.rotatedAt ?? null,
    integrityHash: null,
    machines: [],
  };
  const text = await sealOperatorFile({ ...contents, fingerprint: key.fingerprint }, PASS);
  return { key, contents, text, json: JSON.parse(text) as Record<string, unknown> };
}

/** The issue a refusal carries (path and code), after checking it is the contract's `invalid_request`. */
async function issueOf(p: Promise<unknown> | (() => unknown)): Promise<{ path: string; code: string | undefined }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(ContractError);
    const body = (err as ContractError).body;
    expect(body.code).toBe('invalid_request');
    const issue = body.issues?.[0];
    return { path: issue?.path ?? '', code: issue?.code };
  }
  throw new Error('expected a refusal');
}

const open = (text: string, pass = PASS) => openOperatorFile(readOperatorFile(text), pass);
const edited = (json: Record<string, unknown>, change: (j: Record<string, unknown>) => void) => {
  const copy = structuredClone(json);
  change(copy);
  return JSON.stringify(copy);
};

describe('the operator export file', () => {
  it('opens with the passphrase to the same key, name and times: same fingerprint and integrity hash', async () => {
    const { key, contents, text, json } = await sealed({ rotatedAt: '2026-06-01T08:00:00.000Z' });
    expect(json).toMatchObject({
      format: 'iicp-operator-identity',
      version: 1,
      fingerprint: key.fingerprint,
      kdf: { name: 'scrypt', ...SCRYPT_WRITE },
      cipher: { name: 'aes-256-gcm' },
    });
    // Nothing secret or personal is readable in it.
    expect(text).not.toContain(key.seed().toString('base64'));
    // The whole name: a space and a curly quote never occur in base64, so random ciphertext cannot match by chance.
    expect(text).not.toContain('Ada’s Rigs');
    expect(text).not.toContain('Ada\\u2019s Rigs');
    const got = await open(text);
    expect(got.key.publicKey).toBe(key.publicKey);
    expect(got.key.fingerprint).toBe(key.fingerprint);
    expect(got.seed).toEqual(contents.seed);
    expect(got).toMatchObject({
      displayName: 'Ada’s Rigs',
      createdAt: contents.createdAt,
      rotatedAt: '2026-06-01T08:00:00.000Z',
    });
    expect(operatorIntegrityHash(got.key.publicKey, got.createdAt)).toBe(
      operatorIntegrityHash(key.publicKey, contents.createdAt),
    );
    expect(operatorFileName(key.fingerprint)).toBe(`iicp-operator-${key.fingerprint}.json`);
  });

  it('takes the passphrase in either Unicode form (composed or decomposed)', async () => {
    const key = generateOperatorKey();
    const text = await sealOperatorFile(
      {
        seed: key.seed(),
        displayName: 'x',
        createdAt: '2026-05-01T10:00:00.000Z',
        rotatedAt: null,
        integrityHash: null,
        machines: [],
        fingerprint: key.fingerprint,
      },
      'Grüße aus Köln',
    );
    const got = await openOperatorFile(readOperatorFile(text), 'Grüße aus Köln'.normalize('NFD'));
    expect(got.key.publicKey).toBe(key.publicKey);
  });

  it('says wrong_passphrase (at passphrase) for a wrong passphrase', async () => {
    const { text } = await sealed();
    expect(await issueOf(open(text, 'not the passphrase'))).toEqual({ path: 'passphrase', code: 'wrong_passphrase' });
  });

  it('says invalid_file (at file) for a file changed after export: ciphertext, tag, iv or fingerprint', async () => {
    const { json } = await sealed();
    const flip = (b64: string) => {
      const raw = Buffer.from(b64, 'base64');
      raw[0] = raw[0]! ^ 1;
      return raw.toString('base64');
    };
    const changes: ((j: Record<string, unknown>) => void)[] = [
      (j) => (j.ciphertext = flip(String(j.ciphertext))),
      (j) => (j.tag = flip(String(j.tag))),
      (j) => ((j.cipher as Record<string, unknown>).iv = flip(String((j.cipher as Record<string, unknown>).iv))),
      (j) => (j.fingerprint = 'abcdefabcdef'),
    ];
    for (const change of changes)
      expect(await issueOf(open(edited(json, change)))).toEqual({ path: 'file', code: 'invalid_file' });
  });

  it('says invalid_file for garbage, other JSON, unknown fields, bad base64 lengths and a newer version', async () => {
    const { json } = await sealed();
    const bad = [
      'not json at all',
      '[]',
      'null',
      '{"format":"something-else"}',
      edited(json, (j) => (j.version = 2)),
      edited(json, (j) => (j.extra = 1)),
      edited(json, (j) => delete j.tag),
      edited(json, (j) => ((j.kdf as Record<string, unknown>).salt = Buffer.alloc(8).toString('base64'))),
      edited(json, (j) => (j.tag = Buffer.alloc(16).toString('base64url'))),
      edited(json, (j) => ((j.cipher as Record<string, unknown>).name = 'aes-128-cbc')),
      edited(json, (j) => (j.ciphertext = `${String(j.ciphertext)} `)),
    ];
    for (const text of bad)
      expect(await issueOf(() => readOperatorFile(text)), text.slice(0, 60)).toEqual({
        path: 'file',
        code: 'invalid_file',
      });
  });

  it('refuses a file larger than an export can be, before parsing it', async () => {
    const { json } = await sealed();
    const big = JSON.stringify({ ...json, pad: 'x'.repeat(OPERATOR_FILE_MAX_CHARS) });
    expect(await issueOf(() => readOperatorFile(big))).toEqual({ path: 'file', code: 'invalid_file' });
  });

  it('refuses hostile scrypt parameters at once, without running them', async () => {
    const { json } = await sealed();
    const hostile = [
      { N: 2 ** 20, r: 8, p: 1 }, // 1 GiB
      { N: 2 ** 16, r: 16, p: 1 }, // 128 MiB
      { N: 2 ** 14, r: 8, p: 16 }, // too much work
      { N: 3000, r: 8, p: 1 }, // not a power of two
      { N: 2 ** 40, r: 8, p: 1 },
    ];
    for (const params of hostile) {
      const text = edited(json, (j) => Object.assign(j.kdf as object, params));
      const before = scryptRuns.count;
      expect(await issueOf(() => open(text)), JSON.stringify(params)).toEqual({ path: 'file', code: 'invalid_file' });
      expect(scryptRuns.count, JSON.stringify(params)).toBe(before);
    }
    // The counter does see a real opening, so the zero above means something.
    const before = scryptRuns.count;
    await open(JSON.stringify(json));
    expect(scryptRuns.count).toBe(before + 1);
    expect(scryptParamsAcceptable(SCRYPT_WRITE)).toBe(true);
  });

  it('refuses a sealed identity whose plaintext is not one (sealed with the right passphrase by someone else)', async () => {
    // A file that decrypts but holds a bad display name: made with the real sealing code around a bad name.
    const { text } = await sealed({ displayName: 'line\nbreak' });
    expect(await issueOf(open(text))).toEqual({ path: 'file', code: 'invalid_file' });
  });
});

describe('the machines an export file carries', () => {
  const machinesOf = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ nodeId: `node-${i}`, name: `Machine ${i}` }));
  const withMachines = async (machines: { nodeId: string; name: string }[]) => {
    const key = generateOperatorKey();
    const text = await sealOperatorFile(
      {
        seed: key.seed(),
        displayName: 'Ada',
        createdAt: '2026-05-01T10:00:00.000Z',
        rotatedAt: null,
        integrityHash: null,
        machines,
        fingerprint: key.fingerprint,
      },
      PASS,
    );
    return { key, text };
  };

  it('opens to the same machines, in the same order, and shows none of their names in the clear', async () => {
    const machines = [
      { nodeId: 'node-attic-01', name: 'Attic workstation' },
      { nodeId: 'node-cellar-02', name: 'Cellar rig' },
    ];
    const { text } = await withMachines(machines);
    expect(text).not.toContain('Attic workstation');
    expect(text).not.toContain('node-cellar-02');
    expect((await open(text)).machines).toEqual(machines);
    // A file without machines (as an older version writes) opens to none.
    expect((await open((await withMachines([])).text)).machines).toEqual([]);
  });

  it('cleans the names it carries as it opens', async () => {
    const { text } = await withMachines([{ nodeId: 'node-attic-01', name: 'At\u202Etic\n' }]);
    expect((await open(text)).machines).toEqual([{ nodeId: 'node-attic-01', name: 'Attic' }]);
  });

  it('takes 32 machines and refuses a file with 33 as invalid_file', async () => {
    expect((await open((await withMachines(machinesOf(32))).text)).machines).toHaveLength(32);
    const { text } = await withMachines(machinesOf(33));
    expect(await issueOf(open(text))).toEqual({ path: 'file', code: 'invalid_file' });
  });

  it('refuses a file whose machines are not machines (a bad node id) as invalid_file', async () => {
    const { text } = await withMachines([{ nodeId: 'not a node id', name: 'x' }]);
    expect(await issueOf(open(text))).toEqual({ path: 'file', code: 'invalid_file' });
  });
});
