/**
 * `--verify-earnings` with no IICP Provider running on the data folder: the node's own ledger checked against the
 * directory's signed event log here, by the engine code the node runs for "Verify now" (the verifier, the page check,
 * the comparison of every claim), so the report and the exit code are the ones the running node would give.
 *
 * The data folder is taken as a starting node takes it: refused while another process serves it, its database
 * opened (what a killed run left in the ledger's journal taken in, as at every start), and the node's lock held while
 * the database is copied into a private temporary folder. The check runs on that copy and the copy is removed after:
 * the node's own record of its checks (the keys it trusts, what it verified before) is read but never changed, so a
 * check against another directory, or one cut short, leaves nothing for the node to warn about later, and a host may
 * start on the folder again as soon as the copy is made.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwardDifference, VerificationInfo } from '@shared/contract';
import { databasePath } from '@engine/files';
import { FileSecretStore, InstanceLock, PLAIN_SECRETS_FILE, refuseServedFolder, storedNodeId } from '@engine/identity';
import { decodeUrlCredentials, useUrlCredentials, type UrlCredentials } from '@engine/net';
import { Store, systemClock } from '@engine/store';
import { AwardVerifier, InlineVerifyRunner, listDifferences, SignedLogState } from '@engine/verification';

export type StoppedCheck =
  | { ok: true; directoryUrl: string; info: VerificationInfo; rows: AwardDifference[]; total: number }
  | { ok: false; problem: string };

/** What the check needs of the data folder, read while its lock was held. */
interface Taken {
  nodeId: string;
  directoryUrl: string;
  registered: boolean;
  credentials: UrlCredentials | null;
  /** The private temporary folder holding the copy of the database. */
  dir: string;
}

const NEVER_RAN = 'No IICP Provider has run on this data folder yet, so it has no earnings to check.';

/**
 * Checks the stopped node of `dataDir` against the directory its settings name (or `directoryUrl`, this run's), and
 * lists the first `shown` differing claims.
 */
export async function checkStoppedNode(
  dataDir: string,
  o: { directoryUrl?: string; shown: number },
): Promise<StoppedCheck> {
  if (!existsSync(databasePath(dataDir))) return { ok: false, problem: `${NEVER_RAN}\n` };
  let taken: Taken;
  try {
    taken = await copyUnderLock(dataDir, o.directoryUrl);
  } catch (err) {
    return { ok: false, problem: `${err instanceof Error ? err.message : String(err)}\n` };
  }
  let copy: Store;
  try {
    copy = Store.open(join(taken.dir, 'provider.db'));
  } catch (err) {
    rmSync(taken.dir, { recursive: true, force: true });
    return {
      ok: false,
      problem: `The copy of the node's database could not be opened: ${err instanceof Error ? err.message : String(err)}\n`,
    };
  }
  const giveBack = useUrlCredentials(taken.credentials ? [taken.credentials] : []);
  // On this process's own event loop, not a thread: there is no task port here that the check could hold up.
  const verifier = new AwardVerifier({
    baseUrl: () => taken.directoryUrl,
    enabled: () => taken.registered,
    runner: new InlineVerifyRunner(copy.db, taken.nodeId, systemClock),
    state: new SignedLogState(copy.state),
    log: () => {},
    onChange: () => {},
    onProblem: () => {},
  });
  try {
    const info = await verifier.verifyNow();
    const { rows, total } = listDifferences(copy.db, undefined, o.shown, 0);
    return { ok: true, directoryUrl: taken.directoryUrl, info, rows, total };
  } finally {
    verifier.stop();
    giveBack();
    copy.close();
    rmSync(taken.dir, { recursive: true, force: true });
  }
}

/** Opens the folder's database as a starting node does, and copies it while holding the node's lock. */
async function copyUnderLock(dataDir: string, directoryUrl: string | undefined): Promise<Taken> {
  const runDir = join(dataDir, 'run');
  // Said by name when a host started since the caller looked (InstanceLockError), before the database is touched.
  refuseServedFolder(runDir);
  const store = Store.open(databasePath(dataDir));
  let lock: InstanceLock | null = null;
  let dir: string | null = null;
  try {
    const nodeId = storedNodeId(store.state);
    if (nodeId === null) throw new Error(NEVER_RAN);
    lock = new InstanceLock(runDir, nodeId);
    lock.acquire();
    let registered = true;
    let credentials: UrlCredentials | null = null;
    try {
      const secrets = new FileSecretStore(join(dataDir, PLAIN_SECRETS_FILE));
      registered = secrets.get('node_token') !== null;
      credentials = decodeUrlCredentials(secrets.get('directory_url_credentials'));
    } catch {
      // Secrets this process cannot open (the desktop app's, sealed by its OS key store) hold nothing the check needs
      // but whether the node ever registered: it is then checked as one that did.
    }
    const url = directoryUrl ?? store.settings.load().settings.directoryUrl;
    dir = mkdtempSync(join(tmpdir(), 'iicp-verify-'));
    await store.db.backup(join(dir, 'provider.db'));
    const taken: Taken = { nodeId, directoryUrl: url, registered, credentials, dir };
    dir = null;
    return taken;
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    // The database first: a host that starts once the lock is free finds no other connection open.
    store.close();
    lock?.release();
  }
}
