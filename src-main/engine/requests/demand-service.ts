/**
 * The "What the network asks for" card's engine side: the directory's list of nodes as the node's one discovery
 * client has it (the answer the gateway, "Why am I not getting tasks?" and the Machines page tell), the feed's refused
 * models, and one click's pull of a model onto an Ollama server.
 */
import type { DemandInfo, PullInfo } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import { ModelPuller } from '../backends';
import { isOwnNode, type ListedNode } from '../identity';
import type { RequestFeed } from './request-feed';
import { DiscoveryClient } from '../directory';
import { readDemand } from './network-demand';
import type { ServingOffer } from '../server';

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
  /**
   * The person's own machines as the gateway knows them: the machine list's node ids and the operator identity's
   * fingerprint. Without it no other node is counted as the person's.
   */
  own?: { machines: () => readonly string[]; fingerprint: () => string | null };
}

export class DemandService {
  readonly puller: ModelPuller;
  private readonly now: () => number;
  private readonly discovery: DiscoveryClient;

  constructor(private readonly o: DemandServiceOptions) {
    this.now = o.now ?? Date.now;
    this.discovery =
      o.discovery ??
      new DiscoveryClient({
        directoryUrl: o.directoryUrl,
        membership: o.membership,
        fetchImpl: o.fetchImpl,
        now: this.now,
      });
    this.puller = new ModelPuller({
      onChange: o.onChange,
      // The server lists the model now: looked at again, so the node offers it without waiting for the next look.
      onPulled: (server) =>
        void o.offer.servers
          .byId(server)
          ?.monitor.refresh()
          .then(() => o.onChange()),
      now: this.now,
    });
  }

  get pull(): PullInfo | null {
    return this.puller.info;
  }

  /**
   * The card's figures from the discovery answer the node's one client holds now (asked again once its window of a few
   * seconds passed); `refresh`, the person's "Read again", asks the directory anew.
   */
  get(refresh: boolean): Promise<DemandInfo> {
    const info = {
      nodeId: this.o.nodeId,
      offered: this.o.offer.advertised().models,
      price: this.o.price(),
      asked: this.o.requests.askedModels(),
      pullTo: this.pullTo(),
      offeredFor: (intent: string) => {
        const models = this.o.offer.advertised().models;
        return [
          ...new Set(
            this.o.offer
              .capabilities()
              .capabilities.filter((c) => c.intent === intent)
              .flatMap((c) => c.models.filter((m) => models.includes(m))),
          ),
        ];
      },
    };
    // Read once for the whole list, and judged as the gateway judges them.
    const mine = new Set(this.o.own?.machines() ?? []);
    const fingerprint = this.o.own?.fingerprint() ?? null;
    const isOwn = (n: ListedNode) => isOwnNode(n, mine, fingerprint);
    return readDemand({ ...info, isOwn, discovery: this.discovery, fresh: refresh });
  }

  /** Pulls `model` onto the Ollama server `server`, on the person's click. */
  startPull(server: string, model: string): void {
    if (this.puller.running) throw new ContractError('invalid_state', said('refusal.pull.busy'));
    const target = this.o.offer.servers.byId(server);
    if (!target)
      throw new ContractError('invalid_request', said('refusal.pull.noServer'), [
        { path: 'server', message: said('refusal.servers.noSuchField') },
      ]);
    if (target.observation.flavour !== 'ollama')
      throw new ContractError('invalid_state', said('refusal.pull.notOllama'));
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
