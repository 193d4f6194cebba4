/** HS256 node JWT like PHP `JwtService::issueNode` (sub = node id, iss = iicp.network, 1 h). */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const JWT_TTL_S = 3600;

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function sign(secret: Buffer, headerAndPayload: string): string {
  return createHmac('sha256', secret).update(headerAndPayload).digest('base64url');
}

export function issueNodeJwt(secret: Buffer, nodeId: string, nowMs: number): { token: string; expiresAtMs: number } {
  const iat = Math.floor(nowMs / 1000);
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = b64url(JSON.stringify({ sub: nodeId, iss: 'iicp.network', iat, exp: iat + JWT_TTL_S }));
  const body = `${header}.${payload}`;
  return { token: `${body}.${sign(secret, body)}`, expiresAtMs: (iat + JWT_TTL_S) * 1000 };
}

export type JwtCheck = { kind: 'valid'; sub: string } | { kind: 'expired' } | { kind: 'not_jwt' };

/** Only a correctly signed token can be "expired"; anything else falls back to opaque-token auth. */
export function checkJwt(secret: Buffer, token: string, nowMs: number): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { kind: 'not_jwt' };
  const [header = '', payload = '', sig = ''] = parts;
  const expected = Buffer.from(sign(secret, `${header}.${payload}`));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { kind: 'not_jwt' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { kind: 'not_jwt' };
  }
  if (claims === null || typeof claims !== 'object') return { kind: 'not_jwt' };
  const { sub, exp } = claims as { sub?: unknown; exp?: unknown };
  if (typeof exp === 'number' && exp * 1000 <= nowMs) return { kind: 'expired' };
  return typeof sub === 'string' ? { kind: 'valid', sub } : { kind: 'not_jwt' };
}
