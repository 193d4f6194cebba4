/**
 * One LLM server of the node: its own watcher (backend-monitor.ts), its own client, made again when its key changes,
 * and the tasks it runs now; and when tasks go to a server.
 */
import { BackendMonitor, type BackendObservation } from './backend-monitor';
import type { BuildOptions } from './backend-request';
import { isThisComputerUrl } from './detect/local-address';
import { OpenAiCompatBackend } from './openai-compat';

/** The id of the server set up first (`backendUrl` in the settings). */
export const MAIN_SERVER = 'main';

/** What one server's watcher and client read of the node. */
export interface LlmServerHooks {
  /** The API key of one server, or null. */
  apiKey: (id: string) => string | null;
  /** The public name of the model chosen first (its backend id on each server is looked up there). */
  chosenModel: () => string | null;
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
    private readonly o: LlmServerHooks,
  ) {
    this.onThisComputer = isThisComputerUrl(url);
    this.monitor = new BackendMonitor({
      url: () => this.url,
      apiKey: () => o.apiKey(id),
      selectedModel: () => {
        const chosen = o.chosenModel();
        if (!chosen) return null;
        // Another server's model is not this one's to wait for. Before the first answer the main server is asked for
        // the chosen name as it stands (the settings may hold its backend id, from older versions).
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

/** Whether tasks go to a server: healthy, or slow but described before (a slow server still serves). */
export function servesTasks(obs: Readonly<BackendObservation>): boolean {
  return obs.status === 'healthy' || (obs.status === 'slow' && obs.facts.length > 0);
}

/** Whether a server tells the network it is draining: it takes no new task. */
export function isDraining(s: LlmServer): boolean {
  return s.observation.stability?.backend_state === 'draining';
}
