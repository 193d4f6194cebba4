/**
 * What the node offers the network, made from the LLM server's models and the settings, and the client tasks reach
 * that server through. The task path asks for these several times per request, so each is rebuilt only when its
 * inputs change.
 */
import type { BackendFlavour, Settings } from '@shared/contract';
import { BackendMonitor, type BackendObservation } from '../backends/backend-monitor';
import { buildCapabilities, OpenAiCompatBackend, type BuildOptions, type BuiltCapabilities, type ModelFacts } from '../backends';
import { INTENT_CHAT } from '../backends/intents';
import type { DirectoryStatus } from '../directory/link-session';
import type { Advertised } from '../server/task-handler-types';

export interface ServingOfferOptions {
  settings: () => Settings;
  /** The backend API key in force: this run's, else the stored one. */
  apiKey: () => string | null;
  /** What the directory accepted at the last registration. */
  directory: () => Readonly<DirectoryStatus>;
  /** A look at the server found something new (it went away, came back, or lists other models). */
  onObserved: () => void;
  fetchImpl?: typeof fetch;
}

export class ServingOffer {
  /** Looks at the LLM server: on demand, before heartbeats, and when a task finds it gone. */
  readonly monitor: BackendMonitor;
  private backend: OpenAiCompatBackend | null = null;
  private backendKey = '';
  private capsCache: { facts: readonly ModelFacts[]; settings: Settings; built: BuiltCapabilities } | null = null;
  private advertisedCache: { built: BuiltCapabilities; models: readonly string[]; value: Advertised } | null = null;
  private buildCache: { built: BuiltCapabilities; advertised: Advertised; flavour: BackendFlavour | null; value: BuildOptions } | null = null;

  constructor(private readonly o: ServingOfferOptions) {
    this.monitor = new BackendMonitor({
      url: () => o.settings().backendUrl,
      apiKey: () => o.apiKey(),
      selectedModel: () => this.selectedBackendModel(),
      // A task found the server gone, or a quick look found it back: say so now, not at the next heartbeat.
      onChange: () => o.onObserved(),
    });
  }

  get observation(): Readonly<BackendObservation> {
    return this.monitor.observation;
  }

  /** Whether tasks go to the LLM server now. */
  get serving(): boolean {
    return servesTasks(this.monitor.observation);
  }

  /** The settings or the API key changed: the next task makes a new client. */
  forgetBackend(): void {
    this.backend = null;
  }

  /** Everything the server offers that the settings allow, with its capabilities. */
  capabilities(): BuiltCapabilities {
    const s = this.o.settings();
    const facts = this.monitor.observation.facts;
    const c = this.capsCache;
    if (c && c.facts === facts && c.settings === s) return c.built;
    const built = buildCapabilities({ facts, defaultModel: s.defaultModel, excludedModels: s.excludedModels, maxTokens: s.maxTokens, offerCompletion: s.offerCompletion });
    this.capsCache = { facts, settings: s, built };
    return built;
  }

  /** What tasks may use: what the directory accepted, or — never registered — what we would advertise. */
  advertised(): Advertised {
    const built = this.capabilities();
    const dir = this.o.directory();
    const models = dir.registeredAt !== null ? dir.acceptedModels : built.models;
    const a = this.advertisedCache;
    if (a && a.built === built && a.models === models) return a.value;
    const intents = new Set(built.capabilities.filter((cap) => cap.models.some((m) => models.includes(m))).map((cap) => cap.intent));
    const value = { intents, models, maxTokens: this.o.settings().maxTokens };
    this.advertisedCache = { built, models, value };
    return value;
  }

  /** The client tasks go through, or null while no server is chosen. */
  currentBackend(): OpenAiCompatBackend | null {
    const s = this.o.settings();
    if (!s.backendUrl) return null;
    const apiKey = this.o.apiKey();
    const key = `${s.backendUrl}|${apiKey ? 'k' : ''}`;
    if (!this.backend || key !== this.backendKey) {
      this.backendKey = key;
      this.backend = new OpenAiCompatBackend({
        url: s.backendUrl,
        apiKey,
        build: () => this.buildOptions(),
        fetchImpl: this.o.fetchImpl,
      });
    }
    return this.backend;
  }

  /**
   * What a task's backend request is built from: the advertised models by public name with their backend ids and
   * limits, and the default (the chosen model, else the first offered).
   */
  private buildOptions(): BuildOptions {
    const built = this.capabilities();
    const advertised = this.advertised();
    const flavour = this.monitor.observation.flavour;
    const c = this.buildCache;
    if (c && c.built === built && c.advertised === advertised && c.flavour === flavour) return c.value;
    const models: BuildOptions['models'] = Object.create(null) as BuildOptions['models'];
    for (const name of advertised.models) {
      const m = built.offered.get(name);
      if (m) (models as Record<string, unknown>)[name] = { id: m.id, maxTokens: m.maxTokens, tools: m.tools };
    }
    const value: BuildOptions = { defaultModel: built.models[0] ?? null, models, flavour };
    this.buildCache = { built, advertised, flavour, value };
    return value;
  }

  /** The backend's id of the chosen default model (settings may hold its public name or, from older versions, the id). */
  private selectedBackendModel(): string | null {
    const chosen = this.o.settings().defaultModel;
    if (!chosen) return null;
    return this.monitor.observation.facts.find((f) => f.name === chosen || f.id === chosen)?.id ?? chosen;
  }
}

/** The intent the node stands for where one is named (health, a relay bind, its own check): chat when offered. */
export function primaryIntent(adv: Advertised): string {
  return adv.intents.has(INTENT_CHAT) || adv.intents.size === 0 ? INTENT_CHAT : [...adv.intents][0]!;
}

/**
 * Whether tasks go to the LLM server: it is healthy, or it answered the last look too slowly but was described before
 * (a slow server still serves; a task it answers proves it).
 */
export function servesTasks(obs: Readonly<BackendObservation>): boolean {
  return obs.status === 'healthy' || (obs.status === 'slow' && obs.facts.length > 0);
}
