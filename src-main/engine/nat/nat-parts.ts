/**
 * The way in from the internet assembled for a running node: the reachability ladder with its rungs after the router
 * (the IPv6 pinhole, the tunnels, the relay worker that hands its tasks to the node's own task port), and "Check my
 * node", which sends a real task through whatever the ladder found.
 */
import { join } from 'node:path';
import type { Settings } from '@shared/contract';
import type { NodeIdentity } from '../identity';
import type { NodeLogger } from '../logging';
import type { PinnedFetch, ReachProof } from '../net';
import { createRelay, type RelayFactoryInputs } from '../relay';
import type { ServingOffer } from '../server';
import { NodeCheckRunner } from './node-check-runner';
import { createPinholeRung, type PinholeRung, type PinholeRungOptions } from './pinhole-rung';
import { Reachability } from './reachability';
import type { ReachabilityTuning } from './reachability-tuning';
import { createTunnelRung, type TunnelRungOptions } from './tunnel-rung';

/** The timings and seams of the way in that tests shorten or script. */
export interface NatTuning {
  /** Router port-mapping timings and seams. */
  nat?: ReachabilityTuning;
  /** Where tunnels are looked for and how a quick tunnel runs. */
  tunnels?: Partial<Pick<TunnelRungOptions, 'env' | 'ngrokApiUrl' | 'runTailscale' | 'timings'>>;
  /** The IPv6 pinhole rung's client and timings. */
  pinhole?: Partial<Pick<PinholeRungOptions, 'createClient' | 'task'>>;
  /** The least time between two of the directory's instant dials (default 15 s). */
  probeGapMs?: number;
}

export interface NatSources {
  identity: NodeIdentity;
  settings: () => Settings;
  /** The port the task server listens on, or null while it does not. */
  boundPort: () => number | null;
  /** The node's data folder: the tunnels keep their state below it. */
  dataDir: string;
  /** Register loopback and private endpoints (tests, LAN-only directories); never for real use. */
  allowPrivateEndpoint?: boolean;
  log: NodeLogger;
  onChange: () => void;
  /** The advertised endpoint changed: the directory must hear of it. */
  onEndpoint: (reason: string) => void;
  /** The way in stopped working: the directory should hear "not available" at once. */
  onLost: () => void;
  offer: ServingOffer;
  reachProof: ReachProof;
  /** The relay rung's worker is made from these when the ladder reaches it. */
  relay: Omit<
    RelayFactoryInputs,
    | 'events'
    | 'settings'
    | 'identity'
    | 'offer'
    | 'boundPort'
    | 'named'
    | 'log'
    | 'onChange'
    | 'allowPrivateEndpoint'
    | 'fetchImpl'
  >;
  /** Calls to addresses someone else named (relays, tunnels): only where their name resolves to an allowed address. */
  named: PinnedFetch;
  /** How "Check my node" calls the node's own endpoint, one of this computer's public addresses on the direct rungs. */
  ownEndpoint: PinnedFetch;
  fetchImpl?: typeof fetch;
  /** How public URLs are called (tests route tunnel host names to stand-ins). */
  publicFetch?: typeof fetch;
  tuning?: NatTuning;
}

/** Every part of the way in. */
export interface WayIn {
  pinhole: PinholeRung;
  reach: Reachability;
  check: NodeCheckRunner;
}

export function assembleWayIn(x: NatSources): WayIn {
  const log: NodeLogger = (level, event, details) => x.log(level, event, details);
  const pinhole = createPinholeRung({
    interfaces: x.tuning?.nat?.interfaces,
    onChange: x.onChange,
    log,
    ...x.tuning?.pinhole,
  });
  const reach = new Reachability({
    port: x.boundPort,
    settings: x.settings,
    allowPrivateEndpoint: x.allowPrivateEndpoint,
    tuning: x.tuning?.nat,
    log,
    onChange: x.onChange,
    onEndpoint: x.onEndpoint,
    // Tell the directory at once that the node cannot be reached, instead of at the next beat.
    onLost: () => x.onLost(),
    createRelay: (events) =>
      createRelay({
        ...x.relay,
        settings: x.settings,
        identity: x.identity,
        offer: x.offer,
        boundPort: x.boundPort,
        named: x.named,
        log: x.log,
        onChange: x.onChange,
        allowPrivateEndpoint: x.allowPrivateEndpoint,
        fetchImpl: x.fetchImpl,
        events,
      }),
    pinhole,
    tunnels: createTunnelRung({
      stateDir: join(x.dataDir, 'state'),
      ...x.tuning?.tunnels,
      reachProof: x.reachProof,
      fetchImpl: x.publicFetch ?? x.named.fetch,
      // The ngrok agent's API is on this computer by the node's own choice, not an address someone else named.
      agentFetch: x.publicFetch ?? fetch,
      log,
      onChange: x.onChange,
    }),
  });
  const check = new NodeCheckRunner({
    identity: x.identity,
    settings: x.settings,
    reach,
    offer: x.offer,
    log: x.log,
    onChange: x.onChange,
    fetchImpl: x.fetchImpl,
    probeGapMs: x.tuning?.probeGapMs,
    publicFetch: x.publicFetch ?? x.fetchImpl ?? x.ownEndpoint.fetch,
  });
  return { pinhole, reach, check };
}
