/**
 * The relay rung's worker: tasks it pulls from a relay go through this node's own task port, marked as relayed, so
 * they meet the same checks and budgets as every other task.
 */
import type { Settings } from '@shared/contract';
import type { DiscoveryClient } from '../directory';
import type { NodeIdentity, SecretStore } from '../identity';
import type { NodeLogger } from '../logging';
import type { ByteBudget, PinnedFetch } from '../net';
import { forwardToOwnPort } from './local-forward';
import { RelayWorker } from './relay-worker';
import type { RelayWorkerOptions, RelayWorkerTimings } from './relay-worker-options';
import {
  primaryIntent,
  RELAYED_SOURCE,
  type Admission,
  type CodecPool,
  type RelayedTaskMark,
  type ServingOffer,
} from '../server';

/** The relay worker of the current way in, if it is a relay (told when what the node offers changes). */
export interface RelaySlot {
  current: RelayWorker | null;
  /** Marks tasks the relay worker hands to the task port, so they are judged as relayed. */
  readonly mark: RelayedTaskMark;
}

export interface RelayFactoryInputs {
  settings: () => Settings;
  secrets: SecretStore;
  /** Address the task server binds (default `::`). */
  taskHost?: string;
  /** Relays at private addresses are allowed (tests, LAN-only directories). */
  allowPrivateEndpoint?: boolean;
  /** A test's own fetch, which plays the whole network, relays included. */
  fetchImpl?: typeof fetch;
  /** The node's one discovery client, whose answers every page shares. */
  discovery?: DiscoveryClient;
  timings?: Partial<RelayWorkerTimings>;
  onChange: () => void;
  identity: NodeIdentity;
  slot: RelaySlot;
  boundPort: () => number | null;
  offer: ServingOffer;
  codec: CodecPool;
  admission: Admission;
  bodyBudget: ByteBudget;
  /** Settles once the first look at the LLM server said which models there are. */
  modelsKnown: () => Promise<void>;
  /** How relays are called: only at an address their name resolves to that the rules allow. */
  named: PinnedFetch;
  log: NodeLogger;
  events: Pick<RelayWorkerOptions, 'onBound' | 'onLost'>;
}

export function createRelay(r: RelayFactoryInputs): RelayWorker {
  const worker = new RelayWorker({
    nodeId: r.identity.nodeId,
    directoryUrl: () => r.settings().directoryUrl,
    nodeToken: () => r.secrets.get('node_token'),
    directoryHeaders: () => {
      const m = r.secrets.get('membership_credential');
      return m ? { 'X-IICP-Membership': m } : undefined;
    },
    intent: () => primaryIntent(r.offer.advertised()),
    models: () => [...r.offer.advertised().models],
    modelsKnown: r.modelsKnown,
    forward: (task) => forwardToOwnPort(r.taskHost ?? '::', r.boundPort(), task, r.slot.mark.header),
    decodeCall: (raw) => r.codec.relayCall(raw),
    canAdmit: () => r.admission.hasRoomFor(RELAYED_SOURCE),
    budget: r.bodyBudget,
    allowPrivateRelays: r.allowPrivateEndpoint === true,
    ownPorts: () => [r.boundPort()],
    fetchImpl: r.fetchImpl,
    discovery: r.discovery,
    // A test's own fetch plays the whole network, relays included.
    relayFetch: r.fetchImpl ?? r.named.fetch,
    vetRelay: r.fetchImpl ? undefined : (url) => r.named.vet(url),
    timings: r.timings,
    log: (level, event, details) => r.log(level, event, details),
    onChange: r.onChange,
    ...r.events,
  });
  r.slot.current = worker;
  return worker;
}
