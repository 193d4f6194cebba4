/**
 * What several LLM servers offer together, in the shape one server's watcher gives: the union of the models of those
 * that serve, each server no more than its fair share of the advertised models, and one status, flavour and stability.
 */
import { ADVERTISED_MODELS_MAX } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import type { BackendObservation } from './backend-monitor';
import { isDraining, servesTasks, type LlmServer } from './llm-server';
import type { ModelFacts } from './model-facts';
import type { BackendFlavour, LeftOutModel } from './probe';
import { STABILITY_OK, type BackendStability } from './stability';

/** What several servers look like together, in the shape one server's watcher gives. */
export interface CombinedObservation extends BackendObservation {
  /** Per model's public name, the servers that run it (the main one first). */
  holders: ReadonlyMap<string, readonly LlmServer[]>;
  /** Per server id, the models past its fair share of `ADVERTISED_MODELS_MAX`, left out (`too_many`). */
  crowded: ReadonlyMap<string, readonly LeftOutModel[]>;
}

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
 * past a share are left out as `too_many`, named on that server's card.
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

export function combine(
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
