import { join } from 'node:path';
import { FileSecretStore, PLAIN_SECRETS_FILE, type SecretName } from '@engine/identity';
import { credentialWords, decodeUrlCredentials, encodeUrlCredentials, type UrlCredentials } from '@engine/net';
import type { ServicePlan } from './service-plan';

const WHICH: readonly { key: keyof ServicePlan['urlCredentials']; secret: SecretName; label: string }[] = [
  { key: 'backend', secret: 'backend_url_credentials', label: 'the backend URL (--backend-url)' },
  { key: 'directory', secret: 'directory_url_credentials', label: 'the directory URL (--directory-url)' },
];

export class ServiceSecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceSecretsError';
  }
}

const same = (a: UrlCredentials | null, b: UrlCredentials | null) =>
  a === null || b === null ? a === b : encodeUrlCredentials(a) === encodeUrlCredentials(b);

/**
 * Keeps the credentials taken out of the service's URLs in the node's own secret store (the file the headless engine
 * reads its other secrets from, owner-only), where the engine finds them at start; credentials an earlier install
 * kept for a URL that now carries none are removed, so the latest install decides. Returns what it did, one plain
 * line each (nothing when nothing changed). Throws ServiceSecretsError when credentials cannot be kept: then the
 * service must not be installed, or it would call its servers without them.
 */
export function keepUrlCredentials(plan: ServicePlan): string[] {
  const path = join(plan.dataDir, PLAIN_SECRETS_FILE);
  const store = new FileSecretStore(path);
  const wanted = WHICH.map((w) => ({ ...w, next: plan.urlCredentials[w.key] }));
  let stored: (UrlCredentials | null)[];
  try {
    stored = wanted.map((w) => decodeUrlCredentials(store.get(w.secret)));
  } catch (err) {
    // A secrets file the engine would refuse too: say so only if there is something to keep in it.
    if (wanted.every((w) => w.next === null)) return [];
    throw new ServiceSecretsError(
      `The credentials in the URLs could not be kept in ${path}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const changes: Partial<Record<SecretName, string | null>> = {};
  const lines: string[] = [];
  wanted.forEach((w, i) => {
    const before = stored[i] ?? null;
    if (same(before, w.next)) return;
    changes[w.secret] = w.next === null ? null : encodeUrlCredentials(w.next);
    if (w.next !== null) {
      lines.push(
        `Moved ${credentialWords(w.next)} of ${w.label} into the node's secrets file ${path}, ${store.description}. ` +
          `The service file and its command line hold ${w.next.url} without them; the node adds them back when it calls that address.`,
      );
    } else if (before !== null) {
      lines.push(`Removed the credentials an earlier install kept for ${w.label}: this install gives none.`);
    }
  });
  if (Object.keys(changes).length === 0) return [];
  try {
    store.update(changes);
  } catch (err) {
    throw new ServiceSecretsError(
      `The credentials in the URLs could not be kept in ${path}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return lines;
}
