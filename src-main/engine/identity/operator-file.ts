/**
 * The operator identity as a file to carry to another computer: the private key, display name and creation time,
 * encrypted with a key derived from the person's passphrase (scrypt, then AES-256-GCM). The creation time travels
 * with the key so the fingerprint and the integrity hash are the same on every computer.
 *
 * Whatever arrives is read as hostile: the size, every field and every base64 length are checked before any work is
 * done, and the scrypt parameters a file names are capped, so a crafted file cannot make the engine spend gigabytes
 * or minutes. The header is the cipher's associated data, so a changed header fails like a changed ciphertext.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import { z } from 'zod';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import { OPERATOR_FILE_MAX_CHARS, OperatorDisplayName } from '@shared/contract/operator';
import { OPERATOR_INTEGRITY_HASH, operatorKeyFromSeed, strictBase64, type OperatorKey } from './operator-key';
import { MachineList, type MachineRef } from './machine-list';

export const OPERATOR_FILE_FORMAT = 'iicp-operator-identity';
const VERSION = 1;

/** What this version writes: 32 MiB and well under a second on a current computer, off the event loop. */
export const SCRYPT_WRITE = { N: 2 ** 15, r: 8, p: 1 } as const;
/** What a file may ask for at most: twice the memory and four times the work of what is written. */
const SCRYPT_MAX_MEMORY = 64 * 1024 * 1024;
const SCRYPT_MAX_WORK = 2 ** 20;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_BYTES = 32;
/** The plaintext is a seed, a name, two times and at most 32 machines with their names: far below this. */
const MAX_CIPHERTEXT_BYTES = 8192;
const CHECK_LABEL = 'iicp-operator-file passphrase check';

export interface OperatorFileContents {
  seed: Buffer;
  displayName: string;
  createdAt: string;
  rotatedAt: string | null;
  /** The integrity hash the directory pinned for an earlier key of this identity, or null (see OperatorIdentity). */
  integrityHash: string | null;
  /** The operator's machines known when the file was made, so a new one meets its siblings and their names at once. */
  machines: MachineRef[];
}

interface Header {
  format: typeof OPERATOR_FILE_FORMAT;
  version: typeof VERSION;
  fingerprint: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string };
  check: string;
}

export interface OperatorFile extends Header {
  ciphertext: string;
  tag: string;
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const FileSchema = z
  .object({
    format: z.literal(OPERATOR_FILE_FORMAT),
    version: z.literal(VERSION),
    fingerprint: z.string().regex(/^[0-9a-f]{12}$/),
    kdf: z
      .object({ name: z.literal('scrypt'), N: int(2, 2 ** 20), r: int(1, 32), p: int(1, 16), salt: z.string().max(64) })
      .strict(),
    cipher: z.object({ name: z.literal('aes-256-gcm'), iv: z.string().max(64) }).strict(),
    check: z.string().max(64),
    ciphertext: z
      .string()
      .min(1)
      .max(Math.ceil(MAX_CIPHERTEXT_BYTES / 3) * 4),
    tag: z.string().max(64),
  })
  .strict();

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;
const IsoTime = z
  .string()
  .max(40)
  .regex(ISO_TIME)
  .refine((s) => Number.isFinite(Date.parse(s)));
const PlainSchema = z
  .object({
    seed: z.string(),
    displayName: OperatorDisplayName,
    createdAt: IsoTime,
    rotatedAt: IsoTime.nullable(),
    integrityHash: z.string().regex(OPERATOR_INTEGRITY_HASH).optional(),
    machines: MachineList.optional(),
  })
  .strict();

/**
 * What is wrong with a file that is not an export file that can be read (the catalogue's `refusal.operator.file.*`).
 */
export type FileFault =
  | 'tooLarge'
  | 'notJson'
  | 'otherKind'
  | 'otherVersion'
  | 'damaged'
  | 'tooCostly'
  | 'sealDamaged'
  | 'changed'
  | 'notIdentity'
  | 'notOperatorKey'
  | 'otherFingerprint';

export function invalidFile(fault: FileFault): ContractError {
  const why = said(`refusal.operator.file.${fault}`);
  return new ContractError('invalid_request', said('refusal.operator.fileUnreadable', { why }), [
    { path: 'file', message: said('refusal.operator.fileNotExported', { why }), code: 'invalid_file' },
  ]);
}

function wrongPassphrase(): ContractError {
  return new ContractError('invalid_request', said('refusal.operator.wrongPassphrase'), [
    { path: 'passphrase', message: said('refusal.operator.wrongPassphraseField'), code: 'wrong_passphrase' },
  ]);
}

/** The header as the cipher's associated data: rebuilt from the checked values, in one fixed order. */
function associatedData(h: Header): Buffer {
  const { N, r, p, salt } = h.kdf;
  return Buffer.from(
    JSON.stringify({
      format: h.format,
      version: h.version,
      fingerprint: h.fingerprint,
      kdf: { name: 'scrypt', N, r, p, salt },
      cipher: { name: h.cipher.name, iv: h.cipher.iv },
      check: h.check,
    }),
    'utf8',
  );
}

/** The AES key and the passphrase check, from one scrypt run on libuv's thread pool (the event loop stays free). */
function deriveKeys(
  passphrase: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<{ key: Buffer; check: Buffer }> {
  const options: ScryptOptions = { ...params, maxmem: SCRYPT_MAX_MEMORY + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    // The same passphrase typed on another system may arrive in another Unicode form.
    scrypt(passphrase.normalize('NFC'), salt, 64, options, (err, derived) => {
      if (err) reject(err);
      else
        resolve({
          key: derived.subarray(0, 32),
          check: createHmac('sha256', derived.subarray(32)).update(CHECK_LABEL).digest(),
        });
    });
  });
}

/** Whether a file's scrypt parameters are ones this engine agrees to run. */
export function scryptParamsAcceptable(p: { N: number; r: number; p: number }): boolean {
  const powerOfTwo = p.N >= 2 && (p.N & (p.N - 1)) === 0;
  return powerOfTwo && 128 * p.N * p.r <= SCRYPT_MAX_MEMORY && p.N * p.r * p.p <= SCRYPT_MAX_WORK;
}

/** The identity sealed with `passphrase`, as the file's text. */
export async function sealOperatorFile(
  c: OperatorFileContents & { fingerprint: string },
  passphrase: string,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const { key, check } = await deriveKeys(passphrase, salt, SCRYPT_WRITE);
  const header: Header = {
    format: OPERATOR_FILE_FORMAT,
    version: VERSION,
    fingerprint: c.fingerprint,
    kdf: { name: 'scrypt', ...SCRYPT_WRITE, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64') },
    check: check.toString('base64'),
  };
  const pinned = c.integrityHash === null ? {} : { integrityHash: c.integrityHash };
  const machines = c.machines.length === 0 ? {} : { machines: c.machines };
  const plain = Buffer.from(
    JSON.stringify({
      seed: c.seed.toString('base64'),
      displayName: c.displayName,
      createdAt: c.createdAt,
      rotatedAt: c.rotatedAt,
      ...pinned,
      ...machines,
    }),
    'utf8',
  );
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(header));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  const file: OperatorFile = {
    ...header,
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The file's header and sealed parts, checked; throws `invalid_file` for anything else (nothing is derived yet). */
export function readOperatorFile(text: string): OperatorFile {
  if (typeof text !== 'string' || text.length > OPERATOR_FILE_MAX_CHARS) throw invalidFile('tooLarge');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidFile('notJson');
  }
  const fields = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  if (fields.format !== OPERATOR_FILE_FORMAT) throw invalidFile('otherKind');
  if (fields.version !== VERSION) throw invalidFile('otherVersion');
  const r = FileSchema.safeParse(parsed);
  if (!r.success) throw invalidFile('damaged');
  const f = r.data;
  if (!scryptParamsAcceptable(f.kdf)) throw invalidFile('tooCostly');
  const sizes: [string, number][] = [
    [f.kdf.salt, SALT_BYTES],
    [f.cipher.iv, IV_BYTES],
    [f.check, CHECK_BYTES],
    [f.tag, TAG_BYTES],
  ];
  if (sizes.some(([value, bytes]) => !strictBase64(value, bytes))) throw invalidFile('damaged');
  const ct = Buffer.from(f.ciphertext, 'base64');
  if (ct.length === 0 || ct.length > MAX_CIPHERTEXT_BYTES || ct.toString('base64') !== f.ciphertext)
    throw invalidFile('sealDamaged');
  return f;
}

/**
 * Opens a checked file with the passphrase. A passphrase that fails the file's check is `wrong_passphrase`; a file
 * whose check passes but whose ciphertext, tag or header do not decrypt was changed, and is `invalid_file`.
 */
export async function openOperatorFile(
  f: OperatorFile,
  passphrase: string,
): Promise<OperatorFileContents & { key: OperatorKey }> {
  const salt = strictBase64(f.kdf.salt, SALT_BYTES)!;
  const { key, check } = await deriveKeys(passphrase, salt, f.kdf);
  if (!timingSafeEqual(check, strictBase64(f.check, CHECK_BYTES)!)) throw wrongPassphrase();
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, strictBase64(f.cipher.iv, IV_BYTES)!, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(associatedData(f));
    decipher.setAuthTag(strictBase64(f.tag, TAG_BYTES)!);
    plain = Buffer.concat([decipher.update(Buffer.from(f.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw invalidFile('changed');
  }
  let contents: z.infer<typeof PlainSchema>;
  try {
    contents = PlainSchema.parse(JSON.parse(plain.toString('utf8')));
  } catch {
    throw invalidFile('notIdentity');
  } finally {
    plain.fill(0);
  }
  const seed = strictBase64(contents.seed, 32);
  if (!seed) throw invalidFile('notOperatorKey');
  const opKey = operatorKeyFromSeed(seed);
  if (opKey.fingerprint !== f.fingerprint) throw invalidFile('otherFingerprint');
  return {
    key: opKey,
    seed,
    displayName: contents.displayName,
    createdAt: contents.createdAt,
    rotatedAt: contents.rotatedAt,
    integrityHash: contents.integrityHash ?? null,
    machines: contents.machines ?? [],
  };
}

/** The name the file is offered under: its fingerprint tells two identities' files apart. */
export function operatorFileName(fingerprint: string): string {
  return `iicp-operator-${fingerprint}.json`;
}
