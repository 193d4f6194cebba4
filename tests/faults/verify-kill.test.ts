/**
 * The earnings check over a long signed log, killed with SIGKILL part-way: the next start goes on from the last page
 * it had taken in — it neither reads the log from the start again nor counts an event twice — and the whole log then
 * verifies, with the check's memory held to a fixed budget whatever the log's length.
 *
 * The check runs in a child process (tests/support/verify-child.ts: the node's store, verifier thread and verifier,
 * as the node wires them) against the test directory here, which holds 100 000 signed CREDIT_AWARD events
 * (IICP_VERIFY_KILL_EVENTS to change it), one in 1000 for the node, whose claims are in its ledger.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import { SignedLogState } from '@engine/verification/signed-log-state';
import {
  generateGenesisKey,
  startTestDirectory,
  type AppendAwardsResult,
  type TestDirectory,
} from '../support/directory';
import { tempDir } from '../support/tmp';
import { spawnVerifyChild } from '../support/verify-child-process';
import { figure } from './helpers';

const EVENTS = Number(process.env.IICP_VERIFY_KILL_EVENTS ?? 100_000);
/**
 * What the check may hold above the process's own start, whatever the log's length (the thread and SQLite included).
 */
const MEMORY_BUDGET_MB = 128;

let directory: TestDirectory;
let filled: AppendAwardsResult;
const nodeId = randomUUID();
const data = tempDir('iicp-verify-kill-');
const dbPath = join(data.dir, 'iicp.db');
const claimsFile = join(data.dir, 'claims.json');

beforeAll(async () => {
  directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
  });
  filled = directory.events.appendAwards(EVENTS, { nodeId, ownEvery: 1000 });
  writeFileSync(claimsFile, JSON.stringify(filled.own));
}, 120_000);

afterAll(async () => {
  await directory?.close();
  data.cleanup();
});

/** Where the check stands in the database a killed child left, read as the next start reads it. */
function cursorLeft(): { integrity: string; seq: number; checked: number } {
  const raw = new Database(dbPath);
  const integrity = String(raw.pragma('integrity_check', { simple: true }));
  raw.close();
  const store = Store.open(dbPath);
  try {
    const c = new SignedLogState(store.state).cursor();
    return { integrity, seq: c.seq, checked: c.checked };
  } finally {
    store.close();
  }
}

describe('the earnings check killed part-way through a long log', () => {
  it('goes on from the last page it took in after a kill -9, reads each event once, and verifies the whole log', async () => {
    // First run: killed once it has read at least 40 % of the log, wherever it is then (between pages, or in one).
    const killAt = Math.floor(EVENTS * 0.4);
    const first = spawnVerifyChild({ mode: 'engine', dbPath, nodeId, baseUrl: directory.url, claimsFile }, (events) => {
      if (events >= killAt) first.child.kill('SIGKILL');
    });
    await expect(first.done).rejects.toThrow(/signal SIGKILL/);
    const seenBeforeKill = first.progress();
    expect(seenBeforeKill).toBeGreaterThanOrEqual(killAt);

    const left = cursorLeft();
    expect(left.integrity).toBe('ok');
    // Every page the child reported was committed with its cursor; the one in flight at the kill may have been too.
    expect(left.seq).toBeGreaterThanOrEqual(filled.firstSeq - 1 + seenBeforeKill);
    expect(left.seq).toBeLessThan(filled.lastSeq);
    const takenIn = left.seq - (filled.firstSeq - 1);
    expect(left.checked).toBe(takenIn);
    figure('verify kill', { events: EVENTS, killedAfter: seenBeforeKill, cursorSeq: left.seq });

    // Second run on the same database: only the rest of the log is read, and everything verifies.
    const second = spawnVerifyChild({
      mode: 'engine',
      dbPath,
      nodeId,
      baseUrl: directory.url,
      claimsFile,
      seeded: true,
    });
    const done = await second.done;
    expect(done.error).toBeNull();
    expect(second.progress()).toBe(EVENTS - takenIn);
    expect(done).toMatchObject({
      events: EVENTS,
      lastSeq: filled.lastSeq,
      verified: filled.own.length,
      differences: 0,
      badSignatures: 0,
      chainBreaks: 0,
    });
    expect(done.peakRssMB - done.startRssMB).toBeLessThan(MEMORY_BUDGET_MB);
    figure('verify resume', {
      readAfterRestart: second.progress(),
      eventsPerSecond: Math.round(second.progress() / (done.wallMs / 1000)),
      peakRssGrowthMB: Math.round(done.peakRssMB - done.startRssMB),
    });
  }, 300_000);
});
