/**
 * The operator delegation a REGISTER carries: the operator's key says "this node is mine until `not_after`". The
 * directory rebuilds the signed bytes with PHP's `json_encode` and verifies the signature over them, so they must be
 * byte-identical to what it builds; a delegation that does not verify leaves the node unbound without any error.
 */
import type { OperatorDirectoryState } from '@shared/contract';

/** How long a delegation holds. It is signed afresh for every REGISTER, so one hour is plenty. */
export const DELEGATION_LIFETIME_S = 3600;

/** What a REGISTER needs of the person's operator identity: its public parts and a way to sign. */
export interface OperatorRegistration {
  /** `operator_pub`: standard base64 of the raw public key. */
  publicKey: string;
  displayName: string;
  /** ISO time the identity was made, sent as `operator_created_at`. */
  createdAt: string;
  /** `operator_integrity_hash` of the public key and `createdAt`. */
  integrityHash: string;
  sign(message: Buffer): Buffer;
}

export interface OperatorDelegation {
  node_id: string;
  not_after: number;
  operator_pub: string;
  sig: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A JSON string as PHP's `json_encode(…, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)` writes it. That is what
 * `JSON.stringify` writes (the same short escapes, lowercase `\u00xx` for other control characters, `/` and other
 * characters as they are) except for U+2028 and U+2029, which PHP still escapes. PHP cannot encode a lone surrogate
 * at all (it fails), so neither do we.
 */
export function phpJsonString(text: string): string {
  if (LONE_SURROGATE.test(text)) throw new Error('a text with a lone surrogate cannot be signed');
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The exact bytes signed: `{"node_id":…,"not_after":…,"operator_pub":…}`, in this order, with no whitespace. */
export function delegationBytes(nodeId: string, notAfter: number, operatorPub: string): Buffer {
  if (!Number.isSafeInteger(notAfter) || notAfter < 1)
    throw new Error('not_after must be a positive whole number of seconds');
  return Buffer.from(
    `{"node_id":${phpJsonString(nodeId)},"not_after":${notAfter},"operator_pub":${phpJsonString(operatorPub)}}`,
    'utf8',
  );
}

/** A delegation of `nodeId` to the operator, valid for an hour from `nowMs`. */
export function signDelegation(
  operator: Pick<OperatorRegistration, 'publicKey' | 'sign'>,
  nodeId: string,
  nowMs: number,
): OperatorDelegation {
  const notAfter = Math.floor(nowMs / 1000) + DELEGATION_LIFETIME_S;
  const sig = operator.sign(delegationBytes(nodeId, notAfter, operator.publicKey));
  return { node_id: nodeId, not_after: notAfter, operator_pub: operator.publicKey, sig: sig.toString('base64') };
}

/** The person's operator identity as the link uses it: read afresh for every REGISTER, told what the directory said. */
export interface OperatorLinkHooks {
  /** What the next REGISTER carries of the identity; null while there is none. */
  registration(): OperatorRegistration | null;
  /**
   * The directory's answer about the identity `sent` (an answer about one since replaced is for the caller to drop).
   */
  answered(sent: OperatorRegistration, state: OperatorDirectoryState): void;
}

/**
 * What rotating the key at the directory came to: rotated (with the nodes it moved), or no identity bound there yet.
 */
export type RotationOutcome = { kind: 'rotated'; linkedNodes: number } | { kind: 'not_bound' };
