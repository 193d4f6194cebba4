/**
 * Production's active reachability probe: on a schedule (every 5 minutes there) the directory GETs
 * `{endpoint}/iicp/health` of each heartbeating node and records the result with its time. It is the only source of
 * `directory_observed_reachable` / `route_evidence: directory_observed` (NodeHealthService reads probes of the last
 * 10 minutes); the REGISTER dial-back records nothing. A round that is still running when the next is due is skipped.
 */
import { probeHealth } from './probe';
import type { DirectoryContext } from './types';

/** Production's cadence. */
export const ACTIVE_PROBE_INTERVAL_MS = 5 * 60_000;

export interface ActiveProbe {
  /** One round now (tests that do not want to wait for the schedule). */
  runOnce(): Promise<void>;
  stop(): void;
  /** After `stop()` (a directory restart): schedule again. */
  restart(): void;
}

export function startActiveProbe(ctx: DirectoryContext, intervalMs: number | null): ActiveProbe {
  let running: Promise<void> | null = null;
  const round = (): Promise<void> => {
    running ??= (async () => {
      const nodes = Object.values(ctx.state.nodes).filter((n) => n.status === 'active' && n.available);
      await Promise.all(
        nodes.map(async (node) => {
          const result = await probeHealth(node.endpoint);
          const at = ctx.now();
          ctx.state.probes.push({
            at,
            url: result.url,
            purpose: 'active',
            ok: result.ok,
            ...(result.status !== undefined ? { status: result.status } : { error: result.error }),
          });
          // The node may have left (DEREGISTER) while the probe ran.
          if (ctx.state.nodes[node.nodeId] === node) node.reachabilityObservation = { ok: result.ok, at };
        }),
      );
    })().finally(() => {
      running = null;
    });
    return running;
  };
  let timer: NodeJS.Timeout | null = null;
  const schedule = () => {
    if (intervalMs === null || timer) return;
    timer = setInterval(() => void round(), intervalMs);
    timer.unref();
  };
  schedule();
  return {
    runOnce: round,
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
    restart: schedule,
  };
}
