/**
 * What the node offers the network, made from its LLM servers' models and the settings, and the way a task reaches a
 * server that has its model. The task path asks for these several times per request, so each is rebuilt only when its
 * inputs change.
 */
import type { BackendFlavour, Settings } from '@shared/contract';
import {
  buildModelOf,
  buildCapabilities,
  INTENT_CHAT,
  ServerSet,
  STREAMED_INTENTS,
  serverSpecs,
  samplingTaken,
  servesTasks,
  type BuildModel,
  type BuildOptions,
  type BuiltCapabilities,
  type Capability,
  type CombinedObservation,
  type ServerRoute,
  type ServerSpec,
} from '../backends';
import { LIFECYCLE_PROFILE } from '../native';
import type { DirectoryStatus } from '../directory';
import type { Advertised } from './task-pipeline-types';

export interface ServingOfferOptions {
  settings: () => Settings;
  /** The API key of a server in force (`main`: this run's, else the stored one), or null. */
  apiKey: (server: string) => string | null;
  /** What the directory accepted at the last registration. */
  directory: () => Readonly<DirectoryStatus>;
  /** A look at a server found something new (it went away, came back, or lists other models). */
  onObserved: () => void;
  fetchImpl?: typeof fetch;
}

export class ServingOffer {
  /** The LLM servers, each looked at on its own: on demand, before heartbeats, and when a task finds one gone. */
  readonly servers: ServerSet;
  private specsCache: { settings: Settings; value: ServerSpec[] } | null = null;
  private capsCache: { obs: CombinedObservation; settings: Settings; built: BuiltCapabilities } | null = null;
  private advertisedCache: { built: BuiltCapabilities; models: readonly string[]; value: Advertised } | null = null;
  private buildCache: {
    built: BuiltCapabilities;
    advertised: Advertised;
    obs: CombinedObservation;
    value: BuildOptions;
  } | null = null;

  constructor(private readonly o: ServingOfferOptions) {
    this.servers = new ServerSet({
      servers: () => this.specs(),
      apiKey: (id) => o.apiKey(id),
      chosenModel: () => o.settings().defaultModel,
      excluded: () => o.settings().excludedModels,
      build: () => this.buildOptions(),
      // A task found a server gone, or a quick look found it back: say so now, not at the next heartbeat.
      onChange: () => o.onObserved(),
      fetchImpl: o.fetchImpl,
    });
  }

  /** All servers together (with one server, exactly its own observation). */
  get observation(): Readonly<CombinedObservation> {
    this.servers.list();
    return this.servers.observation();
  }

  /** Whether tasks go to some LLM server now. */
  get serving(): boolean {
    return servesTasks(this.observation);
  }

  /** One look at every server. */
  refresh(timeoutMs?: number): Promise<void> {
    return this.servers.refresh(timeoutMs);
  }

  stop(): void {
    this.servers.stop();
  }

  /** The settings or an API key changed: the next task makes new clients. */
  forgetBackend(): void {
    this.servers.forgetClients();
  }

  /** Everything the servers offer that the settings allow, with its capabilities. */
  capabilities(): BuiltCapabilities {
    const s = this.o.settings();
    const obs = this.observation;
    const c = this.capsCache;
    if (c && c.obs === obs && c.settings === s) return c.built;
    const engineOf = (f: { name: string }): string | null =>
      engineName(obs.holders.get(f.name)?.[0]?.observation.flavour ?? null);
    // What the first server that holds a model takes: a task for it goes there (`buildOptions`).
    const samplingOf = (f: { name: string }) => samplingTaken(obs.holders.get(f.name)?.[0]?.observation.flavour);
    const built = buildCapabilities({
      facts: obs.facts,
      defaultModel: s.defaultModel,
      excludedModels: s.excludedModels,
      maxTokens: s.maxTokens,
      offerCompletion: s.offerCompletion,
      engineOf,
      samplingOf,
    });
    this.capsCache = { obs, settings: s, built };
    return built;
  }

  /** What tasks may use: what the directory accepted, or — never registered — what we would advertise. */
  advertised(): Advertised {
    const built = this.capabilities();
    const dir = this.o.directory();
    const models = dir.registeredAt !== null ? dir.acceptedModels : built.models;
    const a = this.advertisedCache;
    if (a && a.built === built && a.models === models) return a.value;
    const intents = new Set(
      built.capabilities.filter((cap) => cap.models.some((m) => models.includes(m))).map((cap) => cap.intent),
    );
    const value = { intents, models, maxTokens: this.o.settings().maxTokens };
    this.advertisedCache = { built, models, value };
    return value;
  }

  /**
   * Where a task for the decoded model goes (`model`: its entry in the build options): a server that runs it, loaded
   * first, least busy next; null while no server that runs it serves.
   */
  route(model: BuildModel | null): ServerRoute | null {
    return this.servers.route(model);
  }

  /**
   * What a task's backend request is built from: the advertised models by public name with their backend ids, limits
   * and the servers that run each, and the default (the chosen model, else the first offered).
   */
  buildOptions(): BuildOptions {
    const built = this.capabilities();
    const advertised = this.advertised();
    const obs = this.observation;
    const c = this.buildCache;
    if (c && c.built === built && c.advertised === advertised && c.obs === obs) return c.value;
    const models: BuildOptions['models'] = Object.create(null) as BuildOptions['models'];
    for (const name of advertised.models) {
      const m = built.offered.get(name);
      const holders = obs.holders.get(name) ?? [];
      if (!m || holders.length === 0) continue;
      // The same public name may be another file on another server: a task goes only where it is what was built.
      const first = holders[0]!;
      const same = holders.filter(
        (h) =>
          h.observation.flavour === first.observation.flavour &&
          h.observation.facts.some((f) => f.name === name && f.id === m.id),
      );
      (models as Record<string, BuildModel>)[name] = buildModelOf(
        m,
        first.observation.flavour,
        same.map((h) => h.id),
      );
    }
    // A task that names no model goes to an LLM's model: a speech model answers only its own intent.
    const defaultModel =
      built.models.find((m) => ['chat', 'embedding'].includes(built.offered.get(m)?.kind ?? '')) ?? null;
    const value: BuildOptions = { defaultModel, models, flavour: obs.flavour };
    this.buildCache = { built, advertised, obs, value };
    return value;
  }

  private specs(): ServerSpec[] {
    const s = this.o.settings();
    const c = this.specsCache;
    if (c && c.settings === s) return c.value;
    const value = serverSpecs(s);
    this.specsCache = { settings: s, value };
    return value;
  }
}

/** The engine's name as the directory shows it to consumers; a server that did not say what it is has none. */
export function engineName(flavour: BackendFlavour | null): string | null {
  switch (flavour) {
    case 'ollama':
      return 'ollama';
    case 'llamacpp':
      return 'llama.cpp';
    case 'lmstudio':
      return 'lmstudio';
    case 'vllm':
      return 'vllm';
    case 'whispercpp':
      return 'whisper.cpp';
    case 'speaches':
      return 'speaches';
    case 'kokoro':
      return 'kokoro';
    case 'openedai_speech':
      return 'openedai-speech';
    case 'localai':
      return 'localai';
    default:
      return null;
  }
}

/** The intent the node stands for where one is named (health, a relay bind, its own check): chat when offered. */
export function primaryIntent(adv: Advertised): string {
  return adv.intents.has(INTENT_CHAT) || adv.intents.size === 0 ? INTENT_CHAT : [...adv.intents][0]!;
}

/** A capability as REGISTER sends it, with the protocol profiles it supports. */
export type AdvertisedCapability = Capability & { supported_profiles?: string[] };

/**
 * The capabilities with the service-lifecycle profile (the native transport's streamed calls) on the streamed intents
 * only; the others are left as they are. Copies: the built capabilities are cached and shared.
 */
export function withStreamProfile(caps: readonly Capability[]): AdvertisedCapability[] {
  return caps.map((c) => (STREAMED_INTENTS.has(c.intent) ? { ...c, supported_profiles: [LIFECYCLE_PROFILE] } : c));
}
