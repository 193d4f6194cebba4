import { MODEL_KINDS, type LlmServerInfo, type ServerModels } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { cleanForeignText } from '@shared/text/foreign-text';
import type { BackendObservation } from './backend-monitor';
import { MAX_PUBLIC_NAME } from './model-names';
import type { ServerSet } from './server-set';

/**
 * Models left out of a server's offer that Settings names: a server listing thousands must not swell every snapshot.
 */
const MAX_LEFT_OUT_SHOWN = 20;

const PROBLEMS: Record<Exclude<BackendObservation['status'], 'healthy'>, Said> = {
  not_configured: said('engine.backend.list.notChosen'),
  checking: said('engine.backend.list.notLooked'),
  loading: said('engine.backend.list.loading'),
  slow: said('engine.backend.list.slow'),
  unreachable: said('engine.backend.list.unreachable'),
};

/**
 * The monitor's latest look as Settings' model list: every model the server lists (exclusions are the picker's
 * business), with what each one is. Only a healthy look is current; otherwise the list is what the server offered at
 * its last answer (maybe nothing) and `problem` says why it may be incomplete.
 */
export function serverModelsOf(obs: Readonly<BackendObservation>, url: string | null): ServerModels {
  const current = obs.status === 'healthy';
  let problem: Said | null = null;
  if (!current) {
    // The monitor's own words say what is wrong with an unreachable server (not answering, wants a key, …).
    const why = obs.status === 'unreachable' && obs.message ? obs.message : PROBLEMS[obs.status];
    problem = obs.facts.length > 0 && obs.status !== 'loading' ? said('engine.backend.list.offeredLast', { why }) : why;
  }
  return {
    url,
    flavour: obs.flavour,
    status: obs.status,
    // The monitor does not ask which models are in memory; that is the wizard's detection's business.
    models: obs.facts.map((f) => ({ name: f.name, kind: f.kind, modalities: [...f.modalities], loaded: null })),
    current,
    problem,
    checkedAt: obs.checkedAt === null ? null : new Date(obs.checkedAt).toISOString(),
  };
}

/**
 * Each LLM server as Settings and the dashboard list it; `hasKey` says whether the node holds an API key for it. A
 * server's models are those it offers: the models the person chose not to offer are not among them. Its models left
 * out are those its own look left out (unreadable, or failing the name and number rules) and
 * those past its share of what the node advertises; their names are the server's words, cleaned here, where they
 * enter the snapshot.
 */
export function describeServers(set: ServerSet, hasKey: (id: string) => boolean): LlmServerInfo[] {
  const servers = set.list();
  const crowded = set.observation().crowded;
  return servers.map((server) => {
    const o = server.observation;
    const past = crowded.get(server.id) ?? [];
    const passed = new Set(past.map((m) => m.name));
    const leftOut = server.serving ? [...o.leftOut, ...past] : [];
    // A model the person chose not to offer is on no line: the line lists what the network is told of.
    const offered = server.serving ? o.facts.filter((f) => !passed.has(f.name) && !set.notOffered(f)) : [];
    return {
      id: server.id,
      url: server.url,
      flavour: o.flavour,
      status: o.status,
      models: offered.map((f) => f.name),
      serves: MODEL_KINDS.filter((k) => offered.some((f) => f.kind === k)),
      leftOut: leftOut
        .slice(0, MAX_LEFT_OUT_SHOWN)
        .map((m) => ({ name: cleanForeignText(m.name, MAX_PUBLIC_NAME), why: m.why })),
      leftOutCount: leftOut.length,
      loaded: o.loaded === null ? null : o.loaded.length,
      busy: server.inFlight,
      message: o.message,
      hasKey: hasKey(server.id),
      onThisComputer: server.onThisComputer,
    };
  });
}
