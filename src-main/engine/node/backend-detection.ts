import type { DetectionResult, Settings } from '@shared/contract';
import { detectBackends } from '../backends/detect';
import { backendRoot } from '../backends/urls';
import type { SecretStore } from '../identity/secret-store';
import { judgeServerUrl } from '../net/server-address';
import type { ProviderNodeOptions } from './options';
import { serverSpecs } from './serving-offer';

/** What the search for local LLM servers reads of the node: the server set up now and the keys it may use. */
export interface DetectionSources {
  settings: Settings;
  secrets: SecretStore;
  options: Pick<ProviderNodeOptions, 'backendApiKey' | 'tuning'>;
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
  const stored = s.options.backendApiKey ?? s.secrets.get('backend_api_key');
  if (configured && stored) keys[backendRoot(configured)] = stored;
  for (const k of apiKeys) keys[backendRoot(k.url)] = k.apiKey;
  const resolve = s.options.tuning?.resolveHost;
  return detectBackends({
    extraUrls: configured ? [configured, ...extraUrls] : extraUrls,
    apiKeys: keys,
    confirmed: [...serverSpecs(s.settings).map((spec) => spec.url), ...confirmedUrls],
    judge: (url) => judgeServerUrl(url, resolve),
    ...(s.options.tuning?.detectWellKnown ? { wellKnown: s.options.tuning.detectWellKnown } : {}),
  });
}
