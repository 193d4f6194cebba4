import { said, type Said } from '@shared/i18n/said';
import { findExecutable } from './find-executable';
import type { ExistingTunnel } from './found-tunnel';
import { findNgrokTunnel } from './ngrok-agent';
import { runCommand, type CommandResult } from './run-command';
import { findTailscaleFunnel, type RunTailscale } from './tailscale-funnel';

export type { ExistingTunnel, ExistingTunnelSource } from './found-tunnel';

export interface FindExistingTunnelOptions {
  port: number;
  env?: NodeJS.ProcessEnv;
  /** The ngrok agent's local API; default http://127.0.0.1:4040. */
  ngrokApiUrl?: string;
  /** Runs the tailscale CLI with the given arguments; default: the `tailscale` program from PATH, no shell. */
  runTailscale?: RunTailscale;
  fetchImpl?: typeof fetch;
  /** Bound on each question asked (the ngrok API, each tailscale run); default 2 s. */
  timeoutMs?: number;
}

/** Checked in this order; the first one holding an https:// address wins. */
export const TUNNEL_URL_VARIABLES = ['IICP_TUNNEL_URL', 'TUNNEL_URL', 'CLOUDFLARE_TUNNEL_URL'] as const;

const DEFAULT_NGROK_API = 'http://127.0.0.1:4040';
const DEFAULT_TIMEOUT_MS = 2_000;
// The Mac App Store and standalone Tailscale apps keep the CLI inside the app bundle, off PATH.
const MAC_TAILSCALE_APP_CLI = '/Applications/Tailscale.app/Contents/MacOS/Tailscale';

/**
 * Looks for a tunnel the person already runs to this computer: a URL in the environment, then an ngrok agent,
 * then Tailscale Funnel. Never throws; `steps` says in plain words what was checked and what was seen.
 */
export async function findExistingTunnel(
  o: FindExistingTunnelOptions,
): Promise<{ found: ExistingTunnel | null; steps: Said[] }> {
  const env = o.env ?? process.env;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const steps: Said[] = [];

  const fromEnv = tunnelFromEnv(env, steps);
  if (fromEnv) return { found: fromEnv, steps };

  const ngrok = await findNgrokTunnel({
    port: o.port,
    apiUrl: o.ngrokApiUrl ?? DEFAULT_NGROK_API,
    fetchImpl: o.fetchImpl ?? fetch,
    timeoutMs,
  });
  steps.push(...ngrok.steps);
  if (ngrok.found) return { found: ngrok.found, steps };

  const tailscale = await findTailscaleFunnel(o.port, o.runTailscale ?? defaultRunTailscale(env, timeoutMs));
  steps.push(...tailscale.steps);
  return { found: tailscale.found, steps };
}

function tunnelFromEnv(env: NodeJS.ProcessEnv, steps: Said[]): ExistingTunnel | null {
  for (const name of TUNNEL_URL_VARIABLES) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const url = httpsOrigin(raw);
    if (!url) {
      steps.push(said('tunnel.existing.envNotHttps', { name }));
      continue;
    }
    steps.push(said('tunnel.existing.envNamed', { name, url }));
    return { url, source: 'env', detail: said('tunnel.detail.env', { name }), matchesPort: null };
  }
  return null;
}

function httpsOrigin(raw: string): string | null {
  if (!/^https:\/\//i.test(raw)) return null;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' || !u.hostname || u.username || u.password) return null;
    return `${u.origin}${u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

function defaultRunTailscale(env: NodeJS.ProcessEnv, timeoutMs: number): RunTailscale {
  return (args) => {
    const bin = findExecutable(
      'tailscale',
      env,
      process.platform,
      process.platform === 'darwin' ? [MAC_TAILSCALE_APP_CLI] : [],
    );
    if (!bin) return Promise.resolve<CommandResult>({ ok: false, kind: 'missing', detail: 'not installed' });
    return runCommand(bin, args, timeoutMs, env);
  };
}
