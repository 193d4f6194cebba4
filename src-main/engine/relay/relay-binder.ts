import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { MessageId } from '@shared/i18n/catalogue';
import { english } from '@shared/i18n/say';
import { said, type Said } from '@shared/i18n/said';
import { cleanForeignText } from '@shared/text/foreign-text';
import { DiscoveryClient } from '../directory';
import { addressRefusalOf, type AddressRefused } from '../net';
import { RelayClient, RelayRefusal, type RelaySession } from './relay-client';
import { electRelay, listRelays, RelayListFailure, type RelayCandidate } from './relay-election';
import { plain, plainSaid, short, type RelayBinding, type RelayProgress } from './relay-status';
import { fetchBindTicket } from './relay-ticket';
import type { RelayWaits } from './relay-waits';

/** Who the node is, what it offers, and which relays it may use: the relay worker's options, passed on as they are. */
export interface RelayBindSettings {
  nodeId: string;
  directoryUrl: () => string;
  /** The node token, for a bind ticket (null before the first registration). */
  nodeToken: () => string | null;
  /** Extra directory headers (a restricted trust domain's membership). */
  directoryHeaders?: () => Record<string, string> | undefined;
  intent: () => string;
  models: () => string[];
  /**
   * Settles once the node knows what its LLM server offers (its first look is done). A bind waits for it: a relay
   * repeats the bound models on `/iicp/health`, and an empty list there reads as a node that declares nothing.
   */
  modelsKnown?: () => Promise<void>;
  /** Loopback and private relays are accepted (the private-endpoint switch: tests, LAN-only directories). */
  allowPrivateRelays?: boolean;
  /** Ports of this computer a relay may never be: the node's own task port, the dashboard. */
  ownPorts?: () => readonly (number | null)[];
  /** For the directory's calls (its own default when absent). */
  fetchImpl?: typeof fetch;
  /** The node's one discovery client, whose answers every page shares; a worker alone makes its own. */
  discovery?: DiscoveryClient;
}

export interface RelayBinderOptions extends RelayBindSettings {
  /**
   * For the relay's calls: in production a fetch that judges where a relay's name resolves on the connection itself.
   */
  relayFetch: typeof fetch;
  /**
   * Where a relay's name leads right now, before a ticket is asked for it: a refusal to say in plain words, or null.
   * Only a look ahead: the connection is judged again on the address it is made to.
   */
  vetRelay?: (url: string) => Promise<AddressRefused | null>;
  /** How long a relay that failed us is passed over in elections. */
  failedMemoryMs: number;
  now: () => number;
  progress: RelayProgress;
  waits: RelayWaits;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  /** A session was bound: the worker pulls on it from now on (called before the binding is shown). */
  adopt: (client: RelayClient, session: RelaySession, models: string[]) => void;
}

/**
 * Finding a relay and binding to it: ask the directory which relays there are, elect the best one not failing us
 * lately (then the others), fetch a bind ticket where one is issued, and bind with the models the node offers.
 * `live` answers whether the worker still wants this round: once not, nothing more is sent.
 */
export class RelayBinder {
  /** Relays that failed us, and until when they are passed over. */
  private readonly failed = new Map<string, number>();
  private readonly discovery: DiscoveryClient;

  constructor(private readonly o: RelayBinderOptions) {
    const membership = () => o.directoryHeaders?.()?.['X-IICP-Membership'] ?? null;
    this.discovery =
      o.discovery ??
      new DiscoveryClient({ directoryUrl: o.directoryUrl, membership, fetchImpl: o.fetchImpl, now: o.now });
  }

  /** The first relay of the election that binds, or null (nothing listed, the directory unreachable, all refused). */
  async electAndBind(live: () => boolean): Promise<RelayBinding | null> {
    const { progress } = this.o;
    progress.set('electing');
    let listed: RelayCandidate[];
    const skipped: { id: string; why: Said }[] = [];
    try {
      listed = await listRelays(this.discovery, this.o.intent(), {
        rules: {
          allowPrivate: this.o.allowPrivateRelays === true,
          ownPorts: (this.o.ownPorts?.() ?? []).filter((p): p is number => p !== null),
        },
        onSkipped: (id, why) => skipped.push({ id, why }),
      });
    } catch (err) {
      progress.fail(
        said('relay.bind.listFailed', { reason: err instanceof RelayListFailure ? err.words : plainSaid(err) }),
      );
      return null;
    }
    if (!live()) return null;
    // Nothing was sent to these: their addresses are not ones a relay may have.
    for (const x of skipped) progress.step(said('relay.bind.skipped', { relay: short(x.id), reason: x.why }));
    if (skipped.length > 0)
      this.o.log('warn', 'relay_bind_failed', `skipped=${skipped.length} ${english.said(skipped[0]!.why)}`);
    if (listed.length === 0 && skipped.length > 0) {
      progress.fail(said('relay.bind.allSkipped', { count: skipped.length, reason: skipped[0]!.why }));
      return null;
    }
    const now = this.o.now();
    for (const [id, until] of this.failed) if (until <= now) this.failed.delete(id);
    const tried = new Set<string>();
    for (;;) {
      const first = electRelay(this.o.nodeId, listed, new Set([...this.failed.keys(), ...tried]));
      const steps = first.steps;
      // A relay that failed is tried after the others, not never: with one relay in the network, a blip must not
      // cost ten minutes.
      const chosen = first.chosen ?? electRelay(this.o.nodeId, listed, tried).chosen;
      if (tried.size === 0) for (const s of steps) progress.step(s);
      if (!chosen) {
        if (tried.size === 0)
          progress.fail(said(listed.length === 0 ? 'relay.bind.noneListed' : 'relay.bind.noneUsable'));
        return null;
      }
      tried.add(chosen.nodeId);
      const binding = await this.bindTo(chosen, live);
      if (!live()) return null;
      if (binding) return binding;
    }
  }

  /** One bind to one relay: the binding, or null with the reason in the steps (and the relay passed over a while). */
  async bindTo(relay: RelayCandidate, live: () => boolean): Promise<RelayBinding | null> {
    const { progress } = this.o;
    progress.set('binding');
    const host = hostOf(relay.url);
    const ahead = await this.o.vetRelay?.(relay.url).catch(() => null);
    if (!live()) return null;
    if (ahead) {
      this.refused(relay, ahead);
      return null;
    }
    progress.step(said('relay.bind.asking', { relay: short(relay.nodeId), host }));
    const client = new RelayClient(relay.url, this.o.relayFetch);
    if (this.o.modelsKnown) {
      await this.o.waits.until(live, this.o.modelsKnown());
      if (!live()) return null;
    }
    const models = [...this.o.models()];
    const body = { worker_id: this.o.nodeId, intent: this.o.intent(), models };
    const ticket = await fetchBindTicket(this.o.directoryUrl(), {
      nodeId: this.o.nodeId,
      token: this.o.nodeToken(),
      relayNodeId: relay.nodeId,
      headers: this.o.directoryHeaders?.(),
      fetchImpl: this.o.fetchImpl,
    });
    if (!live()) return null;
    let session: RelaySession;
    try {
      session = await client.bind(ticket.ticket ? { ...body, bind_ticket: ticket.ticket } : body);
    } catch (err) {
      const refused = addressRefusalOf(err);
      if (refused) {
        this.refused(relay, refused);
        return null;
      }
      const why =
        err instanceof RelayRefusal
          ? bindRefusal(err, ticket.why)
          : said('relay.refusal.unreachable', { reason: plainSaid(err) });
      progress.step(said('relay.bind.notBound', { relay: short(relay.nodeId), reason: why }));
      this.o.log(
        'warn',
        'relay_bind_failed',
        `relay=${short(relay.nodeId)} ${err instanceof RelayRefusal ? `status=${err.status} code=${err.code ?? ''}` : plain(err)}`,
      );
      this.markFailed(
        relay.nodeId,
        err instanceof RelayRefusal && err.retryAfterMs !== null ? err.retryAfterMs : this.o.failedMemoryMs,
      );
      progress.lastError = said('relay.bind.problem', { relay: short(relay.nodeId), reason: why });
      return null;
    }
    const binding = bindingOf(relay, session, this.o.nodeId, this.o.now());
    this.o.adopt(client, session, models);
    progress.binding = binding;
    progress.lastError = null;
    progress.nextAttemptAt = null;
    progress.set('bound');
    progress.step(
      said(relay.probation ? 'relay.bind.boundOnProbation' : 'relay.bind.bound', { relay: short(relay.nodeId), host }),
    );
    this.o.log('info', 'relay_bound', `relay=${short(relay.nodeId)} host=${host}`);
    return binding;
  }

  /**
   * A relay whose name leads back to this computer or into a private network (without the owner's allowance): nothing
   * was sent to it, and it is passed over like a relay that failed.
   */
  private refused(relay: RelayCandidate, r: AddressRefused): void {
    const { progress } = this.o;
    const why = said(PLACE_IDS[r.place], { host: hostnameOf(relay.url) });
    progress.step(said('relay.bind.skipped', { relay: short(relay.nodeId), reason: why }));
    this.o.log('warn', 'relay_bind_failed', `relay=${short(relay.nodeId)} place=${r.place} its address ${r.words}`);
    this.markFailed(relay.nodeId, this.o.failedMemoryMs);
    progress.lastError = said('relay.bind.problem', { relay: short(relay.nodeId), reason: why });
  }

  /** A relay that failed us is passed over in elections for `forMs` (at least a second). */
  markFailed(nodeId: string, forMs: number): void {
    this.failed.set(nodeId, this.o.now() + Math.max(1_000, forMs));
  }
}

/** What the node registers while bound: the relay's endpoint for it, and where the relay is. */
function bindingOf(relay: RelayCandidate, session: RelaySession, nodeId: string, now: number): RelayBinding {
  const url = new URL(relay.url);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return {
    relay,
    endpoint: relay.url + session.endpointPath,
    metadata: {
      relay_for: nodeId,
      relay_host: url.hostname.replace(/^\[|\]$/g, ''),
      relay_port: port,
      relay_node_id: relay.nodeId,
      relay_transport: 'http-poll',
    },
    boundAt: now,
  };
}

/** Where a relay's name leads when it may not be called, with the name. */
const PLACE_IDS: Record<AddressRefused['place'], MessageId> = {
  this_computer: 'relay.place.thisComputer',
  private: 'relay.place.private',
  not_public: 'relay.place.notPublic',
};

function bindRefusal(err: RelayRefusal, ticketWhy: Said | null): Said {
  if (err.status === 409 && err.code === 'IICP-E040') return said('relay.refusal.ticketSeen');
  if (err.status === 409) return said('relay.refusal.olderSession');
  if (err.status === 429 || err.status === 503) return said('relay.refusal.atLimit');
  if (err.status === 401)
    return ticketWhy ? said('relay.refusal.needsTicket', { reason: ticketWhy }) : said('relay.refusal.ticketRefused');
  // The code is the relay's own: shown as quoted data.
  const code = err.code ? cleanForeignText(err.code, 64) : '';
  return code
    ? said('relay.refusal.statusCode', { status: err.status, code })
    : said('relay.refusal.status', { status: err.status });
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
