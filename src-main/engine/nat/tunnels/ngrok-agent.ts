import { BodyTooLargeError, readBodyCapped } from '../../net';
import type { ExistingTunnel } from './found-tunnel';
import { parseForwardTarget, pointsAt } from './local-target';
import { formatSeconds } from './run-command';

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
export async function findNgrokTunnel(o: NgrokLookup): Promise<{ found: ExistingTunnel | null; steps: string[] }> {
  const steps: string[] = [];
  const where = o.apiUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  let body: unknown;
  try {
    const res = await o.fetchImpl(`${o.apiUrl.replace(/\/+$/, '')}/api/tunnels`, {
      signal: AbortSignal.timeout(Math.max(1, Math.ceil(o.timeoutMs))),
      headers: { accept: 'application/json' },
    });
    if (!res.ok) {
      await res.body?.cancel();
      steps.push(`Something answered at ${where} but not like an ngrok agent (HTTP ${res.status}).`);
      return { found: null, steps };
    }
    // Any local program can sit on the agent's port; a real tunnel list is a few kilobytes.
    const text = (await readBodyCapped(res, MAX_AGENT_ANSWER_BYTES)).toString('utf8');
    try {
      body = JSON.parse(text);
    } catch {
      steps.push(`The ngrok agent at ${where} sent an answer that could not be read.`);
      return { found: null, steps };
    }
  } catch (err) {
    steps.push(fetchFailureStep(err, where, o.timeoutMs));
    return { found: null, steps };
  }

  const tunnels = readTunnels(body);
  if (tunnels === null) {
    steps.push(`The ngrok agent at ${where} sent an answer without a list of tunnels.`);
    return { found: null, steps };
  }
  const https = tunnels.filter((t) => /^https:\/\/[^/\s]+/i.test(t.publicUrl));
  if (https.length === 0) {
    steps.push(
      tunnels.length === 0
        ? 'An ngrok agent is running but has no tunnel open.'
        : 'An ngrok agent is running but none of its tunnels is an https:// address, which browsers and the network need.',
    );
    return { found: null, steps };
  }
  const ours = https.find((t) => pointsAt(parseForwardTarget(t.addr), o.port));
  const chosen = ours ?? https[0]!;
  const url = chosen.publicUrl.replace(/\/+$/, '');
  const target = parseForwardTarget(chosen.addr);
  if (ours) {
    steps.push(`An ngrok tunnel forwards ${url} to this computer's task port ${o.port}.`);
    return { found: { url, source: 'ngrok', detail: `ngrok tunnel "${chosen.name}" to port ${o.port}`, matchesPort: true }, steps };
  }
  const to = target ? target.label : 'an address ngrok did not state';
  steps.push(`An ngrok tunnel ${url} forwards to ${to}, not to this computer's task port ${o.port}; it is used only because no other tunnel exists, and works only if that address passes requests on to port ${o.port}.`);
  return { found: { url, source: 'ngrok', detail: `ngrok tunnel "${chosen.name}" to ${to}`, matchesPort: false }, steps };
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

function fetchFailureStep(err: unknown, where: string, timeoutMs: number): string {
  if (err instanceof BodyTooLargeError) return `Something answered at ${where} with more than ${MAX_AGENT_ANSWER_BYTES / 1024 / 1024} MiB, far more than an ngrok agent's list of tunnels, so it is not used.`;
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `Nothing answered at ${where} within ${formatSeconds(timeoutMs)}, so no ngrok agent is assumed.`;
  const code = (err as { cause?: { code?: string } } | null)?.cause?.code;
  if (code === 'ECONNREFUSED') return `No ngrok agent is running on this computer (nothing listens at ${where}).`;
  return `No ngrok agent could be reached at ${where}${code ? ` (${code})` : ''}.`;
}
