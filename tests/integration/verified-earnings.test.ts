/**
 * A whole node's claims checked against the test directory's signed event log, made as the production directory
 * makes it (real Ed25519 signatures, the prev_hash chain): a clean log verifies, and each way the directory can
 * tamper with it is caught and said in the words the Earnings page, the CSV and the headless check use.
 */
import { english } from '@shared/i18n/say';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMatch, verificationSentence } from '@shared/words/verification-words';
import { eventually } from '../support/node-harness';
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
const checkOf = (taskId: string) => node.checkOf(taskId);

describe('a clean signed log', () => {
  it('verifies every award, all match', async () => {
    const tasks = [await served(), await served(), await served()];
    const v = await verify();
    expect(v.verified.count).toBe(3);
    expect(v.differences).toEqual([]);
    expect(v.log).toEqual({ badSignatures: 0, chainBreaks: 0, rewritten: false });
    expect(allMatch(v)).toBe(true);
    expect(verificationSentence(v, 'en-US')).toMatch(
      /^Verified against the directory’s signed record: 3 awards, 0\.\d+ credits — all match\.$/,
    );
    expect(
      (await commands().listLedger({ limit: 10 })).filter((r) => tasks.includes(r.taskId)).map((r) => r.check),
    ).toEqual(['verified', 'verified', 'verified']);
    // Its CSV says so per task.
    const csv = (await commands().exportLedger({})).csv;
    expect(csv.split('\r\n')[0]).toMatch(/,"signed_log_check","signed_log_words","direction",/);
    expect(csv).toContain(`"${tasks[0]}",`);
    // The spent side's columns follow, empty on a task served: six, then the seven named ones; then a chat task's
    // empty unit pair (units, unit), which only a speech task fills.
    expect(csv.split('\r\n').find((l) => l.startsWith(`"${tasks[0]}"`))).toMatch(
      /,"verified","Verified","earned",{15}$/,
    );
  });
});

describe('awards after a check', () => {
  it('are said as not checked yet, counted from the ledger the Awarded figures sum, until the next check covers them', async () => {
    const before = await verify();
    expect(before.unchecked).toEqual({ count: 0, credits: '0' });
    const later = [await served(), await served()];
    // The ledger says "awarded" a moment before the snapshot carries it (the award is recorded on the ledger's thread).
    await eventually(() => expect(node.h.node.getSnapshot().earnings.verification.unchecked?.count).toBe(2), 5000);
    const e = node.h.node.getSnapshot().earnings;
    const v = e.verification;
    const awarded = (await commands().listLedger({ limit: 50 }))
      .filter((r) => later.includes(r.taskId))
      .reduce((s, r) => s + Math.round((r.awarded ?? 0) * 1e6), 0);
    expect(v.unchecked).toEqual({ count: 2, credits: String(awarded / 1e6) });
    // One source: what the check verified and what it has not seen add up to the day's awarded credits.
    expect(Number(v.verified.credits) + Number(v.unchecked!.credits)).toBeCloseTo(e.today.awarded, 6);
    expect(allMatch(v)).toBe(true);
    expect(verificationSentence(v, 'en-US')).toBe(
      `${before.verified.count} of ${before.verified.count + 2} awards checked against the directory’s signed record: ${Number(v.verified.credits)} credits, all match.`,
    );
    const after = await verify();
    expect(after.unchecked).toEqual({ count: 0, credits: '0' });
    expect(after.verified.count).toBe(before.verified.count + 2);
    expect(verificationSentence(after, 'en-US')).toMatch(/— all match\.$/);
  });
});

describe('a tampered signed log', () => {
  it('a changed amount breaks its signature', async () => {
    const t = await served();
    node.directory.events.tamper({ kind: 'amount', taskId: t, amount: 0.5 });
    const v = await verify();
    expect(await checkOf(t)).toBe('signature_invalid');
    expect(v.log.badSignatures).toBeGreaterThan(0);
    expect(allMatch(v)).toBe(false);
  });

  it('a dropped award is an award not in the signed log', async () => {
    const t = await served();
    node.directory.events.tamper({ kind: 'drop', taskId: t });
    await verify();
    expect(await checkOf(t)).toBe('not_in_log');
  });

  it('a reordered event no longer verifies where it stands', async () => {
    const t = await served();
    await served(); // the event it is swapped with
    node.directory.events.tamper({ kind: 'reorder', taskId: t });
    await verify();
    expect(['signature_invalid', 'chain_broken']).toContain(await checkOf(t));
  });

  it('a corrupted signature is caught', async () => {
    const t = await served();
    node.directory.events.tamper({ kind: 'bad_signature', taskId: t });
    await verify();
    expect(await checkOf(t)).toBe('signature_invalid');
  });

  it('an award recorded for another node is said to be credited elsewhere', async () => {
    // The award before it is one whose signature was corrupted above: the chain breaks there, so one in between.
    await served();
    const t = await served();
    node.directory.events.tamper({ kind: 'other_node', taskId: t });
    await verify();
    expect(await checkOf(t)).toBe('other_node');
  });

  it('an award the node never claimed is listed as never claimed', async () => {
    const phantom = `phantom-${randomUUID()}`;
    node.directory.events.tamper({ kind: 'phantom', nodeId: node.nodeId, taskId: phantom, amount: 3 });
    await verify();
    expect(await checkOf(phantom)).toBe('never_claimed');
  });

  it('an award signed for less than the claim is awarded less', async () => {
    node.directory.events.tamper({ kind: 'awarded_less' });
    const t = await served();
    await verify();
    expect(await checkOf(t)).toBe('awarded_less');
  });

  it('a history rewritten after it was verified is caught by a full re-read', async () => {
    const t = await served();
    expect((await verify()).log.rewritten).toBe(false);
    node.directory.events.tamper({ kind: 'rewrite', taskId: t, amount: 0.0001 });
    const v = await verify();
    expect(v.log.rewritten).toBe(true);
    expect(await checkOf(t)).toBe('awarded_less');
  });

  it('a rotated key is news: its awards count only once the person trusts it', async () => {
    const before = (await verify()).key!.fingerprint;
    node.directory.events.tamper({ kind: 'rotate_key' });
    const t = await served();
    let v = await verify();
    expect(v.key).toMatchObject({ fingerprint: before });
    expect(v.key!.changedTo).toMatch(/^[0-9a-f]{16}$/);
    expect(await checkOf(t)).toBe('key_changed');
    await commands().acceptDirectoryKey({ fingerprint: v.key!.changedTo! });
    await eventually(async () => expect(await checkOf(t)).toBeUndefined(), 10_000);
    v = await verify();
    expect(v.key).toMatchObject({ changedTo: null });
    expect((await commands().listLedger({ limit: 50 })).find((r) => r.taskId === t)?.check).toBe('verified');
  });

  it('the person heard about it: a notice points to the Earnings page', () => {
    const notices = node.h.node.getSnapshot().notices.filter((n) => n.kind === 'earnings_unverified');
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]).toMatchObject({ route: 'earnings' });
    expect(english.said(notices[0]!.title)).toBe('Your earnings do not match the directory’s signed record');
  });
});

describe('a key that is no key', () => {
  /** 43 characters of base64url, 32 bytes, but no point of the curve: nobody holds a secret for it. */
  const NOT_A_POINT = Buffer.from('0200000000000000000000000000000000000000000000000000000000000000', 'hex').toString(
    'base64url',
  );

  it('is refused, never offered to the person as the directory’s new key', async () => {
    const before = (await verify()).key!;
    expect(before.changedTo).toBeNull();
    // The directory's DID document names that "key" (its other public answers are garbled meanwhile; none is needed).
    const did = {
      id: 'did:web:127.0.0.1',
      verificationMethod: [
        {
          id: 'did:web:127.0.0.1#genesis',
          type: 'JsonWebKey2020',
          controller: 'did:web:127.0.0.1',
          publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: NOT_A_POINT },
        },
      ],
    };
    node.directory.fail({ status: 200, body: did, routes: ['public'] });
    let v;
    try {
      v = await commands().verifyEarnings({});
    } finally {
      node.directory.fail(null);
    }
    expect(node.h.node.getSnapshot().earnings.verification.key?.changedTo ?? null).toBeNull();
    expect(v.key).toMatchObject({ fingerprint: before.fingerprint, changedTo: null });
    expect(v.error).toMatch(/not a usable Ed25519 public key/);
    expect(v.failure).toBe('key_invalid');
    // The key it publishes again is the one pinned: nothing to accept.
    expect((await verify()).key).toMatchObject({ fingerprint: before.fingerprint, changedTo: null });
  });
});
