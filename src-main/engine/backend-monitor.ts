import type { BackendStatus } from '../../src-preload/contract';
import { detectFlavour, listModels, observeStability, type BackendFlavour } from './backends';
import type { BackendStability } from './backends/stability';

export interface BackendObservation {
  status: BackendStatus;
  flavour: BackendFlavour | null;
  /** Models the server lists right now (before exclusions); empty until the first answer. */
  models: string[];
  stability: BackendStability | null;
  message: string | null;
  checkedAt: number | null;
}

/**
 * Watches the configured local LLM server: its flavour (once), its model list and its stability (on every
 * refresh, i.e. every heartbeat). Probes never throw and never follow redirects; a server that stops
 * answering becomes `unreachable` with a plain-words message.
 */
export class BackendMonitor {
  private obs: BackendObservation;
  private refreshing: Promise<BackendObservation> | null = null;
  private probedUrl: string | null = null;

  constructor(
    private readonly url: () => string | null,
    private readonly apiKey: () => string | null,
    private readonly selectedModel: () => string | null,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {
    this.obs = {
      status: url() ? 'checking' : 'not_configured',
      flavour: null,
      models: [],
      stability: null,
      message: url() ? 'Checking the local LLM server…' : 'No local LLM server chosen yet.',
      checkedAt: null,
    };
  }

  get observation(): Readonly<BackendObservation> {
    return this.obs;
  }

  /** One round of probes; concurrent callers share it. */
  refresh(timeoutMs = 2000): Promise<BackendObservation> {
    this.refreshing ??= this.probe(timeoutMs).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async probe(timeoutMs: number): Promise<BackendObservation> {
    const url = this.url();
    // Another server chosen: nothing known about the previous one (its flavour above all) still holds.
    if (url !== this.probedUrl) {
      this.probedUrl = url;
      this.obs = { ...this.obs, flavour: null, models: [], stability: null };
    }
    if (!url) {
      this.obs = { status: 'not_configured', flavour: null, models: [], stability: null, message: 'No local LLM server chosen yet.', checkedAt: this.now() };
      return this.obs;
    }
    const key = this.apiKey();
    const listing = await listModels(url, key, timeoutMs, this.fetchImpl);
    if (listing.status !== 'ok') {
      const message =
        listing.status === 'unauthorized'
          ? 'The local LLM server wants an API key (or a different one).'
          : listing.status === 'unreachable'
            ? 'The local LLM server is not responding.'
            : 'The local LLM server gave an answer this app does not understand.';
      this.obs = { ...this.obs, status: 'unreachable', stability: null, message, checkedAt: this.now() };
      return this.obs;
    }
    const flavour = this.obs.flavour ?? (await detectFlavour(url, key, timeoutMs, this.fetchImpl));
    const stability = await observeStability(flavour, url, key, this.selectedModel() ?? listing.models[0] ?? null, timeoutMs, this.now(), this.fetchImpl);
    this.obs = {
      status: 'healthy',
      flavour,
      models: listing.models,
      stability,
      message: listing.models.length === 0 ? 'The local LLM server has no models installed.' : null,
      checkedAt: this.now(),
    };
    return this.obs;
  }
}
