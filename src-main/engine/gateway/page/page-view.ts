import type { GatewayInfo, GatewaySettings, GatewayTryAnswer } from '@shared/contract';
import type { Said } from '@shared/i18n/said';
import { LLM_INTENTS } from '../../backends';
import { MICRO } from '../../pricing';
import { namedRows, type AppKeys, type MachineNameOf } from '../keys';
import { readQuote, type AppAllowance, type Budget, type Quote, type SpendBook } from '../spending';
import type { LocalServer, NetworkOffer, OwnMachines } from '../routing';
import { headerOf } from './gateway-header';
import { offerViewOf } from './offer-view';
import { tryThroughGateway } from './try-it';

const RECENT = 20;
/** How old the page's view of the network may be before it is asked again. */
const OFFER_FRESH_MS = 30_000;

/**
 * Where the listener stands (gateway-listener.ts): its port and since when it listens (null: off), and why it could
 * not listen.
 */
export interface ListenerState {
  listening: () => { port: number; since: number } | null;
  problem: () => Said | null;
  /** While the chosen port is taken: the next free port, offered on the page; else null. */
  nextPort: () => number | null;
}

/** What the page view reads: the node's facts and the gateway's shared parts. */
export interface PageSources {
  settings: () => GatewaySettings;
  directoryUrl: () => string;
  directoryFetch?: typeof fetch;
  book: SpendBook;
  selfNodeId: string;
  nodeToken: () => string | null;
  balance: () => number | null;
  now: () => number;
  local?: LocalServer;
  machineName?: MachineNameOf;
  keys: AppKeys;
  offer: NetworkOffer;
  own: OwnMachines;
  budget: Budget;
  allowance: AppAllowance;
}

/**
 * The "Use the network" page's view of the gateway: the switch and address, the keys, the network's offer, the
 * budget and the last requests, the header, and the "try it" box. It reads; it changes nothing of a request.
 */
export class GatewayPage {
  private lastOffer = 0;
  /** A reading of the offer and the quote is under way. */
  private reading = false;
  /**
   * A look found the view stale while a reading was under way: that reading may have read the quote before what made
   * it stale (a credit, the settings), so one more follows it rather than the look being lost until the next stale one.
   */
  private readAgain = false;
  private quoted: Quote | null = null;

  constructor(
    private readonly o: PageSources,
    private readonly state: ListenerState,
  ) {}

  get baseUrl(): string | null {
    const l = this.state.listening();
    return l ? `http://127.0.0.1:${l.port}/v1` : null;
  }

  /** The settings changed: the offer is asked again on the next view. */
  forgetOffer(): void {
    this.lastOffer = 0;
  }

  /** What every screen shows of the gateway (the snapshot): cheap, no directory call. */
  summary(): { enabled: boolean; baseUrl: string | null; problem: Said | null; spentToday: number } {
    const enabled = this.o.settings().enabled;
    return {
      enabled,
      baseUrl: this.baseUrl,
      problem: enabled ? this.state.problem() : null,
      spentToday: this.o.budget.spentToday() / MICRO,
    };
  }

  /**
   * The page: the switch, the address, keys, the network's offer (asked again when older than half a minute). Never
   * waits for the directory: what lives on this computer (keys, each app's spend, the requests, the header) is told at
   * once, the offer and the quote as last read; a new reading of them comes with the page's next look.
   */
  async info(): Promise<GatewayInfo> {
    const s = this.o.settings();
    if (s.enabled && this.o.now() - this.lastOffer > OFFER_FRESH_MS) this.refreshOffer();
    const offer = this.offerView();
    const budget = this.o.budget;
    const limitReached = budget.limitReached();
    const payingNode = this.o.own.payingNodeId();
    const problem = s.enabled ? this.state.problem() : null;
    return {
      enabled: s.enabled,
      baseUrl: this.baseUrl,
      problem,
      nextPort: problem ? this.state.nextPort() : null,
      payingNode,
      keys: this.o.keys.list(),
      offer,
      budget: {
        spentToday: budget.spentToday() / MICRO,
        dailyCap: s.dailyCap,
        spentThisMonth: budget.spentThisMonth() / MICRO,
        monthlyCap: s.monthlyCap,
        perRequestMax: s.perRequestMax,
        keepBalance: s.keepBalance,
        balance: this.balance(),
        held: budget.held,
        limitReached,
        timeZone: budget.timeZone,
      },
      recent: this.recentRows(),
      header: headerOf({
        enabled: s.enabled,
        listening: this.state.listening() !== null,
        problem: this.state.problem(),
        offer,
        limitReached,
        paidPossible: !s.onlyMine && payingNode !== null,
      }),
      apps: this.o.allowance.rows(this.o.keys.list().map((k) => k.id)),
    };
  }

  /** The page's "try it" box: one chat message through the gateway's own port, like any app's. */
  async tryIt(model: string, prompt: string): Promise<GatewayTryAnswer> {
    const listening = this.state.listening();
    if (!listening) throw new GatewayOffError();
    const started = this.o.now();
    const r = await tryThroughGateway({ port: listening.port, key: this.o.keys.pageSecret, model, prompt });
    const row = r.taskId ? this.recentRows().find((x) => x.taskId === r.taskId) : undefined;
    // The row's figure, so the answer and the last requests agree; the page's own round trip only when none was booked.
    return {
      text: r.text,
      model: r.model,
      nodeId: row?.nodeId ?? null,
      own: row?.own ?? null,
      credits: row?.credits ?? null,
      latencyMs: row?.latencyMs ?? this.o.now() - started,
      machine: row?.machine ?? null,
      route: row?.route ?? null,
    };
  }

  /**
   * What spending can draw on: the directory's quote says it for the node that pays, counting its operator's wallet
   * when the node is bound to one (the directory debits the wallet then); the node's own balance otherwise.
   */
  balance(): number | null {
    return this.quoted?.balance ?? this.o.balance();
  }

  /** The newest rows with their app's and machine's names (request-names.ts). */
  private recentRows(): GatewayInfo['recent'] {
    return namedRows(this.o.book.recent(RECENT), { machineName: this.o.machineName, keys: () => this.o.keys.list() });
  }

  /** Asks the directory for the offer and the quote behind the page: one reading at a time, at most one after it. */
  private refreshOffer(): void {
    this.lastOffer = this.o.now();
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    void Promise.all([...LLM_INTENTS.map((i) => this.o.offer.nodes(i, null)), this.readQuote()])
      .catch(() => undefined)
      .finally(() => {
        this.reading = false;
        if (!this.readAgain) return;
        this.readAgain = false;
        this.refreshOffer();
      });
  }

  /** Asks the directory's quote again; `balance()` says what it read. */
  async readQuote(): Promise<void> {
    const token = this.o.nodeToken();
    if (token === null) return;
    const q = await readQuote({
      baseUrl: this.o.directoryUrl(),
      nodeId: this.o.selfNodeId,
      token,
      fetchImpl: this.o.directoryFetch,
    });
    if (q) this.quoted = q;
  }

  private offerView(): GatewayInfo['offer'] {
    const mine = this.o.own.ids();
    const local = {
      nodeId: this.o.selfNodeId,
      now: this.o.now(),
      models: LLM_INTENTS.flatMap((intent) => (this.o.local?.models(intent) ?? []).map((model) => ({ intent, model }))),
    };
    return offerViewOf(
      LLM_INTENTS.map((intent) => ({ intent, list: this.o.offer.lastSeen(intent) })),
      (n) => n.nodeId !== this.o.selfNodeId,
      (n) => this.o.own.isOwn(n, mine),
      local,
    );
  }
}

export class GatewayOffError extends Error {
  constructor() {
    super('The gateway is off; turn it on to try it.');
    this.name = 'GatewayOffError';
  }
}
