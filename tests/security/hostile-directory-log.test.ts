/**
 * A hostile directory's signed event log, against a real node (its verifier thread, its store on disk) and the test
 * directory signing with a real Ed25519 key: what the directory signs can make a check say "differs", never
 * "verified" for more than was paid once, and a log that never ends or nests without end costs a bounded amount.
 *
 * Rows: a second, validly signed award for a task already paid; an award for a task the node never served (a failed
 * one, so the ledger has its id); an award at a sequence number the log had already used; `/v1/events` answering
 * `has_more` for ever with seq moving on; a 4 MiB page nested four million levels deep.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationInfo } from '@shared/contract';
import { CHECK_WORDS, stoppedSentence } from '@shared/words/verification-words';
import { STALL_PAGES } from '@engine/verification/award-verifier';
import type { HostilePages } from '../support/directory';
import { chatTask, eventually, http } from '../support/node-harness';
import { startVerifiedNode, type VerifiedNode } from '../support/verified-node';

let node: VerifiedNode;

beforeAll(async () => {
  node = await startVerifiedNode();
});

afterAll(async () => {
  await node?.close();
});

const commands = () => node.commands();
const served = () => node.served();
const verify = () => node.verify();
const differences = () => node.differences();

describe('what a hostile directory signs', () => {
  it('a second signed award for a paid task counts once: "paid twice by the directory"', async () => {
    const tasks = [await served(), await served(), await served(), await served(), await served()];
    const before = await verify();
    expect(before.verified.count).toBe(5);
    node.directory.events.tamper({ kind: 'double_award', taskId: tasks[2]! });
    const after = await verify();
    // Before the fix: 6 awards verified for 5 claims (0.036 credits for 0.030 in the attack as first seen).
    expect(after.verified).toEqual(before.verified);
    const claimed = (await commands().listLedger({ limit: 50 })).find((r) => r.taskId === tasks[2])!.claimed;
    expect(after.differences).toContainEqual({ check: 'paid_twice', count: 1, credits: String(claimed) });
    expect(await differences()).toContainEqual(expect.objectContaining({ taskId: tasks[2], check: 'paid_twice' }));
    expect(CHECK_WORDS.paid_twice.label).toBe('Paid twice by the directory');
  });

  it('an award for a task the node never served is never verified', async () => {
    node.backend.set({ failStatus: 500 });
    const failed = randomUUID();
    const res = await http(`${node.h.base}/v1/task`, { body: chatTask(failed) });
    node.backend.set({ failStatus: null });
    expect(res.status).toBeGreaterThanOrEqual(500);
    await eventually(async () =>
      expect((await commands().listLedger({ limit: 50 })).find((r) => r.taskId === failed)?.outcome).toBe('error'),
    );
    const before = await verify();
    node.directory.events.tamper({ kind: 'phantom', nodeId: node.nodeId, taskId: failed, amount: 0.5 });
    const after = await verify();
    // Before the fix: "awarded more" (a claim of nothing paid 0.5) — a difference, but one that says the node claimed.
    expect(after.verified).toEqual(before.verified);
    expect(await differences()).toContainEqual(
      expect.objectContaining({ taskId: failed, check: 'never_claimed', claimed: null, signed: '0.5' }),
    );
  });

  it('an award at a sequence number the log had already used is listed, never counted', async () => {
    const paid = await served();
    const unpaid = await served();
    // The directory takes back the award it logged for one task and slips one in under the other's sequence number.
    const dropped = node.directory.events.tamper({ kind: 'drop', taskId: unpaid });
    const hash = (dropped.before as { payload: { response_hash: string } }).payload.response_hash;
    const paidSeq = node.directory.events.list.find((e) => (e.payload as { task_id?: string }).task_id === paid)!.seq;
    const before = await commands().verifyEarnings({});
    node.directory.events.tamper({ kind: 'repeat_seq', seq: paidSeq, pays: { taskId: unpaid, responseHash: hash } });
    const after = await verify();
    expect(after.verified).toEqual(before.verified);
    const rows = await differences();
    expect(rows).toContainEqual(expect.objectContaining({ taskId: unpaid, check: 'repeated_seq', seq: paidSeq }));
    expect(rows).toContainEqual(expect.objectContaining({ taskId: unpaid, check: 'not_in_log' }));
    expect(CHECK_WORDS.repeated_seq.why).toMatch(/sequence number it had already used/);
  });
});

describe('what a hostile directory costs', () => {
  /** The node's resident set, sampled every 10 ms while `work` runs: its peak above the start. */
  async function peakGrowthMiB<T>(work: () => Promise<T>): Promise<{ value: T; growthMiB: number }> {
    const start = process.memoryUsage.rss();
    let peak = start;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    try {
      const value = await work();
      peak = Math.max(peak, process.memoryUsage.rss());
      return { value, growthMiB: (peak - start) / 2 ** 20 };
    } finally {
      clearInterval(timer);
    }
  }

  it('a log that never ends is read until a run of pages brings nothing for this node, then the check says so', async () => {
    // Pages of validly signed awards for other nodes, seq moving on and has_more always true — ended after 300 pages
    // only so that the code before the fix (10 000 pages a pass) fails this test instead of running for an hour.
    const pages: HostilePages = { kind: 'endless', perPage: 200 };
    node.directory.events.hostile(pages);
    let v: VerificationInfo;
    try {
      v = await eventuallyDone(
        async () => commands().verifyEarnings({}),
        () => (pages.served ?? 0) >= 300,
      );
    } finally {
      node.directory.events.hostile(null);
    }
    // Before the fix: 552 pages in 40 s with a core at 100 %, up to 10 000 a pass.
    expect(pages.served).toBeLessThanOrEqual(STALL_PAGES);
    expect(v.state).toBe('done');
    expect(v.stopped).toEqual({ reason: 'no_progress', pages: STALL_PAGES });
    expect(stoppedSentence(v, 'en-US')).toMatch(/^The directory’s log did not end: this check stopped after 16 pages/);
    // The node is still serving and the next check reads the honest log again.
    await served();
  });

  it('a page nested four million levels deep is refused before it is parsed, and the thread lives on', async () => {
    // What an honest check costs this process (the verifier thread's own heap comes and goes with each check), then
    // the hostile one: the difference is what the page cost.
    const honest = await peakGrowthMiB(async () => commands().verifyEarnings({}));
    const pages: HostilePages = { kind: 'deep', bytes: 4 * 2 ** 20 - 64 };
    node.directory.events.hostile(pages);
    let failed: VerificationInfo;
    let growth: number;
    try {
      ({ value: failed, growthMiB: growth } = await peakGrowthMiB(async () => commands().verifyEarnings({})));
    } finally {
      node.directory.events.hostile(null);
    }
    // Before the fix: the verifier thread died (ERR_WORKER_OUT_OF_MEMORY) and this process grew by 264 MiB (377 MiB
    // in the attack as first seen).
    expect(pages.served).toBe(1);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe('the directory’s event log answer is nested far deeper than an event log is');
    // The 4 MiB page lives three times here: the test directory's text and buffer, and the node's read of it.
    expect(growth - honest.growthMiB).toBeLessThan(32);
    // Refused, not died: the same thread takes the honest log at once.
    expect((await commands().verifyEarnings({})).state).toBe('done');
  });
});

/**
 * Starts a check and waits for it, or gives up once `stop` says the directory served enough (the code before the fix
 * would read on for minutes); then waits for the check the node is still running to end.
 */
async function eventuallyDone(start: () => Promise<VerificationInfo>, stop: () => boolean): Promise<VerificationInfo> {
  const check = start();
  let outcome: VerificationInfo | null = null;
  void check.then((v) => (outcome = v));
  await eventually(() => expect(outcome !== null || stop()).toBe(true), 600_000);
  if (outcome === null) node.directory.events.hostile(null);
  return check;
}
