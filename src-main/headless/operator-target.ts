/**
 * Where `--operator-create` and `--operator-import` do their work: the node running on the data folder, asked over
 * its dashboard bridge, or, with none running, the data folder's own secret store, held against a host starting
 * meanwhile. Both run the engine's own operator identity code (engine/identity/operator-identity.ts), so an identity
 * made or imported here is the one the app would have made, kept as the headless host keeps it.
 *
 * A running node is asked rather than written behind: it holds the secrets file and its contents in memory, and
 * would write them back over an identity added by another process.
 */
import { join } from 'node:path';
import type { ContractErrorBody, OperatorInfo } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { FileSecretStore, InstanceLock, OperatorIdentity, PLAIN_SECRETS_FILE } from '@engine/identity';
import { hostsOnFolder, HostCallError, type BridgeClient } from './host-call';

/** What the commands need of an operator identity, wherever it is kept. */
export interface OperatorTarget {
  info(): Promise<OperatorInfo>;
  create(displayName: string): Promise<OperatorInfo>;
  /** Never replaces another identity: that is refused (`invalid_state`) and nothing changes. */
  importFile(file: string, passphrase: string): Promise<OperatorInfo>;
}

/**
 * The contract's error of a refusal (from the engine here, or from the node over its bridge), or null for anything
 * else.
 */
export function refusalOf(err: unknown): ContractErrorBody | null {
  if (err instanceof ContractError || err instanceof HostCallError) return err.body;
  return null;
}

/** Deriving the key from a passphrase takes a moment; a busy computer gets more. */
const IMPORT_TIMEOUT_MS = 120_000;

/** The running node, over its dashboard bridge. */
export function hostTarget(bridge: BridgeClient): OperatorTarget {
  return {
    info: () => bridge.call('getOperator', {}, 30_000) as Promise<OperatorInfo>,
    create: (displayName) => bridge.call('createOperator', { displayName }, 30_000) as Promise<OperatorInfo>,
    importFile: (file, passphrase) =>
      bridge.call('importOperator', { file, passphrase, replace: false }, IMPORT_TIMEOUT_MS) as Promise<OperatorInfo>,
  };
}

/**
 * The lock file this command holds in the data folder's `run` folder while it writes: a host starting meanwhile finds
 * a live owner there and refuses to start (exit 73) rather than read the secrets file halfway through.
 */
const LOCK_NAME = 'operator-command';

export type HeldFolder = { ok: true; target: OperatorTarget; release(): void } | { ok: false; problem: string };

/**
 * The data folder's own identity, for a run with no node running on it: refused when one started since the caller
 * looked, and held (see LOCK_NAME) until `release`.
 */
export function holdStoppedFolder(dataDir: string): HeldFolder {
  const started = (pids: number[]) => ({
    ok: false as const,
    problem: `IICP Provider started on this data folder meanwhile (process ${pids.join(', ')}); nothing was changed. Run this again to ask it.\n`,
  });
  const before = hostsOnFolder(dataDir);
  if (before.length > 0) return started(before);
  const lock = new InstanceLock(join(dataDir, 'run'), LOCK_NAME);
  try {
    lock.acquire();
  } catch (err) {
    return { ok: false, problem: `${err instanceof Error ? err.message : String(err)}\n` };
  }
  // A host that took its own lock while this one was taken: it serves the folder now.
  const after = hostsOnFolder(dataDir);
  if (after.length > 0) {
    lock.release();
    return started(after);
  }
  const secrets = new FileSecretStore(join(dataDir, PLAIN_SECRETS_FILE));
  // The headless host's secret store, in the same file: its cache is this run's alone.
  const identity = new OperatorIdentity({
    secrets: () => secrets,
    log: () => {},
    identityChanged: () => {},
    stateChanged: () => {},
  });
  const target: OperatorTarget = {
    info: () => {
      // A store that cannot be read is said as the store says it (a file others can read, the desktop app's sealed
      // one).
      try {
        secrets.get('operator_identity');
      } catch (err) {
        return Promise.reject(new ContractError('store_error', err instanceof Error ? err.message : String(err)));
      }
      return Promise.resolve(identity.info());
    },
    create: (displayName) => Promise.resolve().then(() => identity.create(displayName)),
    importFile: (file, passphrase) => identity.importFile(file, passphrase, false),
  };
  return { ok: true, target, release: () => lock.release() };
}
