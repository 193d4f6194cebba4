/**
 * PHP restricted trust-domain mode (`IICP_RESTRICTED_DOMAIN_ENABLED`, off by default): route middleware
 * `RestrictedDomainAuth` + `TrustDomainMembershipService` + `RestrictedDomainDecisionProjection`.
 *
 * Routes (routes/api_protocol.php): POST /register → `registration` (before the E034 counter and
 * validation); DELETE /register → NodeTokenAuth, then `registration`; POST /heartbeat → NodeTokenAuth,
 * then `heartbeat`, then the throttle; GET /discover and GET /node/{id} → `discovery`. /me, /credits/*,
 * /registry/* and /stats are not gated. Every refusal is the same 401 `restricted_domain_denied`.
 * Only `registration` and `discovery` successes gain `restricted_domain_decision` and private caching
 * headers; the projection has no entry for `heartbeat`. Signed membership assertions are not reproduced.
 */
import { createHash } from 'node:crypto';
import { authenticateNode } from './auth';
import { headerValue, objectError, type ParsedRequest, type Reply } from './http';
import { isPlainObject } from './laravel';
import { hashEquals } from './pricing';
import { randomAlphanumeric } from './random';
import type { DirectoryContext, MembershipRecord, NodeRecord } from './types';

export type RestrictedOperation = 'registration' | 'heartbeat' | 'discovery';
export type SubjectKind = MembershipRecord['subjectKind'];

/** The stub's `IICP_TRUST_DOMAIN_ID` / `IICP_DIRECTORY_AUTHORITY_ID`. */
export const DOMAIN_ID = 'test.internal';
export const AUTHORITY_ID = 'did:key:test-directory';
const MEMBERSHIP_EPOCH = 1;
const MAX_TTL_S = 86_400;
const SCOPES = [
  '*',
  'registration',
  'discovery',
  'bootstrap',
  'heartbeat',
  'peers',
  'consumer_token',
  'dispatch',
  'relay',
];

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export function issueMembership(
  ctx: DirectoryContext,
  subjectId: string,
  scopes: string[] = ['*'],
  ttlSeconds = 3600,
  subjectKind: SubjectKind = 'node',
): string {
  if (!ctx.restrictedDomain) throw new Error('issueMembership: start the directory with restrictedDomain: true');
  const normalized = [...new Set(scopes.map((s) => s.trim()).filter((s) => SCOPES.includes(s)))];
  if (normalized.length === 0) throw new Error('issueMembership: at least one valid membership scope is required');
  const token = `iicp_mem_${randomAlphanumeric(64)}`;
  const existing = ctx.state.memberships.find((m) => m.subjectKind === subjectKind && m.subjectId === subjectId);
  const values = {
    tokenHash: sha256(token),
    scopes: normalized,
    generation: Math.max(MEMBERSHIP_EPOCH, (existing?.generation ?? 0) + 1),
    expiresAt: ctx.now() + Math.max(60, Math.min(ttlSeconds, MAX_TTL_S)) * 1000,
    revokedAt: null,
  };
  if (existing) Object.assign(existing, values);
  else ctx.state.memberships.push({ subjectKind, subjectId, ...values });
  return token;
}

export function revokeMembership(ctx: DirectoryContext, subjectId: string, subjectKind: SubjectKind = 'node'): boolean {
  const live = ctx.state.memberships.find(
    (m) => m.subjectKind === subjectKind && m.subjectId === subjectId && m.revokedAt === null,
  );
  if (!live) return false;
  live.revokedAt = ctx.now();
  return true;
}

const isCurrent = (m: MembershipRecord, now: number): boolean =>
  m.revokedAt === null && m.expiresAt > now && m.generation >= MEMBERSHIP_EPOCH;

/** Restricted discovery only offers providers that still hold a current node membership. */
export function hasCurrentNodeMembership(ctx: DirectoryContext, nodeId: string): boolean {
  const now = ctx.now();
  return ctx.state.memberships.some((m) => m.subjectKind === 'node' && m.subjectId === nodeId && isCurrent(m, now));
}

function verify(
  ctx: DirectoryContext,
  token: string,
  subjectId: string,
  operation: RestrictedOperation,
): MembershipRecord | null {
  if (token === '' || subjectId === '') return null;
  const hash = sha256(token);
  const m = ctx.state.memberships.find((x) => x.tokenHash === hash && isCurrent(x, ctx.now()));
  if (!m || !hashEquals(m.subjectId, subjectId)) return null;
  return m.scopes.includes('*') || m.scopes.includes(operation) ? m : null;
}

/** An authenticated node is its own subject (a claimed subject must match); else the header, or the body's node_id. */
function subjectOf(req: ParsedRequest, operation: RestrictedOperation, node: NodeRecord | null): string | null {
  const claimed = headerValue(req, 'x-iicp-subject-id') ?? '';
  if (node) return claimed === '' || hashEquals(node.nodeId, claimed) ? node.nodeId : null;
  if (claimed !== '' && claimed !== '0') return claimed;
  const id = req.input.node_id;
  return operation === 'registration' && (typeof id === 'string' || typeof id === 'number') ? String(id) : '';
}

function decision(
  ctx: DirectoryContext,
  operation: RestrictedOperation,
  m: MembershipRecord,
): Record<string, unknown> | null {
  if (operation === 'heartbeat') return null;
  return {
    schema: 'iicp.restricted-trust-domain.directory-decision.v0',
    profile: 'urn:iicp:profile:restricted-trust-domain:v1',
    decision: 'eligible',
    operation,
    domain_id: DOMAIN_ID,
    authority_id: AUTHORITY_ID,
    subject_kind: m.subjectKind,
    membership_generation: m.generation,
    membership_expires_at: Math.floor(m.expiresAt / 1000),
  };
}

export type Gate = { ok: true; decorate: (reply: Reply) => Reply } | { ok: false; reply: Reply };

const PASS: Gate = { ok: true, decorate: (reply) => reply };

/** Run after node authentication where PHP does (pass the authenticated node), else with `null`. */
export function restrictedGate(
  ctx: DirectoryContext,
  req: ParsedRequest,
  operation: RestrictedOperation,
  node: NodeRecord | null,
): Gate {
  if (!ctx.restrictedDomain) return PASS;
  const subject = subjectOf(req, operation, node);
  let m = subject === null ? null : verify(ctx, headerValue(req, 'x-iicp-membership') ?? '', subject, operation);
  if (m && (operation === 'registration' || node) && m.subjectKind !== 'node') m = null;
  if (!m)
    return {
      ok: false,
      reply: objectError(401, 'restricted_domain_denied', 'Restricted trust-domain membership is required'),
    };
  const projected = decision(ctx, operation, m);
  return {
    ok: true,
    decorate: (reply) => {
      if (!projected || reply.status < 200 || reply.status >= 300 || !isPlainObject(reply.body)) return reply;
      return {
        status: reply.status,
        body: { ...reply.body, restricted_domain_decision: projected },
        headers: {
          ...reply.headers,
          'cache-control': 'private, no-store',
          vary: 'X-IICP-Membership, X-IICP-Subject-Id',
        },
      };
    },
  };
}

/**
 * A node route behind PHP's `NodeTokenAuth` and then `restricted-domain:<operation>`: the reply, and the node id the
 * request is logged under (the authenticated node's, else the one the body named).
 */
export function authenticatedAndAdmitted(
  ctx: DirectoryContext,
  req: ParsedRequest,
  operation: RestrictedOperation,
  handle: (node: NodeRecord) => Reply,
): { reply: Reply; nodeId: string | null } {
  const auth = authenticateNode(ctx, req);
  if (!auth.ok) return { reply: auth.reply, nodeId: typeof req.input.node_id === 'string' ? req.input.node_id : null };
  const gate = restrictedGate(ctx, req, operation, auth.node);
  return { reply: gate.ok ? gate.decorate(handle(auth.node)) : gate.reply, nodeId: auth.node.nodeId };
}
