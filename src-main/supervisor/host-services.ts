/**
 * What only the host can do for the engine: read and write its secrets in the OS key store, observe power source and
 * idle time, and apply the start-at-login choice. Nothing here throws at the supervisor except reading the secrets,
 * which decides whether an engine can start at all.
 */
import type { HostConditions } from '@engine/availability';
import { SECRET_NAMES, type SecretStore } from '@engine/identity';
import type { Channel } from './channel';
import { messageOf } from './exit-reasons';
import type { SupervisorOptions } from './options';
import type { EngineMessage, HostConditionsValue, HostMessage, SecretsFromHost } from './protocol';

/** Power source and idle time now; a reading that fails is unknown (null), never an error. */
export function conditionsValue(c: HostConditions | null | undefined): HostConditionsValue | null {
  if (!c) return null;
  const read = <T>(fn: () => T): T | null => {
    try {
      return fn();
    } catch {
      return null;
    }
  };
  return { onBattery: read(() => c.onBattery()), idleSeconds: read(() => c.idleSeconds()) };
}

/** The secrets an engine starts with; throws when the store cannot be read (a keychain prompt may block here). */
export function secretsValue(store: SecretStore | null | undefined): SecretsFromHost | null {
  if (!store) return null;
  const values: SecretsFromHost['values'] = {};
  for (const name of SECRET_NAMES) {
    const value = store.get(name);
    if (value !== null) values[name] = value;
  }
  return { description: store.description, encryptedAtRest: store.encryptedAtRest, values };
}

/** An engine asks the host to write secrets or apply the start-at-login choice; a write is always answered. */
export function serveHostRequest(
  message: Extract<EngineMessage, { t: 'writeSecrets' | 'startAtLogin' }>,
  channel: Channel<HostMessage, unknown>,
  options: Pick<SupervisorOptions, 'secrets' | 'onStartAtLoginChosen'>,
  log: (line: string) => void,
): void {
  if (message.t === 'writeSecrets') {
    let error: string | null = null;
    try {
      if (!options.secrets) throw new Error('this host keeps no secrets for the engine');
      options.secrets.update(message.changes);
    } catch (err) {
      error = messageOf(err);
    }
    channel.send({ t: 'secretsWritten', id: message.id, error });
    return;
  }
  try {
    options.onStartAtLoginChosen?.(message.enabled);
  } catch (err) {
    log(`the start-at-login choice could not be applied: ${messageOf(err)}`);
  }
}
