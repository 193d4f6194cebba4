import type { InterfaceSource } from './local-addresses';
import type { PortMapper, PortMapperProtocol } from './port-mapper';

/** Timings and seams; production uses the defaults (lease 1 h, renewal every 30 min). */
export interface ReachabilityTuning {
  createMapper?: (protocol: PortMapperProtocol) => PortMapper;
  interfaces?: InterfaceSource;
  leaseSeconds?: number;
  renewIntervalMs?: number;
  retryDelayMs?: number;
  reinstallInitialDelayMs?: number;
  reinstallMaxDelayMs?: number;
  /** Bound on asking each router protocol for its public address. */
  probeTimeoutMs?: number;
  /** How often a node without a way in (or with an interface address) looks again. */
  recheckIntervalMs?: number;
  /**
   * Checks in a row whose router answers broke (unreadable, too large, too slow) before port mapping rests (default 3).
   */
  mappingOffAfterFailures?: number;
  /** How long port mapping then rests (default 30 min). */
  mappingOffForMs?: number;
}

/** Every timing filled in; the seams stay optional (absent means the real router and interface table). */
export type ResolvedTuning = Required<Omit<ReachabilityTuning, 'createMapper' | 'interfaces'>> &
  Pick<ReachabilityTuning, 'createMapper' | 'interfaces'>;

export function resolveTuning(t: ReachabilityTuning = {}): ResolvedTuning {
  return {
    ...t,
    leaseSeconds: t.leaseSeconds ?? 3600,
    renewIntervalMs: t.renewIntervalMs ?? 30 * 60_000,
    retryDelayMs: t.retryDelayMs ?? 5_000,
    reinstallInitialDelayMs: t.reinstallInitialDelayMs ?? 30_000,
    reinstallMaxDelayMs: t.reinstallMaxDelayMs ?? 10 * 60_000,
    probeTimeoutMs: t.probeTimeoutMs ?? 8_000,
    recheckIntervalMs: t.recheckIntervalMs ?? 5 * 60_000,
    mappingOffAfterFailures: t.mappingOffAfterFailures ?? 3,
    mappingOffForMs: t.mappingOffForMs ?? 30 * 60_000,
  };
}
