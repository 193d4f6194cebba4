/**
 * The earnings check on its own, as the node wires it (a store on a file, the verifier's thread, the verifier), for
 * tests and benches that need many events without a whole node: the 100 000-event bench and the kill -9 test.
 */
import type { VerificationInfo } from '@shared/contract';
import { Store } from '@engine/store';
import { AwardVerifier, type AwardVerifierOptions } from '@engine/verification/award-verifier';
import { SignedLogState } from '@engine/verification/signed-log-state';
import { ThreadVerifyRunner } from '@engine/verification/verify-runner';
import type { AppendAwardsResult } from './directory';

export interface VerifyHarness {
  store: Store;
  verifier: AwardVerifier;
  /** What each pass ended with, in order (a long log takes several passes of the budget). */
  ends: VerificationInfo[];
  /**
   * The outcome once the log is read (through as many passes as the node's budget takes); `onProgress` hears the events
   * read so far.
   */
  pass(): Promise<VerificationInfo>;
  close(): void;
}

/**
 * Opens the store at `dbPath` and a verifier of `nodeId`'s awards at `baseUrl` (the directory's API root). Passes run
 * as the node's timer runs them (incremental: on from the last page taken in), started at once by `pass()`.
 */
export function openVerifyHarness(
  dbPath: string,
  nodeId: string,
  baseUrl: string,
  onProgress: (events: number) => void = () => {},
  tuning: Pick<AwardVerifierOptions, 'budget'> = {},
): VerifyHarness {
  const store = Store.open(dbPath);
  const runner = new ThreadVerifyRunner(store.db.name, nodeId);
  store.beforeClose(() => runner.release());
  let settle: ((v: VerificationInfo) => void) | null = null;
  let wasRunning = false;
  // A long log takes the node several passes of its budget; here they follow each other at once, and `onProgress`
  // counts the events of all of them.
  let earlier = 0;
  let current = 0;
  const ends: VerificationInfo[] = [];
  const verifier: AwardVerifier = new AwardVerifier({
    baseUrl: () => baseUrl,
    enabled: () => true,
    runner,
    state: new SignedLogState(store.state),
    log: () => {},
    onChange: () => {
      const info = verifier.info();
      if (info.progress !== null) {
        current = info.progress;
        onProgress(earlier + current);
      }
      const running = info.state === 'reading';
      if (wasRunning && !running) {
        ends.push(info);
        earlier += current;
        current = 0;
        if (info.stopped?.reason !== 'budget') settle?.(info);
      }
      wasRunning = running;
    },
    // As the node wires it: the gateway's running sums hear of spent-book rows the thread gave the signed word to.
    spendMarked: () => store.spend.changedElsewhere(),
    onProblem: () => {},
    firstDelayMs: 0,
    continueAfterMs: 0,
    intervalMs: 24 * 3_600_000,
    ...tuning,
  });
  return {
    store,
    verifier,
    ends,
    pass() {
      // The node's timers are unref'd because its servers keep the process alive. Here nothing else does: between two
      // passes of the budget (the thread let go, the next pass on an unref'd timer) the loop could run empty and a
      // child process end with its outcome still pending. So a pass wanted holds the process open until it settles.
      const hold = setInterval(() => undefined, 60_000);
      const done = new Promise<VerificationInfo>((resolve) => (settle = resolve)).finally(() => clearInterval(hold));
      earlier = 0;
      verifier.start();
      return done;
    },
    close() {
      verifier.stop();
      store.close();
    },
  };
}

/**
 * The node's own claims for the awards `appendAwards` made for it: one ledger row each, its receipt settled as
 * awarded with the amount claimed, as the outbox settles them. `ts` is when the tasks were answered.
 */
export function seedClaims(store: Store, own: AppendAwardsResult['own'], ts: number): void {
  store.db.transaction(() => {
    for (const o of own) {
      const row = {
        taskId: o.taskId,
        ts,
        intent: 'urn:iicp:intent:llm:chat:v1',
        model: 'qwen2.5:7b',
        outcome: 'ok' as const,
        tokens: 6,
        latencyMs: 100,
      };
      store.ledger.insertWithReceipt(row, {
        body: { task_id: o.taskId, response_hash: o.responseHash },
        amount: o.amount,
        expiresAt: ts + 3_600_000,
      });
    }
    const due = store.ledger.dueReceipts(Number.MAX_SAFE_INTEGER, own.length + 1);
    for (const entry of due)
      store.ledger.settle(entry, 'awarded', own.find((o) => o.taskId === entry.taskId)!.amount, null);
  })();
}
