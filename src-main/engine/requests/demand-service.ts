/**
 * The "What the network asks for" card's engine side: the directory's registry read at most every 5 minutes (every
 * 30 s when the person asks for fresh figures), its discovery answer as the node's one discovery client has it now
 * (the answer the gateway and "Why am I not getting tasks?" tell), the feed's refused models, and one click's pull of
 * a model onto an Ollama server.
 */
import type { DemandInfo, PullInfo } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { INTENT_CHAT, ModelPuller } from '../backends';
import type { RequestFeed } from './request-feed';
import { DiscoveryClient } from '../directory';
import { demandOf, readRegistry, type RegistryRead } from './network-demand';
import type { ServingOffer } from '../server';

const FRESH_FOR_MS = 5 * 60_000;
const REFRESH_GAP_MS = 30_000;

export interface DemandServiceOptions {
  directoryUrl: () => string;
  nodeId: string;
  membership: () => string | null;
  offer: ServingOffer;
  requests: RequestFeed;
  price: () => number;
  serverKey: (server: string) => string | null;
  /** A pull moved on, or a server's models changed after one. */
  onChange: () => void;
  now?: () => number;
  fetchImpl?: typeof fetch;
  /** The node's one discovery client, whose answers every page shares; a service alone makes its own. */
  discovery?: DiscoveryClient;
}

export class DemandService {
  readonly puller: ModelPuller;
  private last: { at: number; registry: RegistryRead } | null = null;
  private reading: Promise<RegistryRead> | null = null;
  private readonly now: () => number;
  private readonly discovery: DiscoveryClient;

  constructor(private readonly o: DemandServiceOptions) {
    this.now = o.now ?? Date.now;
    this.discovery = o.discovery ?? new DiscoveryClient({ directoryUrl: o.directoryUrl, membership: o.membership, fetchImpl: o.fetchImpl, now: this.now });
    this.puller = new ModelPuller({
      onChange: o.onChange,
      // The server lists the model now: looked at again, so the node offers it without waiting for the next look.
      onPulled: (server) => void o.offer.servers.byId(server)?.monitor.refresh().then(() => o.onChange()),
      now: this.now,
    });
  }

  get pull(): PullInfo | null {
    return this.puller.info;
  }

  /**
   * The card's figures: the registry's kept for 5 minutes (`refresh` reads it again if older than 30 s), the discovery
   * answer whatever the node's one client holds now, asked again once its window passed.
   */
  async get(refresh: boolean): Promise<DemandInfo> {
    const [registry, discovery] = await Promise.all([this.registry(refresh), this.discovery.discover({ intent: INTENT_CHAT })]);
    const info = { nodeId: this.o.nodeId, offered: this.o.offer.advertised().models, price: this.o.price(), asked: this.o.requests.askedModels(), pullTo: this.pullTo(), now: this.now };
    return demandOf(info, registry, discovery);
  }

  private registry(refresh: boolean): Promise<RegistryRead> {
    const age = this.last ? this.now() - this.last.at : Infinity;
    if (this.last && age < (refresh ? REFRESH_GAP_MS : FRESH_FOR_MS)) return Promise.resolve(this.last.registry);
    this.reading ??= readRegistry({ directoryUrl: this.o.directoryUrl(), nodeId: this.o.nodeId, membership: this.o.membership(), fetchImpl: this.o.fetchImpl })
      .then((registry) => {
        // A directory that could not be read is asked again next time, not after 5 minutes. One that answered with a
        // list too big to read did answer: asking again at once would bring the same.
        if (registry.problem === null) this.last = { at: this.now(), registry };
        return registry;
      })
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  /** Pulls `model` onto the Ollama server `server`, on the person's click. */
  startPull(server: string, model: string): void {
    if (this.puller.running) throw new ContractError('invalid_state', 'A model is being pulled already; wait for it or stop it first.');
    const target = this.o.offer.servers.byId(server);
    if (!target) throw new ContractError('invalid_request', 'There is no such LLM server.', [{ path: 'server', message: 'no such server' }]);
    if (target.observation.flavour !== 'ollama') throw new ContractError('invalid_state', 'Only an Ollama server can pull a model with one click.');
    this.puller.start({ id: target.id, url: target.url }, this.o.serverKey(target.id), model);
  }

  cancelPull(): boolean {
    return this.puller.cancel();
  }

  stop(): void {
    this.puller.stop();
  }

  private pullTo(): DemandInfo['pullTo'] {
    return this.o.offer.servers
      .list()
      .filter((s) => s.observation.flavour === 'ollama')
      .map((s) => ({ server: s.id, url: s.url }));
  }
}
