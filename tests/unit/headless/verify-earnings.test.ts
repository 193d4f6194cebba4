/** `--verify-earnings`: what it prints and its exit code, from the check's outcome. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerificationInfo } from '@shared/contract';
import { verificationReport, verifyEarnings } from '../../../src-main/headless/verify-earnings';
import { tempDir } from '../../support/tmp';

const done: VerificationInfo = {
  state: 'done',
  asOf: '2026-11-25T10:00:00.000Z',
  lastSeq: 5120,
  eventsChecked: 1200,
  progress: null,
  verified: { count: 12, credits: '0.184' },
  waiting: { count: 0, credits: '0' },
  differences: [],
  log: { badSignatures: 0, chainBreaks: 0, rewritten: false },
  stopped: null,
  key: { fingerprint: '0123456789abcdef', pinnedAt: '2026-11-01T00:00:00.000Z', changedTo: null },
  error: null,
};

describe('verify-earnings report', () => {
  it('exits 0 and says all match when everything matches', () => {
    const r = verificationReport(done, [], 0, 'en-US');
    expect(r.code).toBe(0);
    expect(r.text).toBe('Verified against the directory’s signed record: 12 awards, 0.184 credits — all match.\n');
  });

  it('exits 1 and names each differing task and why', () => {
    const v: VerificationInfo = { ...done, differences: [{ check: 'awarded_less', count: 1, credits: '0.006' }] };
    const r = verificationReport(
      v,
      [
        {
          check: 'awarded_less',
          taskId: 'task-\u202eevil',
          at: '2026-11-25T09:00:00.000Z',
          claimed: '0.006',
          signed: '0.003',
          seq: 41,
        },
      ],
      1,
      'en-US',
    );
    expect(r.code).toBe(1);
    expect(r.text).toContain('1 task differs.');
    expect(r.text).toContain('1 task: awarded less (0.006 credits).');
    // The task id is the consumer's text: quoted, with its bidi override removed.
    expect(r.text).toContain(
      '“task-evil” — Awarded less (claimed 0.006, signed 0.003): The signed record pays less than the node claimed.',
    );
  });

  it('exits 2 and says so when the check stopped before the end of a log that did not end', () => {
    const r = verificationReport({ ...done, stopped: { reason: 'no_progress', pages: 16 } }, [], 0, 'en-US');
    expect(r.code).toBe(2);
    expect(r.text).toContain('The directory’s log did not end: this check stopped after 16 pages');
  });

  it('exits 1 on a broken record even when no task differs', () => {
    const r = verificationReport({ ...done, key: { ...done.key!, changedTo: 'fedcba9876543210' } }, [], 0, 'en-US');
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/Warning: The directory now signs with a different key \(fedcba9876543210\)/);
  });

  it('exits 2 when the check could not be made', () => {
    expect(
      verificationReport(
        { ...done, state: 'failed', asOf: null, error: 'the directory’s key could not be read (HTTP 404)' },
        [],
        0,
      ).code,
    ).toBe(2);
  });

  it('says a check that failed after an earlier one failed now, before what the earlier one said', () => {
    const r = verificationReport(
      { ...done, state: 'failed', error: 'the directory’s key could not be read (HTTP 404)' },
      [],
      0,
      'en-US',
    );
    expect(r.code).toBe(2);
    expect(r.text).toBe(
      'The directory’s signed record could not be checked now: the directory’s key could not be read (HTTP 404). The last check that was made said:\n' +
        'Verified against the directory’s signed record: 12 awards, 0.184 credits — all match.\n',
    );
  });

  it('with no node ever run on the data folder, exits 2 and makes no database there', async () => {
    const t = tempDir('iicp-verify-cli-');
    try {
      const r = await verifyEarnings(t.dir);
      expect(r).toEqual({
        code: 2,
        text: 'No IICP Provider has run on this data folder yet, so it has no earnings to check.\n',
      });
      expect(existsSync(join(t.dir, 'provider.db'))).toBe(false);
    } finally {
      t.cleanup();
    }
  });

  it('leaves a data folder another process serves to it: asks it, and says so in words when it cannot', async () => {
    const t = tempDir('iicp-verify-cli-');
    try {
      mkdirSync(join(t.dir, 'run'));
      writeFileSync(join(t.dir, 'provider.db'), '');
      // A live process (this one's parent) holds the node lock; the folder keeps no dashboard token to ask it with.
      writeFileSync(join(t.dir, 'run', '0b9d1c8e-9a51-4c1f-8f0e-2b3c4d5e6f70.pid'), String(process.ppid));
      const r = await verifyEarnings(t.dir);
      expect(r.code).toBe(2);
      expect(r.text).toContain(
        `IICP Provider is running on this data folder (process ${process.ppid}), but its dashboard token is not in the data folder`,
      );
    } finally {
      t.cleanup();
    }
  });
});
