/**
 * The commands that change the node's LLM servers: search for them, choose the first one, add one more, remove an
 * added one, list a server's models; and the judgement of every server address a command brings. Only an address on
 * this computer or its local network is taken, and a link-local one (where cloud providers run their metadata
 * service) only once the person confirmed it (`net/server-address.ts`). An address the node already uses was judged
 * when it came in, so only new ones are.
 */
import { MAX_MORE_BACKENDS, type Settings } from '@shared/contract';
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said, type Said } from '@shared/i18n/said';
import type { SecretStore } from '../identity';
import { judgeServerUrl, type HostResolver } from '../net';
import type { BackendObservation } from './backend-monitor';
import { detectLocalServers, type DetectionSources } from './backend-detection';
import { serverModelsOf } from './server-models';
import { serverSpecs } from './server-set';
import { newServerId, updateMoreBackendKeys } from './server-keys';
import { backendRoot, backendUrlProblemKind, type BackendUrlProblem } from './urls';

/** A server address in a request, and the request's field that holds it (for the refusal's field problem). */
export interface ServerUrlField {
  url: string;
  path: string;
}

/** The server addresses in a settings change that the node does not use yet (compared by their root). */
export function newServerUrls(patch: Partial<Settings>, current: Settings): ServerUrlField[] {
  const known = new Set(serverSpecs(current).map((spec) => backendRoot(spec.url)));
  const asked: ServerUrlField[] = [];
  if (patch.backendUrl) asked.push({ url: patch.backendUrl, path: 'backendUrl' });
  (patch.moreBackends ?? []).forEach((b, i) => asked.push({ url: b.url, path: `moreBackends.${i}.url` }));
  return asked.filter((f) => !known.has(backendRoot(f.url)));
}

/** How a command that takes no confirmation says where the person can give one. */
export const CONFIRM_ELSEWHERE: Said = said('refusal.servers.confirmElsewhere');

/** Why a server elsewhere is refused. */
const NOT_LOCAL = said('refusal.servers.notLocal');

/**
 * Refuses the first address the node must not call as an LLM server: `invalid_request` for one elsewhere,
 * `needs_confirmation` for a link-local one the person has not confirmed (with `hint`, for a command that cannot
 * take the confirmation, saying where to give it). A name is judged on what it resolves to now.
 */
export async function vetServerUrls(
  fields: readonly ServerUrlField[],
  o: { confirmLinkLocal: boolean; resolve?: HostResolver; hint?: Said },
): Promise<void> {
  for (const f of fields) {
    const verdict = await judgeServerUrl(f.url, o.resolve);
    if (verdict.place === 'elsewhere')
      throw new ContractError('invalid_request', NOT_LOCAL, [{ path: f.path, message: NOT_LOCAL }]);
    if (verdict.place === 'link_local' && !o.confirmLinkLocal) {
      // The same sentence as the wizard's search says (`net/server-address.ts` has its English for the headless host).
      const problem = said('setup.problem.linkLocal', { byName: verdict.byName ? 'yes' : 'no' });
      const words = o.hint ? said('refusal.servers.withHint', { problem, hint: o.hint }) : problem;
      throw new ContractError('needs_confirmation', words, [{ path: f.path, message: words }]);
    }
  }
}

/** What the server commands need of the node. */
export interface ServerCommandTarget extends Pick<DetectionSources, 'backendApiKey' | 'resolveHost' | 'wellKnown'> {
  settings(): Settings;
  /** The running node's secret store; throws `engine_unavailable` while the node is not running. */
  secrets(): SecretStore;
  /** An API key changed: the next task makes new clients. */
  keysChanged(): void;
  /** Stores a settings change and applies it. */
  update(patch: Partial<Settings>): Settings;
}

/** What the bindings need besides: the node's gate, and a fresh look at the servers. */
export interface ServerCommandSources extends ServerCommandTarget {
  gate: CommandGate;
  /** Looks at the servers now and gives what was seen; throws `engine_unavailable` while the node is not running. */
  lookNow(): Promise<Readonly<BackendObservation>>;
}

type ServerCommands = 'detectBackends' | 'chooseBackend' | 'addServer' | 'removeServer' | 'listServerModels';

/** The server commands of the contract, bound to the node's LLM servers. */
export function serverCommands(t: ServerCommandSources): CommandBindings<ServerCommands> {
  return {
    detectBackends: (r) =>
      detectLocalServers(
        { ...t, settings: t.settings(), secrets: t.secrets() },
        r.extraUrls,
        r.apiKeys,
        r.confirmedUrls ?? [],
      ),
    chooseBackend: async (r) => {
      const fields = newServerUrls({ backendUrl: r.url }, t.settings()).map((f) => ({ ...f, path: 'url' }));
      await vetServerUrls(fields, { confirmLinkLocal: r.confirmLinkLocal === true, resolve: t.resolveHost });
      return t.gate.saved(chooseBackend(t, r));
    },
    addServer: async (r) => t.gate.saved(await addServer(t, r)),
    removeServer: (r) => t.gate.saved(removeServer(t, r.id)),
    // A fresh look at the configured server, then everything it lists with what each model is.
    listServerModels: async () => serverModelsOf(await t.lookNow(), t.settings().backendUrl),
  };
}

const keyNotSaved = (err: unknown) =>
  new ContractError(
    'store_error',
    said('refusal.servers.keyNotSaved', { detail: err instanceof Error ? err.message : String(err) }),
  );

/** What is wrong with a server address, as a part of the refusal's sentence. */
const URL_PROBLEM: Record<BackendUrlProblem, Said> = {
  not_url: said('refusal.servers.url.notUrl'),
  scheme: said('refusal.servers.url.scheme'),
  credentials: said('refusal.servers.url.credentials'),
  query: said('refusal.servers.url.query'),
};

/** Saves the chosen server and models; the API key goes to the secret store, never to the database. */
export function chooseBackend(
  t: ServerCommandTarget,
  r: { url: string; apiKey?: string | null; defaultModel: string | null; excludedModels: string[] },
): Settings {
  const secrets = t.secrets();
  if (r.apiKey !== undefined) {
    try {
      secrets.update({ backend_api_key: r.apiKey });
      t.keysChanged();
    } catch (err) {
      throw keyNotSaved(err);
    }
  }
  return t.update({ backendUrl: r.url, defaultModel: r.defaultModel, excludedModels: [...new Set(r.excludedModels)] });
}

/**
 * One more LLM server: only an address the node may call (above), never one already set up. Its key goes to the
 * secret store; the node looks at it at once.
 */
export async function addServer(
  t: ServerCommandTarget,
  r: { url: string; apiKey?: string | null; confirmLinkLocal?: boolean },
): Promise<Settings> {
  const secrets = t.secrets();
  const kind = backendUrlProblemKind(r.url);
  if (kind) {
    const problem = URL_PROBLEM[kind];
    throw new ContractError('invalid_request', said('refusal.servers.badAddress', { problem }), [
      { path: 'url', message: problem },
    ]);
  }
  await vetServerUrls([{ url: r.url, path: 'url' }], {
    confirmLinkLocal: r.confirmLinkLocal === true,
    resolve: t.resolveHost,
  });
  // Read after the name was judged: another change may have been saved meanwhile.
  const s = t.settings();
  const root = backendRoot(r.url);
  if (serverSpecs(s).some((spec) => backendRoot(spec.url) === root)) {
    throw new ContractError('invalid_request', said('refusal.servers.alreadyListed'), [
      { path: 'url', message: said('refusal.servers.alreadyListedField') },
    ]);
  }
  if (!s.backendUrl)
    return chooseBackend(t, {
      url: r.url,
      apiKey: r.apiKey ?? null,
      defaultModel: s.defaultModel,
      excludedModels: s.excludedModels,
    });
  if (s.moreBackends.length >= MAX_MORE_BACKENDS)
    throw new ContractError('invalid_request', said('refusal.servers.tooMany', { count: MAX_MORE_BACKENDS + 1 }));
  const id = newServerId(s.moreBackends.map((b) => b.id));
  if (r.apiKey) {
    try {
      updateMoreBackendKeys(secrets, { [id]: r.apiKey });
    } catch (err) {
      throw keyNotSaved(err);
    }
  }
  return t.update({ moreBackends: [...s.moreBackends, { id, url: r.url }] });
}

/** Stops using an added server and forgets its key. */
export function removeServer(t: ServerCommandTarget, id: string): Settings {
  const secrets = t.secrets();
  const s = t.settings();
  if (!s.moreBackends.some((b) => b.id === id))
    throw new ContractError('invalid_request', said('refusal.servers.noSuch'), [
      { path: 'id', message: said('refusal.servers.noSuchField') },
    ]);
  const moreBackends = s.moreBackends.filter((b) => b.id !== id);
  const saved = t.update({ moreBackends });
  try {
    updateMoreBackendKeys(
      secrets,
      { [id]: null },
      moreBackends.map((b) => b.id),
    );
  } catch {
    // The server is gone from the list; a key left behind is never used and goes with the next change.
  }
  return saved;
}
