import { said, type Said } from '@shared/i18n/said';
import { BodyTooLargeError, readBodyCapped } from '../../net';
import type { ExistingTunnel } from './found-tunnel';
import { parseForwardTarget, pointsAt } from './local-target';
import { secondsSaid } from './run-command';

export interface NgrokLookup {
  port: number;
  /** The agent's local API, http://127.0.0.1:4040 unless ngrok's `web_addr` was changed. */
  apiUrl: string;
  fetchImpl: typeof fetch;
  timeoutMs: number;
}

const MAX_AGENT_ANSWER_BYTES = 1024 * 1024;

interface AgentTunnel {
  name: string;
  publicUrl: string;
  addr: string;
}

/**
 * Asks a running ngrok agent for its tunnels (`GET {apiUrl}/api/tunnels`) and picks an HTTPS one: the one that
 * forwards to this computer's `port` if there is one, else the first (a person may front the node with a proxy
 * on another port; the detail says so, and a public health check is what finally decides).
 */
export async function findNgrokTunnel(o: NgrokLookup): Promise<{ found: ExistingTunnel | null; steps: Said[] }> {
  const steps: Said[] = [];
  const where = o.apiUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  let body: unknown;
  try {
    const res = await o.fetchImpl(`${o.apiUrl.replace(/\/+$/, '')}/api/tunnels`, {
      signal: AbortSignal.timeout(Math.max(1, Math.ceil(o.timeoutMs))),
      headers: { accept: 'application/json' },
    });
    if (!res.ok) {
      await res.body?.cancel();
      steps.push(said('tunnel.ngrok.notAgent', { where, status: String(res.status) }));
      return { found: null, steps };
    }
    // Any local program can sit on the agent's port; a real tunnel list is a few kilobytes.
    const text = (await readBodyCapped(res, MAX_AGENT_ANSWER_BYTES)).toString('utf8');
    try {
      body = JSON.parse(text);
    } catch {
      steps.push(said('tunnel.ngrok.unreadable', { where }));
      return { found: null, steps };
    }
  } catch (err) {
    steps.push(fetchFailureStep(err, where, o.timeoutMs));
    return { found: null, steps };
  }

  const tunnels = readTunnels(body);
  if (tunnels === null) {
    steps.push(said('tunnel.ngrok.noList', { where }));
    return { found: null, steps };
  }
  const https = tunnels.filter((t) => /^https:\/\/[^/\s]+/i.test(t.publicUrl));
  if (https.length === 0) {
    steps.push(said(tunnels.length === 0 ? 'tunnel.ngrok.noTunnel' : 'tunnel.ngrok.noHttps'));
    return { found: null, steps };
  }
  const ours = https.find((t) => pointsAt(parseForwardTarget(t.addr), o.port));
  const chosen = ours ?? https[0]!;
  const url = chosen.publicUrl.replace(/\/+$/, '');
  const target = parseForwardTarget(chosen.addr);
  const port = String(o.port);
  if (ours) {
    steps.push(said('tunnel.ngrok.ours', { url, port }));
    return {
      found: {
        url,
        source: 'ngrok',
        detail: said('tunnel.detail.ngrokPort', { name: chosen.name, port }),
        matchesPort: true,
      },
      steps,
    };
  }
  const to = target ? target.label : said('tunnel.ngrok.unstatedTarget');
  steps.push(said('tunnel.ngrok.elsewhere', { url, to, port }));
  return {
    found: {
      url,
      source: 'ngrok',
      detail: said('tunnel.detail.ngrokElsewhere', { name: chosen.name, to }),
      matchesPort: false,
    },
    steps,
  };
}

function readTunnels(body: unknown): AgentTunnel[] | null {
  if (typeof body !== 'object' || body === null) return null;
  const list = (body as { tunnels?: unknown }).tunnels;
  if (!Array.isArray(list)) return null;
  const out: AgentTunnel[] = [];
  for (const t of list) {
    if (typeof t !== 'object' || t === null) continue;
    const r = t as { name?: unknown; public_url?: unknown; config?: { addr?: unknown } | null };
    if (typeof r.public_url !== 'string') continue;
    out.push({
      name: typeof r.name === 'string' ? r.name : 'unnamed',
      publicUrl: r.public_url,
      addr: typeof r.config?.addr === 'string' ? r.config.addr : '',
    });
  }
  return out;
}

function fetchFailureStep(err: unknown, where: string, timeoutMs: number): Said {
  if (err instanceof BodyTooLargeError)
    return said('tunnel.ngrok.tooLarge', { where, mib: MAX_AGENT_ANSWER_BYTES / 1024 / 1024 });
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return said('tunnel.ngrok.timeout', { where, wait: secondsSaid(timeoutMs) });
  const code = (err as { cause?: { code?: string } } | null)?.cause?.code;
  if (code === 'ECONNREFUSED') return said('tunnel.ngrok.notRunning', { where });
  return code ? said('tunnel.ngrok.unreachableCode', { where, code }) : said('tunnel.ngrok.unreachable', { where });
}
