/**
 * The engine's `SecretStore` when its host keeps the secrets (the desktop app: only Electron's main process can use
 * the OS key store). The values arrive once at start; a change applies here at once (the engine's calls are
 * synchronous) and is written by the host in the order it was made. A write the host could not make is reported,
 * so the engine can say what a restart would lose.
 */
import type { SecretName, SecretStore } from '@engine/identity';
import type { SecretsFromHost } from '../supervisor/protocol';

export class HostSecretStore implements SecretStore {
  readonly description: string;
  readonly encryptedAtRest: boolean;
  private readonly values = new Map<SecretName, string>();
  private nextId = 1;
  private readonly waiting = new Map<number, (error: string | null) => void>();

  constructor(
    from: SecretsFromHost,
    private readonly write: (id: number, changes: Partial<Record<SecretName, string | null>>) => void,
    /** Each write's outcome, in order: null when the host wrote it, else why it could not. */
    private readonly onWritten: (error: string | null) => void,
  ) {
    this.description = from.description;
    this.encryptedAtRest = from.encryptedAtRest;
    for (const [name, value] of Object.entries(from.values) as [SecretName, string][]) this.values.set(name, value);
  }

  get(name: SecretName): string | null {
    return this.values.get(name) ?? null;
  }

  update(changes: Partial<Record<SecretName, string | null>>): void {
    for (const [name, value] of Object.entries(changes) as [SecretName, string | null | undefined][]) {
      if (value === undefined) continue;
      if (value === null) this.values.delete(name);
      else this.values.set(name, value);
    }
    const id = this.nextId++;
    this.waiting.set(id, (error) => this.onWritten(error));
    this.write(id, changes);
  }

  /** The host's answer to write `id`. */
  written(id: number, error: string | null): void {
    const done = this.waiting.get(id);
    this.waiting.delete(id);
    done?.(error);
  }

  /** Writes the host has not confirmed yet (a clean stop waits for them). */
  get unconfirmed(): number {
    return this.waiting.size;
  }
}
