/**
 * The relay rung's worker: tasks it pulls from a relay go through this node's own task port, marked as relayed, so
 * they meet the same checks and budgets as every other task.
 */
import type { NodeServicesOptions } from './options';
import type { NodeIdentity } from '../identity/node-identity';
import type { PinnedFetch } from '../net/pinned-fetch';
import { forwardToOwnPort } from '../relay/local-forward';
import { RelayWorker, type RelayWorkerOptions } from '../relay/relay-worker';
import type { Admission } from '../server/admission';
import type { ByteBudget } from '../net/byte-budget';
import type { CodecPool } from '../server/codec-pool';
import { RELAYED_SOURCE, type RelayedTaskMark } from '../server/relayed-task';
import type { NodeLogger } from './node-logger';
import { primaryIntent, type ServingOffer } from './serving-offer';

/** The relay worker of the current way in, if it is a relay (told when what the node offers changes). */
export interface RelaySlot {
  current: RelayWorker | null;
  /** Marks tasks the relay worker hands to the task port, so they are judged as relayed. */
  readonly mark: RelayedTaskMark;
}

export interface RelayFactoryInputs {
  o: NodeServicesOptions;
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
  const { o } = r;
  const worker = new RelayWorker({
    nodeId: r.identity.nodeId,
    directoryUrl: () => o.settings().directoryUrl,
    nodeToken: () => o.secrets.get('node_token'),
    directoryHeaders: () => {
      const m = o.secrets.get('membership_credential');
      return m ? { 'X-IICP-Membership': m } : undefined;
    },
    intent: () => primaryIntent(r.offer.advertised()),
    models: () => [...r.offer.advertised().models],
    modelsKnown: r.modelsKnown,
    forward: (task) => forwardToOwnPort(o.taskHost ?? '::', r.boundPort(), task, r.slot.mark.header),
    decodeCall: (raw) => r.codec.relayCall(raw),
    canAdmit: () => r.admission.hasRoomFor(RELAYED_SOURCE),
    budget: r.bodyBudget,
    allowPrivateRelays: o.allowPrivateEndpoint === true,
    ownPorts: () => [r.boundPort()],
    fetchImpl: o.fetchImpl,
    // A test's own fetch plays the whole network, relays included.
    relayFetch: o.fetchImpl ?? r.named.fetch,
    vetRelay: o.fetchImpl ? undefined : (url) => r.named.vet(url),
    timings: o.tuning?.relay,
    log: (level, event, details) => r.log(level, event, details),
    onChange: o.onChange,
    ...r.events,
  });
  r.slot.current = worker;
  return worker;
}
