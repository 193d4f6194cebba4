/** PHP `NodeTokenAuth` middleware: JWT first, then the opaque token of the named node. */
import { bearerToken, headerValue, objectError, type ParsedRequest, type Reply } from './http';
import { checkJwt } from './jwt';
import { hashEquals } from './pricing';
import { findNode } from './state';
import type { DirectoryContext, NodeRecord } from './types';

export type AuthResult = { ok: true; node: NodeRecord } | { ok: false; reply: Reply };

const invalid = (): AuthResult => ({ ok: false, reply: objectError(401, 'unauthorized', 'Invalid credentials') });

function idFrom(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
}

export function authenticateNode(ctx: DirectoryContext, req: ParsedRequest): AuthResult {
  const bearer = bearerToken(req);
  if (!bearer) return { ok: false, reply: objectError(401, 'unauthorized', 'Missing Authorization header') };

  const jwt = checkJwt(ctx.jwtSecret, bearer, ctx.now());
  if (jwt.kind === 'valid') {
    const node = findNode(ctx.state, jwt.sub);
    if (node) return { ok: true, node };
  }
  if (jwt.kind === 'expired') {
    return {
      ok: false,
      reply: objectError(401, 'token_expired', 'JWT has expired; re-register to obtain a new token'),
    };
  }

  const nodeId = idFrom(req.input.proxy_node_id) ?? idFrom(req.input.node_id) ?? idFrom(headerValue(req, 'x-node-id'));
  if (!nodeId) return { ok: false, reply: objectError(401, 'unauthorized', 'node_id required for token auth') };
  const node = findNode(ctx.state, nodeId);
  if (!node || node.token === null || !hashEquals(node.token, bearer)) return invalid();
  return { ok: true, node };
}
