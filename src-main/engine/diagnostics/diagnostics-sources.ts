import type { AppInfo, DetectionResult, EngineEvent, NodeSnapshot, Settings } from '@shared/contract';
import type { MachineRef, SecretStore } from '../identity';
import type { MachineIdentity } from './machine-identity';

/** What the diagnostics read from the running engine; every part may be missing or fail on its own. */
export interface DiagnosticsSources {
  appInfo(): AppInfo;
  snapshot(): NodeSnapshot;
  /** Throws while the engine is not running. */
  settings(): Settings;
  /** Newest first, as the event log pages; throws while the engine is not running. */
  events(limit: number, beforeId?: number): EngineEvent[];
  /** The running services, or null when the node is not running. */
  runtime(): {
    readonly taskPort: number | null;
    detect(extraUrls: readonly string[], apiKeys: readonly { url: string; apiKey: string }[]): Promise<DetectionResult>;
  } | null;
  /** Where the node's secrets live (their values are only used to mask them). */
  secretStore(): SecretStore | null;
  /** A backend API key given for this run only (IICP_BACKEND_API_KEY). */
  backendApiKey(): string | null;
  /** Names of programs this run has seen the owner use (what the owner-first watcher yielded to); masked by value. */
  programNames?(): readonly string[];
  /**
   * The person's machines on their list, by id and name (this computer's name is its settings' display name); masked by
   * value.
   */
  machines?(): readonly MachineRef[];
  /** This computer's user, name, home folder and addresses (default: read from the system each time). */
  machine?(): MachineIdentity;
  dataDir: string;
  now(): Date;
  /** The home folder, when it is not the machine's (tests). */
  home?: string;
  fetchImpl?: typeof fetch;
  /** Bounds the health call and the backend detection (default 4 s). */
  timeoutMs?: number;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One part read on its own: a part that fails is kept as its error, and the rest of the bundle is still made. */
export function attempt<T>(fn: () => T): T | { error: string } {
  try {
    return fn();
  } catch (err) {
    return { error: errorText(err) };
  }
}
