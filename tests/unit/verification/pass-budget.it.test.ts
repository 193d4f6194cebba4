/**
 * A check's budget: a pass of the node's timer that used up its pages stops where it is, says so, counts the claims
 * beyond the point it reached as waiting (not as missing from the log), and the next pass goes on from there until
 * the whole log is read. Against the test directory's signed log (real Ed25519) and the verifier's thread.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateGenesisKey,
  startTestDirectory,
  type AppendAwardsResult,
  type TestDirectory,
} from '../../support/directory';
import { tempDir } from '../../support/tmp';
import { openVerifyHarness, seedClaims } from '../../support/verify-harness';

const nodeId = randomUUID();
const data = tempDir('iicp-pass-budget-');
let directory: TestDirectory;
let filled: AppendAwardsResult;

beforeAll(async () => {
  directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
  });
  // Four pages of 500 awards, one in ten the node's: every page pays some of its claims.
  filled = directory.events.appendAwards(2_000, { nodeId, ownEvery: 10 });
});

afterAll(async () => {
  await directory?.close();
  data.cleanup();
});

describe('a pass that used up its budget', () => {
  it('stops, counts the claims it did not reach as waiting, and the next passes read on to the end', async () => {
    const h = openVerifyHarness(join(data.dir, 'iicp.db'), nodeId, directory.url, undefined, {
      budget: { pages: 1, bytes: 2 ** 30, cpuMs: 60_000 },
    });
    seedClaims(h.store, filled.own, Date.now() - 60_000);
    try {
      const last = await h.pass();
      // One page a pass: 500 events, 50 of the node's awards each.
      expect(h.ends.map((e) => e.stopped?.reason ?? 'end')).toEqual(['budget', 'budget', 'budget', 'budget', 'end']);
      const first = h.ends[0]!;
      expect(first.verified.count).toBe(50);
      // Answered at least five minutes (the directory's clock may run ahead) after the newest event read: not missing.
      expect(first.waiting.count).toBe(150);
      expect(first.differences).toEqual([]);
      expect(last.verified.count).toBe(200);
      expect(last.eventsChecked).toBe(2_000);
      expect(last.differences).toEqual([]);
    } finally {
      h.close();
    }
  });
});
