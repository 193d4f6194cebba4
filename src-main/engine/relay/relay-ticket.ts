import { said, type Said } from '@shared/i18n/said';
import { callDirectory } from '../directory';

/**
 * A directory-signed bind ticket for one relay (`POST {base}/v1/relay/ticket`, node token + `X-Node-Id`).
 * Only a registered node has a token, and only a directory with a signing key issues tickets (503 `not_configured`
 * otherwise), so "no ticket" is normal: the bind goes without one and a relay that requires one says so.
 */
export async function fetchBindTicket(
  base: string,
  o: {
    nodeId: string;
    token: string | null;
    relayNodeId: string;
    headers?: Record<string, string>;
    fetchImpl?: typeof fetch;
  },
): Promise<{ ticket: string | null; why: Said | null }> {
  if (!o.token) return { ticket: null, why: said('relay.ticket.notRegistered') };
  try {
    const r = await callDirectory(
      base,
      {
        method: 'POST',
        route: '/v1/relay/ticket',
        token: o.token,
        nodeId: o.nodeId,
        headers: o.headers,
        body: { relay_node_id: o.relayNodeId.slice(0, 64) },
        timeoutMs: 5_000,
      },
      o.fetchImpl,
    );
    if (r.ok && typeof r.body.ticket === 'string' && r.body.ticket.length > 0 && r.body.ticket.length <= 4096)
      return { ticket: r.body.ticket, why: null };
    if (r.ok) return { ticket: null, why: said('relay.ticket.noTicket') };
    return {
      ticket: null,
      why:
        r.failure.code === 'not_configured'
          ? said('relay.ticket.notIssued')
          : said('relay.ticket.refused', { status: r.failure.status }),
    };
  } catch {
    return { ticket: null, why: said('relay.ticket.unreachable') };
  }
}
