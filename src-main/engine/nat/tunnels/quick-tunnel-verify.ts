import { setTimeout as sleep } from 'node:timers/promises';
import { said, type Said } from '@shared/i18n/said';
import { probeReach } from '../../net';
import { probePublicHealth } from '../public-health';
import type { CloudflaredRun } from './cloudflared-process';
import type { QuickTunnelOptions, QuickTunnelTimings } from './quick-tunnel-options';

/** How a new address's check ended: `reason` says why it did not reach this node. */
export type Verified = { ok: true } | { ok: false; reason: Said };

/** What one check of a new address needs of its tunnel. */
export interface VerifyQuickTunnel {
  timings: Pick<QuickTunnelTimings, 'verifyTimeoutMs' | 'verifyRetryMs' | 'healthTimeoutMs'>;
  reachProof: QuickTunnelOptions['reachProof'];
  fetchImpl: typeof fetch;
  /** Aborted when the tunnel stops. */
  signal: AbortSignal;
  stopped: () => boolean;
}

/**
 * Retries the public health check (or the proof that the address reaches this node) until it answers or the time is
 * up; cloudflared ending cuts it short.
 */
export async function verifyQuickTunnel(url: string, run: CloudflaredRun, v: VerifyQuickTunnel): Promise<Verified> {
  const t = v.timings;
  const started = performance.now();
  let last: Verified = { ok: false, reason: said('tunnel.quick.noAnswerYet') };
  for (;;) {
    if (v.stopped()) return { ok: false, reason: said('network.health.stopped') };
    if (run.hasExited) return { ok: false, reason: said('tunnel.cloudflared.stopped') };
    const left = t.verifyTimeoutMs - (performance.now() - started);
    if (left <= 0) return last;
    const budget = Math.max(50, Math.min(t.healthTimeoutMs, left));
    last = v.reachProof
      ? await probeReach(url, v.reachProof, v.fetchImpl, budget, v.signal)
      : await probePublicHealth(url, v.fetchImpl, budget, v.signal);
    if (last.ok) return last;
    const pause = Math.min(t.verifyRetryMs, t.verifyTimeoutMs - (performance.now() - started));
    if (pause > 0) {
      try {
        await sleep(pause, undefined, { signal: v.signal });
      } catch {
        return { ok: false, reason: said('network.health.stopped') };
      }
    }
  }
}
