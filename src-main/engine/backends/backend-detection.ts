import type { BackendFlavour, DetectionResult, Settings } from '@shared/contract';
import { detectBackends } from './detect';
import { backendRoot } from './urls';
import type { SecretStore } from '../identity';
import { judgeServerUrl, type HostResolver } from '../net';
import { serverSpecs } from './server-set';

/** What the search for local LLM servers reads of the node: the server set up now and the keys it may use. */
export interface DetectionSources {
  settings: Settings;
  secrets: SecretStore;
  /** A backend API key given for this run only, which wins over the stored one. */
  backendApiKey?: string | null;
  /** How names are resolved before they are judged (tests map names; default the OS's). */
  resolveHost?: HostResolver;
  /** Replaces the well-known local servers probed (tests run fakes on free ports). */
  wellKnown?: readonly { url: string; label: BackendFlavour }[];
}

/**
 * The wizard's and the diagnostics' search: the usual local servers, the configured one, and the URLs the person
 * added, each asked with the key the person gave for it (the configured server with its stored key). A link-local
 * address is called only when the person confirmed it now or the node already uses it (it was confirmed then).
 */
export function detectLocalServers(
  s: DetectionSources,
  extraUrls: readonly string[],
  apiKeys: readonly { url: string; apiKey: string }[],
  confirmedUrls: readonly string[] = [],
): Promise<DetectionResult> {
  const configured = s.settings.backendUrl;
  const keys: Record<string, string> = {};
  const stored = s.backendApiKey ?? s.secrets.get('backend_api_key');
  if (configured && stored) keys[backendRoot(configured)] = stored;
  for (const k of apiKeys) keys[backendRoot(k.url)] = k.apiKey;
  const resolve = s.resolveHost;
  return detectBackends({
    extraUrls: configured ? [configured, ...extraUrls] : extraUrls,
    apiKeys: keys,
    confirmed: [...serverSpecs(s.settings).map((spec) => spec.url), ...confirmedUrls],
    judge: (url) => judgeServerUrl(url, resolve),
    ...(s.wellKnown ? { wellKnown: s.wellKnown } : {}),
  });
}
