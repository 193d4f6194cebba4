/**
 * The person's operator identity: one Ed25519 key pair that binds every computer they run to one operator at the
 * directory (its pooled wallet, its display name). The private key never leaves the engine except inside an
 * export file sealed with the person's passphrase.
 */
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import { NAME_MAX } from '../text/name-rule';
import { Empty, PersonName } from './schema-parts';
import type { Said } from '../i18n/said';

/** Longest display name the directory accepts (`operator_display_name`, max:64): the limit of every name. */
export const OPERATOR_NAME_MAX = NAME_MAX;
/** Shortest passphrase an export file may be sealed with. */
export const OPERATOR_PASSPHRASE_MIN = 8;
/** Largest export file the engine reads (a real one is well under 1 KiB). */
export const OPERATOR_FILE_MAX_CHARS = 16 * 1024;

/**
 * What the directory said about the operator binding at the last REGISTER: `bound` (the delegation verified),
 * `unverified` (the node registered, but the directory did not bind the operator), `name_taken` (IICP-E051: another
 * operator holds the display name), `revoked` (IICP-E063: the identity was rotated or revoked at the directory),
 * `unknown` (not registered with it since the identity was made or changed).
 */
export type OperatorDirectoryState = 'unknown' | 'bound' | 'unverified' | 'name_taken' | 'revoked';

export interface OperatorInfo {
  /** `none`: no identity on this computer yet. */
  state: 'none' | 'active';
  /**
   * The directory's public fingerprint of the operator: the first 12 hex characters of SHA-256 over the public key's
   * standard base64 (`operator_fingerprint` of `/v1/credits/summary`), the same on every computer using it.
   */
  fingerprint: string | null;
  /** The public key, standard base64 of its 32 bytes (`operator_pub`). */
  publicKey: string | null;
  displayName: string | null;
  /** When the identity was made (ISO), sent as `operator_created_at`. */
  createdAt: string | null;
  /** When its key was last replaced (ISO), or null. */
  rotatedAt: string | null;
  /** Whether the private key is stored encrypted by the OS key store (false headless: an owner-only file). */
  storedEncrypted: boolean;
  directory: OperatorDirectoryState;
  /**
   * The directory's answer and what to do, as a sentence the page says in its language; null when there is nothing to
   * say.
   */
  problem: Said | null;
}

/** A display name as the directory takes it (at most 64 characters), by the rule of every name the person gives. */
export const OperatorDisplayName = PersonName;

const Passphrase = z
  .string()
  .min(OPERATOR_PASSPHRASE_MIN, `use at least ${OPERATOR_PASSPHRASE_MIN} characters`)
  .max(1024);

/** Request schemas of the operator commands (validated in main before the engine sees them). */
export const operatorCommands = {
  getOperator: Empty,
  /** Make a new identity on this computer (refused with `invalid_state` while one exists: rotate or import instead). */
  createOperator: z.object({ displayName: OperatorDisplayName }).strict(),
  /** Change the display name; the next REGISTER carries it. */
  renameOperator: z.object({ displayName: OperatorDisplayName }).strict(),
  /** The identity as a file sealed with the passphrase (scrypt + AES-256-GCM), to import on another computer. */
  exportOperator: z.object({ passphrase: Passphrase }).strict(),
  /**
   * Take the identity of an export file. A wrong passphrase is `invalid_request` with an issue at `passphrase`
   * (code `wrong_passphrase`); a file that is not an export, one at `file` (code `invalid_file`).
   */
  importOperator: z
    .object({
      file: z.string().min(1).max(OPERATOR_FILE_MAX_CHARS),
      passphrase: z.string().min(1).max(1024),
      replace: z.boolean().default(false),
    })
    .strict(),
  /** A new key pair for the same display name: the old key is no longer used for any delegation. */
  rotateOperator: z.object({ confirm: z.literal(true) }).strict(),
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each operator command can answer with (besides `internal`). */
export const operatorErrors = {
  getOperator: ['invalid_request', 'engine_unavailable'],
  createOperator: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  renameOperator: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  exportOperator: ['invalid_request', 'invalid_state', 'engine_unavailable'],
  importOperator: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  rotateOperator: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
