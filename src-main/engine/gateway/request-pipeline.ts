import type { GatewayStreamNote } from '@shared/contract';
import {
  INTENT_MODERATE,
  INTENT_SPEECH,
  INTENT_TRANSCRIBE,
  LLM_INTENTS,
  SPEECH_INTENTS,
  type SpeechIntent,
} from '../backends';
import type { SpeechKind } from './api-shapes';
import { audioLists, serveSpeech, type SpeechDeps } from './speech-requests';
import { GatewayCodec, GatewayServer, servedOf, type Served, type StreamSink, type WireAsk } from './listener';
import {
  FREE_PLAN,
  NativeSessions,
  NOT_SENT_CODES,
  routeLocalFirst,
  routeTask,
  serveChoices,
  deliveryOf,
  WHOLE,
  type Delivery,
  streamTries,
  type ChoiceShare,
  type RouteDeps,
  type RouteEnd,
  type StreamTries,
  type TryCall,
} from './routing';
import { modelList, ModelDetails, type ListedModel } from './models';
import { spendEntryOf, spendFigures } from './spend-figures';
import { typicalAnswerTokens } from './spending';
import type { GatewayOptions } from './gateway-options';
import type { SharedParts } from './shared-parts';

const SPEECH_KIND: Readonly<Record<SpeechIntent, SpeechKind>> = {
  [INTENT_TRANSCRIBE]: 'transcribe',
  [INTENT_SPEECH]: 'speech',
  [INTENT_MODERATE]: 'moderate',
};

type ServeCall = { timeoutMs: number; signal: AbortSignal; sink?: StreamSink; appKeyId: string; freeOnly?: boolean };

/**
 * An app's request from the listener to its answer and its row: this computer first, then own machines and the
 * network (routing/), the answer rendered in the app's API, the row booked in the spent book. The listener
 * (`server`) is built here, with the handlers that serve it; the gateway's listener (gateway-listener.ts) opens and
 * closes it.
 */
export class RequestPipeline {
  readonly server: GatewayServer;
  readonly codec = new GatewayCodec();
  /** Native sessions kept between streamed requests to the same node. */
  readonly sessions = new NativeSessions();

  constructor(
    private readonly o: GatewayOptions,
    private readonly p: SharedParts,
    /** Since when the listener listens (0: not listening): a model list waits for an answer asked since then. */
    private readonly since: () => number,
  ) {
    const details = new ModelDetails({
      listed: (freeOnly) => this.models(freeOnly),
      nodes: (i) => p.reach.nodes(i, null),
      isOwn: (n) => p.own.isOwn(n),
      local: o.local,
      now: o.now,
    });
    this.server = new GatewayServer({
      checkKey: (k) => p.keys.check(k),
      admit: (id) => p.allowance.admit(id),
      allowedOrigins: () => o.settings().allowedOrigins,
      keylessOllama: () => o.settings().keylessOllama,
      models: (freeOnly) => this.models(freeOnly),
      shape: (route, body) => this.codec.shape(route, body),
      ...details.handlers((ask, x) => this.serve(ask, x)),
      speech: (route, request, x) => serveSpeech(this.speechDeps(), route, request, x),
      audioLists: async (what, freeOnly) =>
        audioLists(what, await this.models(freeOnly), this.o.local?.voices?.() ?? []),
    });
  }

  /** What a speech request is served with: the same offer, limits, allowances and books as chat. */
  private speechDeps(): SpeechDeps {
    return {
      p: this.p,
      local: this.o.local,
      selfNodeId: this.o.selfNodeId,
      now: this.o.now,
      routeDeps: (model, x) => this.routeDeps(model, x, {}),
      again: (route) => this.againIfBalanceGrew(route),
      figures: (end, answered, tokens) => this.figures(end, answered, tokens),
    };
  }

  private async models(freeOnly = false): Promise<ListedModel[]> {
    // Only an answer asked since the gateway began to listen: one kept from before may predate the machines it lists.
    const lists = await Promise.all(LLM_INTENTS.map((i) => this.p.reach.listed(i, this.since())));
    const mine = this.p.own.ids();
    const localModels = LLM_INTENTS.flatMap((i) => this.o.local?.models(i) ?? []);
    const ownOnly = freeOnly || this.o.settings().onlyMine || this.p.own.payingNodeId() === null;
    const listed = modelList({
      lists,
      localModels,
      selfNodeId: this.o.selfNodeId,
      isOwn: (n) => this.p.own.isOwn(n, mine),
      ownOnly,
    });
    // The speech models after the text models, each marked with what it does; a name a text model has keeps that.
    const speech = await Promise.all(
      SPEECH_INTENTS.map(async (i) =>
        modelList({
          lists: [await this.p.reach.listed(i, this.since())],
          localModels: this.o.local?.models(i) ?? [],
          selfNodeId: this.o.selfNodeId,
          isOwn: (n) => this.p.own.isOwn(n, mine),
          ownOnly,
        }).map((m) => ({ ...m, kind: SPEECH_KIND[i] })),
      ),
    );
    const names = new Set(listed.map((m) => m.id));
    for (const m of speech.flat()) {
      if (names.has(m.id)) continue;
      names.add(m.id);
      listed.push(m);
    }
    return listed;
  }

  /** Several answers (OpenAI `n`) are as many tasks, each its own row, joined into one body (choices.ts). */
  private serve(ask: WireAsk, x: ServeCall): Promise<Served> {
    return (ask.choices ?? 1) > 1 && !ask.stream
      ? serveChoices(
          ask.choices!,
          (share) => this.serveOne(ask, x, share, WHOLE),
          (bodies) => this.codec.join(bodies),
        )
      : this.serveOne(ask, x, {}, deliveryOf(ask, x.sink));
  }

  /** One task of a request, its answer delivered as decided once for the request (`delivery`, routing/delivery.ts). */
  private async serveOne(ask: WireAsk, x: ServeCall, share: ChoiceShare, delivery: Delivery): Promise<Served> {
    const started = this.o.now();
    const { nodeConnect: connect, nodeFetch, now } = this.o;
    const tries: StreamTries | null =
      delivery.kind === 'stream' && connect
        ? streamTries({ ask, sink: delivery.sink, connect, nodeFetch, now, sessions: this.sessions })
        : null;
    const local = {
      ask,
      ...x,
      delivery,
      local: this.o.local,
      build: this.codec.local.bind(this.codec),
      selfNodeId: this.o.selfNodeId,
      now: this.o.now,
    };
    const route = (): Promise<RouteEnd> =>
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
        this.routeDeps(ask.model, x, share, tries?.call),
      );
    const { end, written } = await routeLocalFirst(local, () => this.againIfBalanceGrew(route));
    share.spare?.(end.spare ?? [], end.plan ?? FREE_PLAN); // this computer's own server answers free: no plan
    const routed = end.outcome;
    // The row's stream note: whether an app that asked for a stream got the answer as the node made it.
    const streamNote: GatewayStreamNote | null =
      !ask.stream || !end.node ? null : written || tries?.written ? 'streamed' : 'node_cannot';
    if (written || tries?.written) return this.bookStreamed(ask, end, streamNote, x.appKeyId);
    // The node's answer in the app's API; a node that answered something else has still done the work (and may be
    // paid for it), so the request is not sent again.
    const stamp = {
      id: end.taskId,
      nowMs: this.o.now(),
      elapsedMs: this.o.now() - started,
      usageCap: end.own === false ? end.claimBound : undefined,
      lowered: end.maxTokensLowered ?? undefined,
    };
    const rendered = routed.ok ? await this.codec.render(ask, routed.plaintext, stamp) : null;
    const failure = !routed.ok ? routed : rendered && !rendered.ok ? rendered : null;
    // A node whose answer cannot be read is skipped for a while, like one that failed outright.
    if (rendered && !rendered.ok && rendered.status === 502 && end.node) this.p.breaker.failed(end.node.nodeId, ask);
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
      streamNote,
      outcome,
      code: failure?.code ?? 'ok',
      tokens,
      answerTokens: rendered?.ok ? rendered.answerTokens : null,
    } as const;
    const entry = spendEntryOf(facts, this.figures(end, rendered?.ok === true, tokens));
    this.p.books.book(entry, end.release, routed.ok && end.own === false);
    return servedOf(rendered, failure, {
      taskId: end.taskId,
      nodeId: end.node?.nodeId ?? null,
      own: end.own,
      maxTokensLowered: end.maxTokensLowered ?? null,
    });
  }

  /** What routing needs for one task of an app's request: the offer, the limits, the app's allowance, the books. */
  private routeDeps(model: string, x: Omit<ServeCall, 'sink'>, share: ChoiceShare, call?: TryCall): RouteDeps {
    return {
      offer: this.p.reach,
      breaker: this.p.breaker,
      budget: this.p.budget,
      settings: this.o.settings,
      selfNodeId: () => this.o.selfNodeId,
      isOwn: (n) => this.p.own.isOwn(n),
      payingNodeId: () => this.p.own.payingNodeId(),
      nodeFetch: this.o.nodeFetch,
      now: this.o.now,
      call,
      appHold: (planned) => this.p.allowance.hold(x.appKeyId, planned),
      appRoom: {
        credits: () => this.p.allowance.room(x.appKeyId),
        refusal: () => this.p.allowance.refusal(x.appKeyId),
      },
      flagged: (id) => this.p.flags.has(id),
      freeOnly: x.freeOnly,
      copies: share.copies,
      handOver: share.handOver,
      plan: share.plan,
      typicalAnswer: (bound) =>
        typicalAnswerTokens(
          (appKeyId, limit) => this.o.book.answerTokens?.(model, appKeyId, limit) ?? [],
          x.appKeyId,
          bound,
        ),
    };
  }

  /**
   * A request refused for the balance before any try is routed once more if a fresh read of the balance shows it grew:
   * credits granted since the last read are spent at once, not refused as missing (the read is at most once every few
   * seconds, balance-reread.ts).
   */
  private async againIfBalanceGrew(route: () => Promise<RouteEnd>): Promise<RouteEnd> {
    const first = await route();
    if (first.attempts > 0 || first.limit !== 'balance' || !(await this.p.reread.grew())) return first;
    first.release();
    return route();
  }

  /**
   * A request whose answer streamed to the app: booked at what the node's sealed end reported, capped by what was held
   * for it; nothing when the stream broke or the app left before that end.
   */
  private bookStreamed(ask: WireAsk, end: RouteEnd, streamNote: GatewayStreamNote | null, appKeyId: string): Served {
    const r = end.outcome;
    const tokens = r.ok ? (r.alreadyWritten?.tokens ?? null) : null;
    const answerTokens = r.ok ? (r.alreadyWritten?.answerTokens ?? null) : null;
    const failed = !r.ok ? r : null;
    const outcome = failed === null ? 'answered' : failed.code === 'insufficient_quota' ? 'refused' : 'failed';
    const entry = spendEntryOf(
      {
        ask,
        end,
        atMs: this.o.now(),
        appKeyId,
        streamNote,
        outcome,
        code: failed?.code ?? 'ok',
        tokens,
        answerTokens,
      },
      this.figures(end, r.ok, tokens),
    );
    this.p.books.book(entry, end.release, r.ok && end.own === false);
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
    if (f.flag === 'overclaimed' && end.node) this.p.flags.add(end.node.nodeId);
    return f;
  }
}
