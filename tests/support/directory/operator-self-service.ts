/**
 * The operator's self-service key rotation, as PHP's `OperatorSelfServiceController` (`challenge`, `rotate`,
 * `validateSigned`, `canonicalBytes`) and `OperatorIdentityLifecycleService::rotate` do it: a one-use challenge of
 * five minutes, the request signed by the current key over the canonical bytes, the successor's proof signed by the
 * new key, then the operator record (name, creation time, integrity pin, first seen) and every node bound to the old
 * key moved to the new one in one step; the old record stays, `rotated`, and refuses new delegations (IICP-E063).
 */
import { randomBytes } from 'node:crypto';
import { json, objectError, validationError, type ParsedRequest, type Reply } from './http';
import { addField, type Fields } from './laravel';
import { ed25519Verifies, operatorFingerprint, strictBase64 } from './operator-identity';
import { phpJsonEncode, UNESCAPED } from './php-json';
import type { DirectoryContext } from './types';

const TS_WINDOW_S = 300;
const CHALLENGE_TTL_MS = 300_000;

/** `canonicalBytes($action, $fields)`: the fields without the signatures, `action` added, keys sorted. */
export function selfServiceBytes(action: string, fields: Record<string, unknown>): string {
  const payload: Record<string, unknown> = { action, ...fields };
  delete payload.sig;
  delete payload.new_key_sig;
  const sorted = Object.fromEntries(
    Object.keys(payload)
      .sort()
      .map((k) => [k, payload[k]]),
  );
  return `iicp:operator:self-service:v1\n${phpJsonEncode(sorted, UNESCAPED)}`;
}

const challengeKey = (pub: string, nonce: string) => `${pub}\n${nonce}`;

const noStore = (r: Reply): Reply => ({ ...r, headers: { ...r.headers, 'Cache-Control': 'no-store' } });
const error = (code: string, message: string, status: number): Reply => noStore(objectError(status, code, message));

/** Laravel's `required|string|max:n` on each named field of the input; null when all pass. */
function requireStrings(
  input: Record<string, unknown>,
  rules: Record<string, { max: number; min?: number }>,
): Fields | null {
  const fields: Fields = {};
  for (const [key, { max, min }] of Object.entries(rules)) {
    const v = input[key];
    const attr = key.replace(/_/g, ' ');
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === ''))
      addField(fields, key, `The ${attr} field is required.`);
    else if (typeof v !== 'string') addField(fields, key, `The ${attr} field must be a string.`);
    else if ([...v].length > max)
      addField(fields, key, `The ${attr} field must not be greater than ${max} characters.`);
    else if (min !== undefined && [...v].length < min)
      addField(fields, key, `The ${attr} field must be at least ${min} characters.`);
  }
  return Object.keys(fields).length > 0 ? fields : null;
}

export function handleOperatorChallenge(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const bad = requireStrings(req.input, { operator_pub: { max: 64 } });
  if (bad) return validationError(bad);
  const pub = req.input.operator_pub as string;
  const operator = ctx.state.operators[pub];
  if (!operator) return error('IICP-E044', 'unknown operator (register a delegated node first)', 404);
  if (operator.identityStatus !== 'active') return error('IICP-E063', 'operator identity is no longer active', 409);
  const nonce = randomBytes(24).toString('base64url');
  ctx.state.operatorChallenges[challengeKey(pub, nonce)] = ctx.now() + CHALLENGE_TTL_MS;
  return noStore(
    json(200, {
      nonce,
      expires_at: new Date(ctx.now() + CHALLENGE_TTL_MS).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      operator_fingerprint: operatorFingerprint(pub),
      terms_version: '',
      dpa_version: '',
      signing_contract: 'iicp.operator.self-service.v1',
    }),
  );
}

export function handleOperatorKeyRotate(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const input = req.input;
  const bad = requireStrings(input, {
    operator_pub: { max: 64 },
    nonce: { max: 64, min: 16 },
    sig: { max: 128 },
    new_operator_pub: { max: 64 },
    new_key_sig: { max: 128 },
  });
  const ts = input.ts;
  if (bad || !(typeof ts === 'number' && Number.isInteger(ts))) {
    const fields = bad ?? {};
    if (!(typeof ts === 'number' && Number.isInteger(ts)))
      addField(
        fields,
        'ts',
        ts === undefined || ts === null ? 'The ts field is required.' : 'The ts field must be an integer.',
      );
    return validationError(fields);
  }
  const {
    operator_pub: pub,
    nonce,
    sig,
    new_operator_pub: newPub,
    new_key_sig: newSig,
  } = input as Record<string, string>;
  // validateSigned: the time window, the operator, the one-use challenge, then the current key's signature.
  if (Math.abs(Math.floor(ctx.now() / 1000) - ts) > TS_WINDOW_S)
    return error('IICP-E041', 'stale or future-dated operator request', 401);
  const operator = ctx.state.operators[pub!];
  if (!operator) return error('IICP-E044', 'unknown operator', 404);
  if (operator.identityStatus !== 'active') return error('IICP-E063', 'operator identity is no longer active', 409);
  const key = challengeKey(pub!, nonce!);
  const expires = ctx.state.operatorChallenges[key];
  delete ctx.state.operatorChallenges[key];
  if (expires === undefined || expires < ctx.now())
    return error('IICP-E062', 'challenge is missing, expired or already used', 401);
  const pubRaw = strictBase64(pub!);
  const sigRaw = strictBase64(sig!);
  if (pubRaw?.length !== 32 || sigRaw?.length !== 64)
    return error('IICP-E042', 'malformed operator key or signature', 401);
  // Laravel's validated data: the optional fields only when they were sent.
  const optional = Object.fromEntries(
    ['rotation_epoch', 'reason_class'].filter((k) => Object.hasOwn(input, k)).map((k) => [k, input[k]]),
  );
  const signed = { operator_pub: pub, nonce, ts, sig, new_operator_pub: newPub, new_key_sig: newSig, ...optional };
  if (!ed25519Verifies(pubRaw, selfServiceBytes('key_rotate', signed), sigRaw))
    return error('IICP-E043', 'operator signature verification failed', 401);
  // The successor's proof.
  const newPubRaw = strictBase64(newPub!);
  const newSigRaw = strictBase64(newSig!);
  if (newPubRaw?.length !== 32 || newSigRaw?.length !== 64)
    return error('IICP-E064', 'malformed successor operator key or signature', 401);
  const proof = selfServiceBytes('key_rotate_successor', {
    operator_pub: pub,
    new_operator_pub: newPub,
    nonce,
    ts,
    rotation_epoch: optional.rotation_epoch ?? null,
  });
  if (!ed25519Verifies(newPubRaw, proof, newSigRaw))
    return error('IICP-E064', 'successor operator signature verification failed', 401);
  // OperatorIdentityLifecycleService::rotate.
  if (newPub === pub || ctx.state.operators[newPub!])
    return error('IICP-E063', 'operator identity rotation cannot be completed', 409);
  ctx.state.operators[newPub!] = {
    ...operator,
    operatorPubkey: newPub!,
    identityStatus: 'active',
    integrityMismatches: 0,
  };
  operator.identityStatus = 'rotated';
  let linked = 0;
  for (const node of Object.values(ctx.state.nodes)) {
    if (node.operatorPubkey !== pub) continue;
    node.operatorPubkey = newPub!;
    node.operatorVerified = true;
    linked += 1;
  }
  return noStore(
    json(200, {
      status: 'rotated',
      operator_fingerprint: operatorFingerprint(newPub!),
      linked_nodes: linked,
      rotation_epoch: 1,
      legal_certification: false,
    }),
  );
}
