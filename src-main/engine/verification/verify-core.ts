/**
 * The check of the directory's signed log, one page at a time: every event's signature against the keys the node
 * trusts, its link to the event before it where the sequence lets that be checked, a fingerprint of each block of the
 * log as verified, and the awards that concern this node kept for matching. Each page is one transaction with the
 * reading position, so a killed process goes on after the last page it took in. It runs on the verifier's thread
 * (verify-worker.ts): parsing and Ed25519 cost CPU the task port must not wait for.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { parseCredits } from '../earnings/credits';
import type { Db } from '../store/database';
import { computeChecks } from './award-checks';
import { didDocumentKey, keyFingerprint } from './did-key';
import { ed25519Key, nextPrevHash, readEvent, signedDigest, verifiesWith, type SignedEvent } from './signed-event';
import { emptyCursor, type CheckSummary, type Cursor, type SignedLogState } from './signed-log-state';

/** Sequence numbers per block fingerprint. */
export const BLOCK = 1000;
/** Events one page may carry (the directory's own limit). */
export const MAX_PAGE_EVENTS = 1000;

export type BeginResult = { since: number; fingerprint: string; changedTo: string | null } | { problem: string };
export type PageResult = { count: number; hasMore: boolean; nextSeq: number } | { problem: string };

interface ClosedBlock {
  block: number;
  digest: string;
  count: number;
}

interface Award {
  ev: SignedEvent;
  signature: 'valid' | 'invalid' | 'new_key';
  linked: boolean;
  taskId: string;
  amountU: number;
  responseHash: string | null;
}

export class VerifyCore {
  private trusted: KeyObject[] = [];
  private offered: KeyObject | null = null;
  private readonly findTasks;
  private readonly storedAward;
  private readonly putAward;
  private readonly block;
  private readonly putBlock;

  constructor(
    private readonly db: Db,
    private readonly state: SignedLogState,
    private readonly nodeId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.findTasks = db.prepare<[string], { id: number; task_id: string; response_hash: string | null }>(
      'SELECT id, task_id, response_hash FROM ledger WHERE task_id IN (SELECT value FROM json_each(?))',
    );
    this.storedAward = db.prepare<[number], { event_id: string; sig: string | null; amount_u: number }>('SELECT event_id, sig, amount_u FROM signed_awards WHERE seq = ?');
    this.putAward = db.prepare(
      `INSERT OR REPLACE INTO signed_awards (seq, event_id, task_id, node_id, response_hash, amount_u, ts_ms, sig, signature, linked, ledger_id, seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    this.block = db.prepare<[number], { digest: string; count: number }>('SELECT digest, count FROM signed_log_blocks WHERE block = ?');
    this.putBlock = db.prepare('INSERT OR REPLACE INTO signed_log_blocks (block, digest, count) VALUES (?, ?, ?)');
  }

  /**
   * Starts (or resumes) a pass with the DID document the directory publishes now. The first key seen is trusted; a
   * different one later is only offered, never trusted silently. `full` re-reads the log from its start.
   */
  begin(mode: Cursor['mode'], didDocument: unknown): BeginResult {
    const found = didDocumentKey(didDocument);
    if ('problem' in found) return found;
    const x = found.raw.toString('base64url');
    const fingerprint = keyFingerprint(found.raw);
    const keys = this.state.keys();
    if (keys.trusted.length === 0) keys.trusted.push({ x, fingerprint, at: this.now() });
    const known = keys.trusted.some((k) => k.x === x);
    keys.offered = known ? null : keys.offered?.x === x ? keys.offered : { x, fingerprint, at: this.now() };
    this.trusted = keys.trusted.map((k) => ed25519Key(Buffer.from(k.x, 'base64url')));
    this.offered = keys.offered ? ed25519Key(Buffer.from(keys.offered.x, 'base64url')) : null;
    const cursor = this.state.cursor();
    this.db.transaction(() => {
      this.state.saveKeys(keys);
      // A full pass interrupted by a killed process goes on where it stopped.
      if (mode === 'full' && cursor.mode !== 'full') {
        this.db.prepare('UPDATE signed_awards SET seen = 0').run();
        this.state.saveCursor({ ...emptyCursor('full'), rewritten: cursor.rewritten });
      }
    })();
    return { since: this.state.cursor().seq, fingerprint: keys.trusted[keys.trusted.length - 1]!.fingerprint, changedTo: keys.offered?.fingerprint ?? null };
  }

  /** One page of `GET /v1/events` (its raw bytes), taken in after the position it was asked from. */
  page(bytes: Uint8Array, since: number): PageResult {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    } catch {
      return { problem: 'the directory’s event log answer is not JSON' };
    }
    const b = body as { events?: unknown; has_more?: unknown; next_seq?: unknown } | null;
    if (!b || !Array.isArray(b.events) || b.events.length > MAX_PAGE_EVENTS || typeof b.has_more !== 'boolean') {
      return { problem: 'the directory’s event log answer does not have the expected shape' };
    }
    const c = this.state.cursor();
    if (c.seq !== since) return { problem: 'the page was asked from another position than the check stands at' };
    const awards: Award[] = [];
    const blocks: ClosedBlock[] = [];
    for (const raw of b.events) this.take(c, raw, awards, blocks);
    this.db.transaction(() => {
      for (const k of blocks) this.putBlock.run(k.block, k.digest, k.count);
      this.keepAwards(c, awards);
      this.state.saveCursor(c);
    })();
    // The next page starts after the newest event taken in, whatever the directory says `next_seq` is.
    return { count: b.events.length, hasMore: b.has_more && b.events.length > 0, nextSeq: c.seq };
  }

  /** The pass reached the end of the log: what was read, compared with the node's claims. */
  finish(headAskedAt: number): CheckSummary {
    const c = this.state.cursor();
    return this.db.transaction(() => {
      if (c.mode === 'full') {
        // Awards a former read found and this one did not: the directory removed them since.
        const gone = this.db.prepare('DELETE FROM signed_awards WHERE seen = 0').run().changes;
        if (gone > 0) c.rewritten = true;
        c.mode = 'incremental';
        this.state.saveCursor(c);
      }
      const summary = computeChecks(this.db, this.nodeId, headAskedAt, c, this.now());
      this.state.saveSummary(summary);
      return summary;
    })();
  }

  /** Trusts the offered key (named by its fingerprint); the next pass re-reads the whole log with it. */
  acceptKey(fingerprint: string): boolean {
    const keys = this.state.keys();
    if (!keys.offered || keys.offered.fingerprint !== fingerprint) return false;
    keys.trusted.push({ ...keys.offered, at: this.now() });
    keys.offered = null;
    this.db.transaction(() => {
      this.state.saveKeys(keys);
      // What was checked before counted the new key's events as not trusted: all of it is read again.
      this.db.prepare('UPDATE signed_awards SET seen = 0').run();
      this.state.saveCursor({ ...emptyCursor('full'), rewritten: this.state.cursor().rewritten });
    })();
    return true;
  }

  private take(c: Cursor, raw: unknown, awards: Award[], blocks: ClosedBlock[]): void {
    c.checked += 1;
    const ev = readEvent(raw);
    if (typeof ev === 'string') {
      c.badSignatures += 1;
      return;
    }
    if (ev.seq <= c.seq) {
      // Out of order or repeated: the log is not one chain.
      c.chainBreaks += 1;
      return;
    }
    const digest = signedDigest(ev);
    const signature = this.trusted.some((k) => verifiesWith(ev, digest, k)) ? 'valid' : this.offered && verifiesWith(ev, digest, this.offered) ? 'new_key' : 'invalid';
    if (signature === 'invalid') c.badSignatures += 1;
    // Neighbours in the sequence must link; across a gap (other event types left out of the page) nothing can be said.
    const linked = ev.seq !== c.seq + 1 || ev.prevHash === nextPrevHash(c.lastSig);
    if (!linked) c.chainBreaks += 1;
    this.fingerprint(c, ev, blocks);
    c.seq = ev.seq;
    c.lastSig = ev.sig;
    if (ev.eventType !== 'CREDIT_AWARD' || Array.isArray(ev.payload)) return;
    const p = ev.payload;
    const amountU = parseCredits(p.amount);
    if (typeof p.task_id !== 'string' || p.task_id.length === 0 || p.task_id.length > 255 || amountU === null) return;
    const responseHash = typeof p.response_hash === 'string' && /^[0-9a-f]{64}$/.test(p.response_hash) ? p.response_hash : null;
    awards.push({ ev, signature, linked, taskId: p.task_id, amountU, responseHash });
  }

  /** The block's hash chain over sequence numbers and signatures; a full pass compares each whole block with before. */
  private fingerprint(c: Cursor, ev: SignedEvent, blocks: ClosedBlock[]): void {
    const block = Math.floor(ev.seq / BLOCK);
    if (block !== c.block) {
      if (c.blockDigest !== null) blocks.push(this.closeBlock(c));
      c.block = block;
      c.blockDigest = null;
      c.blockCount = 0;
    }
    c.blockDigest = createHash('sha256').update(`${c.blockDigest ?? ''}:${ev.seq}:${ev.sig ?? ''}`).digest('hex');
    c.blockCount += 1;
  }

  private closeBlock(c: Cursor): ClosedBlock {
    if (c.mode === 'full') {
      const before = this.block.get(c.block);
      if (before && (before.digest !== c.blockDigest || before.count !== c.blockCount)) c.rewritten = true;
    }
    return { block: c.block, digest: c.blockDigest!, count: c.blockCount };
  }

  /** The page's awards that pay one of this node's tasks (task id and response hash), or name this node. */
  private keepAwards(c: Cursor, awards: readonly Award[]): void {
    if (awards.length === 0) return;
    const mine = new Map<string, { id: number; hash: string | null }>();
    for (const r of this.findTasks.all(JSON.stringify(awards.map((a) => a.taskId)))) mine.set(r.task_id, { id: r.id, hash: r.response_hash });
    for (const a of awards) {
      const task = mine.get(a.taskId);
      // Bound by what the node signed (task id and response hash); a row from before hashes were kept needs its node id.
      const pays = task !== undefined && (task.hash !== null ? task.hash === a.responseHash : a.ev.nodeId === this.nodeId);
      if (!pays && a.ev.nodeId !== this.nodeId) continue;
      if (c.mode === 'full') {
        const before = this.storedAward.get(a.ev.seq);
        if (before && (before.event_id !== a.ev.eventId || before.sig !== a.ev.sig || before.amount_u !== a.amountU)) c.rewritten = true;
      }
      this.putAward.run(a.ev.seq, a.ev.eventId, a.taskId, a.ev.nodeId, a.responseHash, a.amountU, a.ev.tsMs, a.ev.sig, a.signature, a.linked ? 1 : 0, pays ? task!.id : null);
    }
  }
}
