/**
 * The LLM servers behind one node: the one chosen first and any the person added (a second program on this computer,
 * another box on the LAN). Each is watched on its own, so one that stops takes only its own models out of what the
 * node offers; together they offer the union of their models, and a task goes to a server that has its model.
 */
import type { BackendObservation } from './backend-monitor';
import type { BuildModel } from './backend-request';
import { combine, type CombinedObservation } from './combined-offer';
import { isDraining, LlmServer, MAIN_SERVER, type LlmServerHooks } from './llm-server';
import type { OpenAiCompatBackend } from './openai-compat';

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

export interface ServerSetOptions extends LlmServerHooks {
  /** The servers in the node's order, the main one first; read on every look, so added and removed servers follow. */
  servers: () => readonly ServerSpec[];
  /**
   * Public names (or, from older settings, backend ids) the person does not offer: they take no place in a server's
   * share of the advertised models. Read on every combination; a new array means the settings changed.
   */
  excluded?: () => readonly string[];
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

  /** Whether the person chose not to offer a model (by its public name or, from older settings, its backend id). */
  notOffered(model: { name: string; id: string }): boolean {
    const excluded = this.o.excluded?.() ?? NONE;
    return excluded.includes(model.name) || excluded.includes(model.id);
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

/** Lower is better: not in memory costs more than any number of running tasks. */
function rank(s: LlmServer, model: BuildModel | null): number {
  const cold = model !== null && s.holds(model.id) === false ? 1_000_000 : 0;
  return cold + s.inFlight;
}

const NONE: readonly string[] = [];
