/**
 * Operator identity at REGISTER, as PHP does it: the `operator_delegation` rules of RegisterController,
 * `OperatorDelegationVerifier::verify`, `NodeRegistry::bindOperatorIdentity` / `upsertOperator`, and the operator
 * wallet of `CreditService::operatorWalletSummary`. PHP binds inside the registration transaction, so an E051 / E063
 * refusal undoes the whole REGISTER: the stand-in decides first (`planOperatorBinding`) and writes only on success.
 */
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { unitsToNumber } from './decimal';
import { validationError, type Reply } from './http';
import { addField, isPlainObject, type Fields } from './laravel';
import { phpJsonEncode, phpTrim, UNESCAPED } from './php-json';
import type {
  DelegationReason,
  DirectoryContext,
  NodeRecord,
  OperatorControls,
  OperatorIdentityStatus,
  OperatorRecord,
  RegistrationOperatorOutcome,
} from './types';

const REQUIRED_WITH = (attr: string): string => `The ${attr} field is required when operator delegation is present.`;

/** Laravel `required` on the other field: null, a blank string and an empty array count as absent. */
const filled = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  !(typeof v === 'string' && v.trim() === '') &&
  !(Array.isArray(v) && v.length === 0) &&
  !(isPlainObject(v) && Object.keys(v).length === 0);

const DELEGATION_MEMBERS: { key: string; kind: 'string' | 'integer'; max?: number; min?: number }[] = [
  { key: 'node_id', kind: 'string' },
  { key: 'operator_pub', kind: 'string', max: 64 },
  { key: 'not_after', kind: 'integer', min: 1 },
  { key: 'sig', kind: 'string', max: 128 },
];

/** PHP `filter_var(FILTER_VALIDATE_INT)`, as Laravel's `integer` rule uses it. */
const laravelInteger = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v)
    ? v
    : typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)
      ? Number(v)
      : null;

/**
 * `operator_delegation` => sometimes|nullable|array, each member `required_with:operator_delegation` plus its type
 * rule. A member that is absent gets only the required_with message; an explicit null also fails its type rule.
 */
export function delegationFieldErrors(input: Record<string, unknown>): Fields {
  const fields: Fields = {};
  if (!Object.hasOwn(input, 'operator_delegation')) return fields;
  const del = input.operator_delegation;
  if (del !== null && !isPlainObject(del) && !Array.isArray(del))
    addField(fields, 'operator_delegation', 'The operator delegation field must be an array.');
  const required = filled(del);
  const members = isPlainObject(del) ? del : {};
  for (const m of DELEGATION_MEMBERS) {
    const key = `operator_delegation.${m.key}`;
    const attr = `operator delegation.${m.key.replace(/_/g, ' ')}`;
    const v = members[m.key];
    const present = Object.hasOwn(members, m.key);
    if (required && !filled(v)) addField(fields, key, REQUIRED_WITH(attr));
    // Non-implicit rules skip an absent member and a blank string.
    if (!present || (typeof v === 'string' && v.trim() === '')) continue;
    if (m.kind === 'string') {
      if (typeof v !== 'string') addField(fields, key, `The ${attr} field must be a string.`);
      else if (m.max !== undefined && [...v].length > m.max) {
        addField(fields, key, `The ${attr} field must not be greater than ${m.max} characters.`);
      }
    } else {
      const n = laravelInteger(v);
      if (n === null) addField(fields, key, `The ${attr} field must be an integer.`);
      else if (m.min !== undefined && n < m.min) addField(fields, key, `The ${attr} field must be at least ${m.min}.`);
    }
  }
  return fields;
}

const BASE64_ALPHABET = /^[A-Za-z0-9+/]$/;
const BASE64_WHITESPACE = new Set(['\t', '\n', '\r', ' ']);

/**
 * PHP `base64_decode($s, true)`: standard alphabet only (base64url fails), whitespace skipped, padding optional but,
 * when present, at the end and complete.
 */
export function strictBase64(s: string): Buffer | null {
  let data = '';
  let padding = 0;
  for (const ch of s) {
    if (ch === '=') {
      padding++;
      continue;
    }
    if (BASE64_WHITESPACE.has(ch)) continue;
    if (!BASE64_ALPHABET.test(ch) || padding > 0) return null;
    data += ch;
  }
  if (data.length % 4 === 1) return null;
  if (padding > 0 && (padding > 2 || (data.length + padding) % 4 !== 0)) return null;
  return Buffer.from(data, 'base64');
}

/** `OperatorDelegationVerifier::canonicalBytes`: this key order, unescaped slashes and unicode. */
export function delegationBytes(nodeId: string, operatorPub: string, notAfter: number): string {
  return phpJsonEncode({ node_id: nodeId, not_after: notAfter, operator_pub: operatorPub }, UNESCAPED);
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** `verify()` with the self-asserted trust set PHP passes (the token's own key), so "untrusted" cannot happen. */
export function verifyDelegation(
  token: Record<string, unknown>,
  claimedNodeId: string,
  nowSeconds: number,
): DelegationReason {
  const { operator_pub: pub, node_id: nodeId, not_after: notAfter, sig } = token;
  // is_int: a numeric string passes Laravel's `integer` rule but not this check.
  if (
    typeof pub !== 'string' ||
    typeof nodeId !== 'string' ||
    typeof sig !== 'string' ||
    !Number.isSafeInteger(notAfter)
  ) {
    return 'malformed';
  }
  if (nodeId !== claimedNodeId) return 'node_id_mismatch';
  if (nowSeconds >= (notAfter as number)) return 'expired';
  const pubRaw = strictBase64(pub);
  const sigRaw = strictBase64(sig);
  if (pubRaw?.length !== 32 || sigRaw?.length !== 64) return 'malformed';
  return ed25519Verifies(pubRaw, delegationBytes(nodeId, pub, notAfter as number), sigRaw) ? 'ok' : 'bad_signature';
}

/** `sodium_crypto_sign_verify_detached` over the UTF-8 bytes of `message`, with a raw 32-byte public key. */
export function ed25519Verifies(pubRaw: Buffer, message: string, sigRaw: Buffer): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, pubRaw]), format: 'der', type: 'spki' });
    return verifySignature(null, Buffer.from(message, 'utf8'), key, sigRaw);
  } catch {
    return false;
  }
}

/** `normalizeOperatorDisplayName`: ASCII whitespace runs to one space, trimmed, ASCII lower case (PHP 8.2). */
function normalizeDisplayName(name: string | null): string | null {
  if (name === null) return null;
  const n = phpTrim(name.replace(/[\t\n\v\f\r ]+/g, ' ')).replace(/[A-Z]/g, (c) => c.toLowerCase());
  return n === '' ? null : n;
}

const stringOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export interface OperatorPlan {
  /** 422 E051 / E063: the REGISTER must store nothing. */
  refusal: Reply | null;
  /** Null when the REGISTER carried no (non-empty) delegation. */
  outcome: RegistrationOperatorOutcome | null;
  /** Writes the binding; call only after the node row exists. */
  apply(node: NodeRecord): void;
}

const NOTHING: OperatorPlan = { refusal: null, outcome: null, apply: () => undefined };

/** Decides what a REGISTER does to the operator identity of `nodeId` before anything is written. */
export function planOperatorBinding(
  ctx: DirectoryContext,
  nodeId: string,
  input: Record<string, unknown>,
): OperatorPlan {
  const del = input.operator_delegation;
  if (!filled(del) || !isPlainObject(del)) return NOTHING;
  const reason = verifyDelegation(del, nodeId, Math.floor(ctx.now() / 1000));
  const outcome: RegistrationOperatorOutcome = { delegation: del, verified: reason === 'ok', reason };
  if (reason !== 'ok') return { refusal: null, outcome, apply: (node) => void (node.operatorVerified = false) };

  const pub = del.operator_pub as string;
  const existing = ctx.state.operators[pub];
  if (existing && existing.identityStatus !== 'active') {
    outcome.refused = 'IICP-E063';
    return refuse(
      outcome,
      'operator_delegation',
      'operator identity is rotated or revoked and cannot make new delegation claims (IICP-E063)',
    );
  }
  const displayName = stringOrNull(input.operator_display_name);
  const wanted = normalizeDisplayName(displayName);
  if (wanted !== null) {
    const taken = Object.values(ctx.state.operators).some(
      (op) =>
        op.operatorPubkey !== pub && op.identityStatus === 'active' && normalizeDisplayName(op.displayName) === wanted,
    );
    if (taken) {
      outcome.refused = 'IICP-E051';
      return refuse(
        outcome,
        'operator_display_name',
        'operator_display_name is already claimed by another verified operator (IICP-E051)',
      );
    }
  }
  return {
    refusal: null,
    outcome,
    apply(node) {
      node.operatorPubkey = pub;
      node.operatorVerified = true;
      upsertOperator(ctx, pub, displayName, input);
    },
  };
}

function refuse(outcome: RegistrationOperatorOutcome, field: string, message: string): OperatorPlan {
  return { refusal: validationError({ [field]: [message] }), outcome, apply: () => undefined };
}

/** The first REGISTER pins created_at and the integrity hash; later ones may only rename. */
function upsertOperator(
  ctx: DirectoryContext,
  pub: string,
  displayName: string | null,
  input: Record<string, unknown>,
): void {
  const presented = stringOrNull(input.operator_integrity_hash);
  const existing = ctx.state.operators[pub];
  if (!existing) {
    ctx.state.operators[pub] = {
      operatorPubkey: pub,
      identityStatus: 'active',
      displayName,
      attestedCreatedAt: stringOrNull(input.operator_created_at),
      operatorIntegrityHash: presented,
      integrityMismatches: 0,
      firstSeenMs: Math.floor(ctx.now()),
    };
    return;
  }
  if (presented !== null && existing.operatorIntegrityHash !== null && presented !== existing.operatorIntegrityHash) {
    existing.integrityMismatches += 1;
  }
  if (displayName !== null) existing.displayName = displayName;
}

/** `Operator::publicFingerprint`: 12 hex of the SHA-256 of the base64 key string (never the key itself). */
export const operatorFingerprint = (pub: string): string =>
  createHash('sha256').update(pub, 'utf8').digest('hex').slice(0, 12);

/**
 * `CreditService::operatorWalletSummary`: null unless the node is bound to an operator key; otherwise sums over every
 * stored node with that key (deregistered nodes are deleted, as in production, so they drop out).
 */
export function operatorWalletSummary(ctx: DirectoryContext, nodeId: string): Record<string, unknown> | null {
  const pub = ctx.state.nodes[nodeId]?.operatorPubkey;
  if (!pub) return null;
  const ids = new Set(
    Object.values(ctx.state.nodes)
      .filter((n) => n.operatorPubkey === pub)
      .map((n) => n.nodeId),
  );
  let balance = 0;
  for (const id of ids) balance += ctx.state.credits[id]?.balanceUnits ?? 0;
  let earned = 0;
  let spent = 0;
  let txCount = 0;
  for (const t of ctx.state.transactions) {
    if (!ids.has(t.node_id)) continue;
    txCount += 1;
    if (t.type === 'credit') earned += t.amountUnits;
    else spent += t.amountUnits;
  }
  // Integer units are already at the ledger's 4 decimals, so PHP's round(…, 4) changes nothing.
  return {
    total_balance: unitsToNumber(balance),
    total_earned: unitsToNumber(earned),
    total_spent: unitsToNumber(spent),
    tx_count: txCount,
    node_count: ids.size,
    reconciles: balance === earned - spent,
    operator_fingerprint: operatorFingerprint(pub),
  };
}

export function createOperatorControls(ctx: DirectoryContext): OperatorControls {
  return {
    get: (pub) => ctx.state.operators[pub],
    setStatus(pub: string, status: OperatorIdentityStatus): OperatorRecord {
      const record = (ctx.state.operators[pub] ??= {
        operatorPubkey: pub,
        identityStatus: 'active',
        displayName: null,
        attestedCreatedAt: null,
        operatorIntegrityHash: null,
        integrityMismatches: 0,
        firstSeenMs: Math.floor(ctx.now()),
      });
      record.identityStatus = status;
      return record;
    },
  };
}
