import type { GatewayInfo, GatewayKeyRow, GatewaySettings, GatewayTryAnswer } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import type { EngineEventName } from '@shared/words/event-words';
import { LLM_INTENTS } from '../backends';
import { MICRO } from '../pricing';
import {
  AppAllowance,
  Budget,
  NodeFlags,
  GatewayBooks,
  readQuote,
  type Quote,
  SpendTotals,
  type SpendBook,
} from './spending';
import { AppKeys, type AppCaps, type KeyShelf, namedRows, type MachineNameOf } from './keys';
import { spendEntryOf, spendFigures } from './spend-figures';
import { GatewayServer, type Served, GatewayCodec, type WireAsk, type StreamSink } from './listener';
import {
  NativeSessions,
  NetworkOffer,
  KnownOffer,
  type KnownMachine,
  OwnMachines,
  NodeBreaker,
  type BreakerTimes,
  NOT_SENT_CODES,
  routeTask,
  type RouteEnd,
  type NodeTransport,
  streamable,
  streamTries,
  type StreamNote,
  type StreamTries,
  type NativeConnect,
  type LocalServer,
  routeLocalFirst,
  FREE_PLAN,
  serveChoices,
  type ChoiceShare,
} from './routing';
import { modelList, type ListedModel, ModelDetails } from './models';
import { offerViewOf, headerOf, tryThroughGateway } from './page';
import { DiscoveryClient } from '../directory';

export interface GatewayServiceOptions {
  settings: () => GatewaySettings;
  directoryUrl: () => string;
  shelf: KeyShelf;
  book: SpendBook;
  /** This computer's node id. */
  selfNodeId: string;
  /** This computer's node token, once it is registered at the directory (it then pays for its tasks itself). */
  nodeToken: () => string | null;
  /** The fingerprint of the person's operator identity, or null when there is none. */
  operatorFingerprint: () => string | null;
  /** The node ids of the person's machine list (identity/my-machines.ts): own machines, asked first and free. */
  myMachines: () => readonly string[];
  /** The person's machines as the fleet last saw them (endpoint, CX key, models): asked while the directory is down. */
  knownMachines?: () => KnownMachine[];
  balance: () => number | null;
  /** How the directory is asked (tests script it; default node:http). */
  directoryFetch?: typeof fetch;
  /** The node's one discovery client, whose answers the other pages share; a gateway alone makes its own. */
  discovery?: DiscoveryClient;
  /** How nodes are called: every connection judged by the address rules. */
  nodeFetch: NodeTransport;
  /**
   * How a node's native transport is reached, for streams (the address rules judged after resolution); none: no
   * streams.
   */
  nodeConnect?: NativeConnect;
  now: () => number;
  timeZone: string;
  log: (
    level: 'info' | 'warn' | 'error',
    event: Extract<EngineEventName, `gateway_${string}`>,
    details?: string,
  ) => void;
  onChange: () => void;
  /**
   * Reads the directory's books again: a paid task's debit replaces the bound the spent book holds for it, and the
   * limits then count what was really charged.
   */
  readBooks?: () => Promise<void>;
  /** How long after a paid answer the books are read (the node that served it posts its award meanwhile). */
  readBooksAfterMs?: number;
  /** Test seams: a port to listen on instead of the setting (0 = any), and the breaker's times. */
  portOverride?: number;
  breaker?: BreakerTimes;
  /** Test seam: how a model list pauses while it waits for the directory's first answer (default: a timer). */
  pause?: (ms: number) => Promise<void>;
  /** This computer's own LLM servers, asked first for the models they run (local-server.ts); none: the network only. */
  local?: LocalServer;
  /** The one resolver of machine names (identity/machine-names.ts): rows, "try it" and logs name nodes by it. */
  machineName?: MachineNameOf;
}

type ServeCall = { timeoutMs: number; signal: AbortSignal; sink?: StreamSink; appKeyId: string; freeOnly?: boolean };

const RECENT = 20;
/** How old the page's view of the network may be before it is asked again. */
const OFFER_FRESH_MS = 30_000;

/**
 * "Use the network": the gateway's listener, its keys, the network's offer, the budget and the books, started and
 * stopped with the person's switch. Requests from apps become sealed IICP tasks (task-route.ts); what they cost is
 * booked beside what the node earns.
 */
export class GatewayService {
  readonly keys: AppKeys;
  private readonly offer: NetworkOffer;
  /** The offer with the person's known machines standing in for the directory while it cannot be reached. */
  private readonly reach: KnownOffer;
  private readonly breaker: NodeBreaker;
  private readonly budget: Budget;
  private readonly allowance: AppAllowance;
  private readonly server: GatewayServer;
  private readonly codec = new GatewayCodec();
  /** Native sessions kept between streamed requests to the same node. */
  private readonly sessions = new NativeSessions();
  private readonly totals: SpendTotals;
  private readonly books: GatewayBooks;
  private readonly own: OwnMachines;
  private readonly flags: NodeFlags;
  private listening: { port: number; since: number } | null = null;
  private problem: Said | null = null;
  private applying: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastOffer = 0;
  private quoted: Quote | null = null;

  constructor(private readonly o: GatewayServiceOptions) {
    this.keys = new AppKeys(o.shelf, o.now);
    this.offer = new NetworkOffer(
      o.discovery ?? new DiscoveryClient({ directoryUrl: o.directoryUrl, fetchImpl: o.directoryFetch, now: o.now }),
      { now: o.now, pause: o.pause },
    );
    this.reach = new KnownOffer(this.offer, () => o.knownMachines?.() ?? []);
    this.breaker = new NodeBreaker(o.now, o.breaker);
    this.totals = new SpendTotals(o.book);
    this.books = new GatewayBooks({
      totals: this.totals,
      log: o.log,
      onChange: o.onChange,
      readBooks: o.readBooks,
      readBooksAfterMs: o.readBooksAfterMs,
    });
    this.own = new OwnMachines(o);
    this.flags = new NodeFlags(o.shelf, o.book.flagged);
    this.budget = new Budget({
      settings: o.settings,
      spentSince: (from) => this.totals.since(from, o.now()),
      balance: () => this.balance(),
      unsettled: o.book.unsettledMicro,
      now: o.now,
      timeZone: o.timeZone,
    });
    this.allowance = new AppAllowance({
      caps: (id) => this.keys.caps(id),
      name: (id) => this.keys.nameOf(id) ?? 'A revoked key',
      byApp: (f, t) => o.book.byApp(f, t),
      version: o.book.version,
      now: o.now,
      timeZone: o.timeZone,
    });
    const details = new ModelDetails({
      listed: (freeOnly) => this.models(freeOnly),
      nodes: (i) => this.reach.nodes(i, null),
      isOwn: (n) => this.own.isOwn(n),
      local: o.local,
      now: o.now,
    });
    this.server = new GatewayServer({
      checkKey: (k) => this.keys.check(k),
      admit: (id) => this.allowance.admit(id),
      allowedOrigins: () => o.settings().allowedOrigins,
      keylessOllama: () => o.settings().keylessOllama,
      models: (freeOnly) => this.models(freeOnly),
      shape: (route, body) => this.codec.shape(route, body),
      ...details.handlers((ask, x) => this.serve(ask, x)),
    });
  }

  /** The port it listens on, or null. */
  get port(): number | null {
    return this.listening?.port ?? null;
  }

  get baseUrl(): string | null {
    return this.listening ? `http://127.0.0.1:${this.listening.port}/v1` : null;
  }

  start(): Promise<void> {
    return this.apply();
  }

  /** Follows the settings: listens when turned on, on the chosen port; stops when turned off. */
  settingsChanged(): Promise<void> {
    this.offer.forget();
    this.lastOffer = 0;
    return this.apply();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.applying;
    await this.server.close();
    this.sessions.close();
    // The last requests' rows go in before the store can close.
    this.books.stop();
    await this.codec.close();
    this.listening = null;
  }

  private apply(): Promise<void> {
    this.applying = this.applying.then(async () => {
      if (this.stopped) return;
      const s = this.o.settings();
      const want = s.enabled ? (this.o.portOverride ?? s.port) : null;
      if (this.listening && (want === null || (want !== 0 && want !== this.listening.port))) {
        await this.server.close();
        this.listening = null;
        this.o.log('info', 'gateway_stopped');
      }
      if (want === null) {
        this.problem = null;
      } else if (!this.listening) {
        try {
          const port = await this.server.listen(want);
          this.listening = { port, since: this.o.now() };
          this.problem = null;
          this.o.log('info', 'gateway_listening', `port=${port}`);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          const port = String(want);
          this.problem =
            code === 'EADDRINUSE'
              ? said('gateway.listen.portTaken', { port })
              : code
                ? said('gateway.listen.failedCode', { port, code })
                : said('gateway.listen.failed', { port });
          this.o.log('warn', 'gateway_listen_failed', `port=${want} code=${code ?? 'unknown'}`);
        }
      }
      this.o.onChange();
    });
    return this.applying;
  }

  createKey(name: string): { key: GatewayKeyRow; secret: string } {
    const made = this.keys.create(name);
    this.o.log('info', 'gateway_key_made', `id=${made.key.id}`);
    this.o.onChange();
    return made;
  }

  revokeKey(id: string): boolean {
    const gone = this.keys.revoke(id);
    if (gone) {
      this.o.log('info', 'gateway_key_revoked', `id=${id}`);
      this.o.onChange();
    }
    return gone;
  }

  /** Sets one app's own caps; false when no key has this id. */
  setKeyCaps(id: string, caps: AppCaps): boolean {
    const set = this.keys.setCaps(id, caps);
    if (set) {
      this.o.log('info', 'gateway_key_limits', `id=${id} daily=${caps.dailyCap ?? 'none'} rpm=${caps.rpm ?? 'none'}`);
      this.o.onChange();
    }
    return set;
  }

  /** What every screen shows of the gateway (the snapshot): cheap, no directory call. */
  summary(): { enabled: boolean; baseUrl: string | null; problem: Said | null; spentToday: number } {
    const enabled = this.o.settings().enabled;
    return {
      enabled,
      baseUrl: this.baseUrl,
      problem: enabled ? this.problem : null,
      spentToday: this.budget.spentToday() / MICRO,
    };
  }

  /** The page: the switch, the address, keys, the network's offer (asked again when older than half a minute). */
  async info(): Promise<GatewayInfo> {
    const s = this.o.settings();
    if (s.enabled && this.o.now() - this.lastOffer > OFFER_FRESH_MS) await this.refreshOffer();
    const offer = this.offerView();
    const limitReached = this.budget.limitReached();
    const paidPossible = !s.onlyMine && this.payingNodeId() !== null;
    return {
      enabled: s.enabled,
      baseUrl: this.baseUrl,
      problem: s.enabled ? this.problem : null,
      payingNode: this.payingNodeId(),
      keys: this.keys.list(),
      offer,
      budget: {
        spentToday: this.budget.spentToday() / MICRO,
        dailyCap: s.dailyCap,
        spentThisMonth: this.budget.spentThisMonth() / MICRO,
        monthlyCap: s.monthlyCap,
        perRequestMax: s.perRequestMax,
        keepBalance: s.keepBalance,
        balance: this.balance(),
        held: this.budget.held,
        limitReached,
      },
      recent: this.recentRows(),
      header: headerOf({
        enabled: s.enabled,
        listening: this.listening !== null,
        problem: this.problem,
        offer,
        limitReached,
        paidPossible,
      }),
      apps: this.allowance.rows(this.keys.list().map((k) => k.id)),
    };
  }

  /** The newest rows with their app's and machine's names (request-names.ts). */
  private recentRows(): GatewayInfo['recent'] {
    return namedRows(this.o.book.recent(RECENT), { machineName: this.o.machineName, keys: () => this.keys.list() });
  }

  /** The page's "try it" box: one chat message through the gateway's own port, like any app's. */
  async tryIt(model: string, prompt: string): Promise<GatewayTryAnswer> {
    if (!this.listening) throw new GatewayOffError();
    const started = this.o.now();
    const r = await tryThroughGateway({ port: this.listening.port, key: this.keys.pageSecret, model, prompt });
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

  private async refreshOffer(): Promise<void> {
    this.lastOffer = this.o.now();
    await Promise.all([...LLM_INTENTS.map((i) => this.offer.nodes(i, null)), this.readQuote()]);
  }

  /**
   * What spending can draw on: the directory's quote says it for the node that pays, counting its operator's wallet
   * when the node is bound to one (the directory debits the wallet then); the node's own balance otherwise.
   */
  private balance(): number | null {
    return this.quoted?.balance ?? this.o.balance();
  }

  private async readQuote(): Promise<void> {
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
    const mine = this.own.ids();
    const local = {
      nodeId: this.o.selfNodeId,
      now: this.o.now(),
      models: LLM_INTENTS.flatMap((intent) => (this.o.local?.models(intent) ?? []).map((model) => ({ intent, model }))),
    };
    return offerViewOf(
      LLM_INTENTS.map((intent) => ({ intent, list: this.offer.lastSeen(intent) })),
      (n) => n.nodeId !== this.o.selfNodeId,
      (n) => this.own.isOwn(n, mine),
      local,
    );
  }

  /**
   * A request whose answer streamed to the app: booked at what the node's sealed end reported, capped by what was held
   * for it; nothing when the stream broke or the app left before that end.
   */
  private bookStreamed(ask: WireAsk, end: RouteEnd, stream: StreamNote | null, appKeyId: string): Served {
    const r = end.outcome;
    const tokens = r.ok ? (r.streamed?.tokens ?? null) : null;
    const failed = !r.ok ? r : null;
    const outcome = failed === null ? 'answered' : failed.code === 'insufficient_quota' ? 'refused' : 'failed';
    const entry = spendEntryOf(
      { ask, end, atMs: this.o.now(), appKeyId, stream, outcome, code: failed?.code ?? 'ok', tokens },
      this.figures(end, r.ok, tokens),
    );
    this.books.book(entry, end.release, r.ok && end.own === false);
    return {
      ok: true,
      status: 200,
      code: entry.code,
      message: '',
      written: true,
      taskId: end.taskId,
      nodeId: end.node?.nodeId ?? null,
      own: end.own,
    };
  }

  /**
   * A row's cost figures (spend-figures.ts); a node that reported more tokens than the request could use is flagged.
   */
  private figures(end: RouteEnd, answered: boolean, tokens: number | null): ReturnType<typeof spendFigures> {
    const f = spendFigures(end, answered, tokens);
    if (f.flag === 'overclaimed' && end.node) this.flags.add(end.node.nodeId);
    return f;
  }

  /** The node the network's tasks are paid from (`source_node_id`), or null (own-machines.ts). */
  payingNodeId(): string | null {
    return this.own.payingNodeId();
  }

  private async models(freeOnly = false): Promise<ListedModel[]> {
    // Only an answer asked since the gateway began to listen: one kept from before may predate the machines it lists.
    const lists = await Promise.all(LLM_INTENTS.map((i) => this.reach.listed(i, this.listening?.since ?? 0)));
    const mine = this.own.ids();
    const localModels = LLM_INTENTS.flatMap((i) => this.o.local?.models(i) ?? []);
    const ownOnly = freeOnly || this.o.settings().onlyMine || this.payingNodeId() === null;
    return modelList({
      lists,
      localModels,
      selfNodeId: this.o.selfNodeId,
      isOwn: (n) => this.own.isOwn(n, mine),
      ownOnly,
    });
  }

  /** Several answers (OpenAI `n`) are as many tasks, each its own row, joined into one body (choices.ts). */
  private serve(ask: WireAsk, x: ServeCall): Promise<Served> {
    return (ask.choices ?? 1) > 1 && !ask.stream
      ? serveChoices(
          ask.choices!,
          (share) => this.serveOne(ask, x, share),
          (bodies) => this.codec.join(bodies),
        )
      : this.serveOne(ask, x, {});
  }

  private async serveOne(ask: WireAsk, x: ServeCall, share: ChoiceShare): Promise<Served> {
    const started = this.o.now();
    const { nodeConnect: connect, nodeFetch, now } = this.o;
    const tries: StreamTries | null =
      x.sink && connect && streamable(ask)
        ? streamTries({ ask, sink: x.sink, connect, nodeFetch, now, sessions: this.sessions })
        : null;
    const local = {
      ask,
      ...x,
      local: this.o.local,
      build: this.codec.local.bind(this.codec),
      selfNodeId: this.o.selfNodeId,
      now: this.o.now,
    };
    const { end, written } = await routeLocalFirst(local, () =>
      routeTask(
        {
          intent: ask.intent,
          model: ask.model,
          payloadJson: ask.payloadJson,
          maxTokens: ask.maxTokens,
          timeoutMs: x.timeoutMs,
          signal: x.signal,
          needs: ask.needs,
        },
        {
          offer: this.reach,
          breaker: this.breaker,
          budget: this.budget,
          settings: this.o.settings,
          selfNodeId: () => this.o.selfNodeId,
          isOwn: (n) => this.own.isOwn(n),
          payingNodeId: () => this.payingNodeId(),
          nodeFetch: this.o.nodeFetch,
          now: this.o.now,
          call: tries?.call,
          appHold: (planned) => this.allowance.hold(x.appKeyId, planned),
          flagged: (id) => this.flags.has(id),
          freeOnly: x.freeOnly,
          copies: share.copies,
          handOver: share.handOver,
          plan: share.plan,
        },
      ),
    );
    share.spare?.(end.spare ?? [], end.plan ?? FREE_PLAN); // this computer's own server answers free: no plan
    const routed = end.outcome;
    const stream: StreamNote | null =
      !ask.stream || !end.node ? null : written || tries?.written ? 'streamed' : 'node_cannot';
    if (written || tries?.written) return this.bookStreamed(ask, end, stream, x.appKeyId);
    // The node's answer in the app's API; a node that answered something else has still done the work (and may be
    // paid for it), so the request is not sent again.
    const stamp = {
      id: end.taskId,
      nowMs: this.o.now(),
      elapsedMs: this.o.now() - started,
      usageCap: end.own === false ? end.claimBound : undefined,
    };
    const rendered = routed.ok ? await this.codec.render(ask, routed.plaintext, stamp) : null;
    const failure = !routed.ok ? routed : rendered && !rendered.ok ? rendered : null;
    // A node whose answer cannot be read is skipped for a while, like one that failed outright.
    if (rendered && !rendered.ok && rendered.status === 502 && end.node) this.breaker.failed(end.node.nodeId, ask);
    const tokens = rendered?.ok ? rendered.tokens : null;
    const refused =
      !routed.ok &&
      (routed.code === 'insufficient_quota' || NOT_SENT_CODES.has(routed.code) || routed.blame === 'request');
    const outcome = failure === null ? 'answered' : refused ? 'refused' : 'failed';
    const facts = {
      ask,
      end,
      atMs: this.o.now(),
      appKeyId: x.appKeyId,
      stream,
      outcome,
      code: failure?.code ?? 'ok',
      tokens,
    } as const;
    const entry = spendEntryOf(facts, this.figures(end, rendered?.ok === true, tokens));
    this.books.book(entry, end.release, routed.ok && end.own === false);
    const ids = { taskId: end.taskId, nodeId: end.node?.nodeId ?? null, own: end.own };
    if (rendered?.ok)
      return {
        ok: true,
        status: 200,
        code: 'ok',
        message: '',
        answer: { contentType: rendered.contentType, chunks: rendered.chunks },
        ...ids,
      };
    const f = failure!;
    return { ok: false, status: f.status, code: f.code, message: f.message, ...ids };
  }
}

export class GatewayOffError extends Error {
  constructor() {
    super('The gateway is off; turn it on to try it.');
    this.name = 'GatewayOffError';
  }
}
