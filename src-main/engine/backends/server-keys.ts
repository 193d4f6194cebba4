/**
 * The API keys of the LLM servers added after the first: one secret holding a JSON map from server id to key, so
 * a key never lands in the settings or the database. The first server keeps its own secret, `backend_api_key`.
 */
import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../identity';

const SECRET = 'backend_api_keys';
let parsedFrom: string | null = null;
let parsed: Readonly<Record<string, string>> = {};

function readAll(secrets: SecretStore): Readonly<Record<string, string>> {
  const raw = secrets.get(SECRET);
  if (raw === parsedFrom) return parsed;
  let value: Record<string, string> = {};
  try {
    const v: unknown = raw ? JSON.parse(raw) : {};
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [id, key] of Object.entries(v)) if (typeof key === 'string' && key !== '') value[id] = key;
    }
  } catch {
    value = {};
  }
  parsedFrom = raw;
  parsed = Object.freeze(value);
  return parsed;
}

/** The key of the added server `id`, or null. */
export function moreBackendKey(secrets: SecretStore, id: string): string | null {
  return Object.hasOwn(readAll(secrets), id) ? readAll(secrets)[id]! : null;
}

/** A fresh id for an added server: eight lowercase hex digits none of `taken` has. */
export function newServerId(taken: readonly string[]): string {
  for (;;) {
    const id = randomBytes(4).toString('hex');
    if (!taken.includes(id) && id !== 'main') return id;
  }
}

/** Every added server's key (what the logs must never show). */
export function moreBackendKeys(secrets: SecretStore): string[] {
  return Object.values(readAll(secrets));
}

/**
 * Sets (a string) or removes (null) the keys of added servers in one write; `keep`, when given, drops the keys of
 * servers no longer set up.
 */
export function updateMoreBackendKeys(
  secrets: SecretStore,
  changes: Readonly<Record<string, string | null>>,
  keep?: readonly string[],
): void {
  const next: Record<string, string> = { ...readAll(secrets) };
  for (const [id, key] of Object.entries(changes)) {
    if (key === null) delete next[id];
    else next[id] = key;
  }
  if (keep) for (const id of Object.keys(next)) if (!keep.includes(id)) delete next[id];
  secrets.update({ [SECRET]: Object.keys(next).length > 0 ? JSON.stringify(next) : null });
}
