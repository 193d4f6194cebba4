/**
 * The LLM servers behind one node: the one chosen first and any the person added (a second program on this computer,
 * another box on the LAN). Each is watched on its own, so one that stops takes only its own models out of what the
 * node offers; together they offer the union of their models, and a task goes to a server that has its model.
 */
import { ADVERTISED_MODELS_MAX } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { BackendMonitor, type BackendObservation } from './backend-monitor';
import { isThisComputerUrl } from './detect/local-address';
import type { ModelFacts } from './model-facts';
import type { BuildModel, BuildOptions } from './backend-request';
import { OpenAiCompatBackend } from './openai-compat';
import type { BackendFlavour, LeftOutModel } from './probe';
import { STABILITY_OK, type BackendStability } from './stability';

/** The id of the server set up first (`backendUrl` in the settings). */
export const MAIN_SERVER = 'main';

export interface ServerSpec {
  id: string;
  url: string;
}

/** The servers the settings name, the main one first. */
export function serverSpecs(s: { backendUrl: string | null; moreBackends: readonly ServerSpec[] }): ServerSpec[] {
  const out: ServerSpec[] = [];
  if (s.backendUrl) out.push({ id: MAIN_SERVER, url: s.backendUrl });
  for (const more of s.moreBackends) out.push({ id: more.id, url: more.url });
  return out;
}

export interface ServerSetOptions {
  /** The servers in the node's order, the main one first; read on every look, so added and removed servers follow. */
  servers: () => readonly ServerSpec[];
  /** The API key of one server, or null. */
  apiKey: (id: string) => string | null;
  /** The public name of the model chosen first (its backend id on each server is looked up there). */
  chosenModel: () => string | null;
  /**
   * Public names (or, from older settings, backend ids) the person does not offer: they take no place in a server's
   * share of the advertised models. Read on every combination; a new array means the settings changed.
   */
  excluded?: () => readonly string[];
  /**
   * What a task's backend request is built from (the node's union); each server's client sends with its own flavour.
   */
  build: () => BuildOptions;
  /** A look found something new outside a refresh the caller awaits. */
  onChange: () => void;
  fetchImpl?: typeof fetch;
}

/** One server: its own watcher, its own client and the tasks it runs now. */
export class LlmServer {
  readonly monitor: BackendMonitor;
  /** Tasks sent to it and not yet answered. */
  inFlight = 0;
  /** When it was last given a task (the set's own count): among equals, the one given a task longest ago goes next. */
  lastRouted = 0;
  /** It runs on this computer, so it holds the GPU the owner may need back. */
  readonly onThisComputer: boolean;
  private client: OpenAiCompatBackend | null = null;
  private clientKey: string | null = null;

  constructor(
    readonly id: string,
    readonly url: string,
    private readonly o: ServerSetOptions,
  ) {
    this.onThisComputer = isThisComputerUrl(url);
    this.monitor = new BackendMonitor({
      url: () => this.url,
      apiKey: () => o.apiKey(id),
      selectedModel: () => {
        const chosen = o.chosenModel();
        if (!chosen) return null;
        // Another server's model is not this one's to wait for. Before the first answer the main server is asked for
        // the
        // chosen name as it stands (the settings may hold its backend id, from older versions).
        const facts = this.monitor.observation.facts;
        return (
          facts.find((f) => f.name === chosen || f.id === chosen)?.id ??
          (id === MAIN_SERVER && facts.length === 0 ? chosen : null)
        );
      },
      onChange: () => o.onChange(),
    });
  }

  get observation(): Readonly<BackendObservation> {
    return this.monitor.observation;
  }

  /** Whether tasks go to it now. */
  get serving(): boolean {
    return servesTasks(this.monitor.observation);
  }

  /** The client tasks reach it through (made again when its key changes). */
  backend(): OpenAiCompatBackend {
    const key = this.o.apiKey(this.id);
    if (!this.client || key !== this.clientKey) {
      this.clientKey = key;
      this.client = new OpenAiCompatBackend({
        url: this.url,
        apiKey: key,
        build: this.o.build,
        flavour: () => this.monitor.observation.flavour,
        fetchImpl: this.o.fetchImpl,
      });
    }
    return this.client;
  }

  /** Whether the backend id `id` is in its memory now (null: the server does not say). */
  holds(id: string): boolean | null {
    const loaded = this.monitor.observation.loaded;
    return loaded === null ? null : loaded.includes(id);
  }

  forgetClient(): void {
    this.client = null;
    this.clientKey = null;
  }
}

/** A task's way to one server: the client, what the task learns of the server, and the end of its turn there. */
export interface ServerRoute {
  readonly server: LlmServer;
  readonly backend: OpenAiCompatBackend;
  /** A task's call came back 2xx: proof of life. */
  answered(): void;
  /** A task's call failed at the connection (`code`). */
  failed(code: string | null): void;
  /** The server refused a task the node thought it could serve. */
  refused(status: number): void;
  /** The task is over (answered or not): the server's count of running tasks goes down. Idempotent. */
  done(): void;
}

/** What several servers look like together, in the shape one server's watcher gives. */
export interface CombinedObservation extends BackendObservation {
  /** Per model's public name, the servers that run it (the main one first). */
  holders: ReadonlyMap<string, readonly LlmServer[]>;
  /** Per server id, the models past its fair share of `ADVERTISED_MODELS_MAX`, left out (`too_many`). */
  crowded: ReadonlyMap<string, readonly LeftOutModel[]>;
}

export class ServerSet {
  private servers: LlmServer[] = [];
  private routed = 0;
  private combinedCache: {
    key: readonly BackendObservation[];
    excluded: readonly string[];
    chosen: string | null;
    value: CombinedObservation;
  } | null = null;
  private stopped = false;

  constructor(private readonly o: ServerSetOptions) {
    this.sync();
  }

  /** The servers now, in the node's order (the settings are read again first). */
  list(): readonly LlmServer[] {
    this.sync();
    return this.servers;
  }

  byId(id: string): LlmServer | null {
    return this.servers.find((s) => s.id === id) ?? null;
  }

  /** One look at every server at once; callers share looks in flight. */
  async refresh(timeoutMs?: number): Promise<void> {
    await Promise.all(this.list().map((s) => s.monitor.refresh(timeoutMs)));
  }

  /**
   * The servers together: healthy while any of them serves; the models of those that serve (one entry per public
   * name, from the first server that runs it); the first serving server's flavour and stability. With one server this
   * is that server's own observation.
   */
  observation(): CombinedObservation {
    const list = this.servers;
    const key = list.map((s) => s.observation);
    const excluded = this.o.excluded?.() ?? NONE;
    const chosen = this.o.chosenModel();
    const c = this.combinedCache;
    if (
      c &&
      c.excluded === excluded &&
      c.chosen === chosen &&
      c.key.length === key.length &&
      c.key.every((k, i) => k === key[i])
    )
      return c.value;
    const value = combine(list, new Set(excluded), chosen);
    this.combinedCache = { key, excluded, chosen, value };
    return value;
  }

  /**
   * Where a task for `model` goes: among the servers that run it and serve now, one that holds it in memory first,
   * then the one with the fewest running tasks, then the one given a task longest ago; null when none serves it now.
   */
  route(model: BuildModel | null): ServerRoute | null {
    const candidates = (model?.servers ?? [MAIN_SERVER])
      .map((id) => this.byId(id))
      .filter((s): s is LlmServer => s !== null && s.serving && !isDraining(s));
    if (candidates.length === 0) return null;
    let best = candidates[0]!;
    let bestRank = rank(best, model);
    for (let i = 1; i < candidates.length; i++) {
      const c = candidates[i]!;
      const r = rank(c, model);
      if (r < bestRank || (r === bestRank && c.lastRouted < best.lastRouted)) {
        best = c;
        bestRank = r;
      }
    }
    const server = best;
    server.inFlight += 1;
    server.lastRouted = ++this.routed;
    let open = true;
    const monitor = server.monitor;
    return {
      server,
      backend: server.backend(),
      answered: () => monitor.taskAnswered(),
      failed: (code) => monitor.taskFailed(code),
      refused: (status) => monitor.taskRefused(status),
      done: () => {
        if (!open) return;
        open = false;
        server.inFlight -= 1;
      },
    };
  }

  /** A key or the settings changed: clients are made again at the next task. */
  forgetClients(): void {
    for (const s of this.servers) s.forgetClient();
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.servers) s.monitor.stop();
  }

  /** Follows the settings: a new server gets a watcher, a removed or moved one's watcher stops. */
  private sync(): void {
    if (this.stopped) return;
    const specs = this.o.servers();
    const same =
      specs.length === this.servers.length &&
      specs.every((s, i) => this.servers[i]!.id === s.id && this.servers[i]!.url === s.url);
    if (same) return;
    const kept: LlmServer[] = [];
    for (const spec of specs) {
      const old = this.servers.find((s) => s.id === spec.id && s.url === spec.url);
      kept.push(old ?? new LlmServer(spec.id, spec.url, this.o));
    }
    for (const s of this.servers) if (!kept.includes(s)) s.monitor.stop();
    this.servers = kept;
  }
}

/** Whether tasks go to a server: healthy, or slow but described before (a slow server still serves). */
export function servesTasks(obs: Readonly<BackendObservation>): boolean {
  return obs.status === 'healthy' || (obs.status === 'slow' && obs.facts.length > 0);
}

function isDraining(s: LlmServer): boolean {
  return s.observation.stability?.backend_state === 'draining';
}

/** Lower is better: not in memory costs more than any number of running tasks. */
function rank(s: LlmServer, model: BuildModel | null): number {
  const cold = model !== null && s.holds(model.id) === false ? 1_000_000 : 0;
  return cold + s.inFlight;
}

const NONE: readonly string[] = [];

/**
 * How many models each server may advertise, fair to each: every server gets an equal part of `cap`, a server that
 * lists fewer gives what it leaves to the others, and a remainder goes to the servers first in the node's order
 * (max-min fairness). So the first server's models are never crowded out by another that lists thousands.
 */
export function fairShares(wants: readonly number[], cap: number = ADVERTISED_MODELS_MAX): number[] {
  const shares = wants.map(() => 0);
  let left = cap;
  let open = wants.map((_, i) => i).filter((i) => wants[i]! > 0);
  while (left > 0 && open.length > 0) {
    const part = Math.max(1, Math.floor(left / open.length));
    for (const i of open) {
      const give = Math.min(part, wants[i]! - shares[i]!, left);
      shares[i]! += give;
      left -= give;
    }
    open = open.filter((i) => shares[i]! < wants[i]!);
  }
  return shares;
}

/**
 * The servers' models as the node offers them: those of the servers that serve (with one server, its own, served or
 * not), each public name once from the first server that lists it, and no more than each server's fair share of
 * `ADVERTISED_MODELS_MAX`. The chosen model comes first on its server and the excluded ones take no place; the rest
 * past
 * a share are left out as `too_many`, named on that server's card.
 */
function offered(
  servers: readonly LlmServer[],
  excluded: ReadonlySet<string>,
  chosen: string | null,
): { facts: ModelFacts[]; holders: Map<string, LlmServer[]>; crowded: Map<string, LeftOutModel[]> } {
  const counts = (f: ModelFacts) => !excluded.has(f.name) && !excluded.has(f.id);
  // Each name belongs to the first server that lists it; the chosen model is the first of its server's share.
  const owned = new Set<string>();
  const candidates = servers.map((s) => {
    const mine: ModelFacts[] = [];
    for (const f of s.observation.facts) {
      if (owned.has(f.name)) continue;
      owned.add(f.name);
      mine.push(f);
    }
    const at = chosen === null ? -1 : mine.findIndex((f) => f.name === chosen || f.id === chosen);
    if (at > 0) mine.unshift(...mine.splice(at, 1));
    return mine;
  });
  const shares = fairShares(candidates.map((mine) => mine.filter(counts).length));
  const kept = new Set<string>();
  const crowded = new Map<string, LeftOutModel[]>();
  candidates.forEach((mine, i) => {
    let taken = 0;
    const past: LeftOutModel[] = [];
    for (const f of mine) {
      if (!counts(f)) kept.add(f.name);
      else if (taken < shares[i]!) {
        taken++;
        kept.add(f.name);
      } else past.push({ name: f.name, why: 'too_many' });
    }
    if (past.length > 0) crowded.set(servers[i]!.id, past);
  });
  // In the servers' order, each server's models in its own order; a name two servers list has both as holders.
  const holders = new Map<string, LlmServer[]>();
  const facts: ModelFacts[] = [];
  for (const s of servers) {
    for (const f of s.observation.facts) {
      if (!kept.has(f.name)) continue;
      const h = holders.get(f.name);
      if (h) {
        if (!h.includes(s)) h.push(s);
      } else {
        holders.set(f.name, [s]);
        facts.push(f);
      }
    }
  }
  return { facts, holders, crowded };
}

function combine(
  list: readonly LlmServer[],
  excluded: ReadonlySet<string>,
  chosen: string | null,
): CombinedObservation {
  if (list.length === 1) {
    const only = list[0]!;
    const obs = only.observation;
    const { facts, holders, crowded } = offered([only], excluded, chosen);
    if (!servesTasks(obs)) holders.clear();
    return { ...obs, facts, models: facts.map((f) => f.name), holders, crowded };
  }
  const serving = list.filter((s) => s.serving);
  const { facts, holders, crowded } = offered(serving, excluded, chosen);
  const first = serving[0] ?? list[0] ?? null;
  const obs = first?.observation;
  const anyLoading = list.some((s) => s.observation.status === 'loading');
  const anyChecking = list.some((s) => s.observation.status === 'checking');
  const status: BackendObservation['status'] =
    serving.length > 0
      ? 'healthy'
      : anyChecking
        ? 'checking'
        : anyLoading
          ? 'loading'
          : (obs?.status ?? 'not_configured');
  const down = list.filter((s) => !s.serving && s.observation.status !== 'checking');
  const message = serving.length > 0 ? partlyDown(down.length, list.length) : (obs?.message ?? null);
  const stability: BackendStability | null =
    serving.length > 0
      ? (serving.find((s) => !isDraining(s))?.observation.stability ?? serving[0]!.observation.stability)
      : (obs?.stability ?? null);
  const loadedIds = serving.flatMap((s) => s.observation.loaded ?? []);
  return {
    status,
    flavour: (obs?.flavour ?? null) as BackendFlavour | null,
    version: obs?.version ?? null,
    facts,
    models: facts.map((f) => f.name),
    // Left out on one server and served by another is not left out of the node.
    leftOut: leftOutOf(serving, holders),
    loaded: serving.every((s) => s.observation.loaded === null) ? null : loadedIds,
    stability: stability ?? (serving.length > 0 ? { ...STABILITY_OK } : null),
    message,
    checkedAt: Math.max(0, ...list.map((s) => s.observation.checkedAt ?? 0)) || null,
    holders,
    crowded,
  };
}

/** The models serving servers left out, each once, but none that another of them serves. */
function leftOutOf(serving: readonly LlmServer[], holders: ReadonlyMap<string, readonly LlmServer[]>): LeftOutModel[] {
  const out = new Map<string, LeftOutModel>();
  for (const s of serving)
    for (const u of s.observation.leftOut) if (!holders.has(u.name) && !out.has(u.name)) out.set(u.name, u);
  return [...out.values()];
}

/** The one sentence for servers that serve while others do not. */
function partlyDown(down: number, all: number): Said | null {
  if (down === 0) return null;
  return said('engine.backend.partlyDown', { down, all });
}
