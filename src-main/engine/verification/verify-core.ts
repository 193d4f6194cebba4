/**
 * The check of the directory's signed log, one page at a time: every event's signature against the keys the node
 * trusts, its link to the event before it where the sequence lets that be checked, a fingerprint of each block of the
 * log as verified, and the awards that concern this node kept for matching. Each page is one transaction with the
 * reading position, so a killed process goes on after the last page it took in. It runs on the verifier's thread
 * (verify-worker.ts): parsing and Ed25519 cost CPU the task port must not wait for.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { shapeProblem } from '../net';
import { SignedLogRepository, SpendRepository, type Db, type LogBlockRow } from '../store';
import { computeChecks } from './award-checks';
import { AwardKeeping, awardOf, type Award } from './award-keeping';
import { didDocumentKey, keyFingerprint } from './did-key';
import { ed25519Key, nextPrevHash, readEvent, signedDigest, verifiesWith, type SignedEvent } from './signed-event';
import { emptyCursor, type CheckSummary, type Cursor, type SignedLogState } from './signed-log-state';
import { threadCpuMs } from './thread-cpu';

/** Sequence numbers per block fingerprint. */
export const BLOCK = 1000;
/** Events one page may carry (the directory's own limit). */
export const MAX_PAGE_EVENTS = 1000;
/**
 * The shape a page may have, checked on its bytes before it is parsed: an award nests four levels deep (answer,
 * list, event, payload) and holds a few dozen values, so anything far beyond is not an event log, and a page nested
 * four million levels deep is refused at its first kilobytes instead of taking the thread's heap with it.
 */
export const PAGE_SHAPE = { maxDepth: 32, maxValues: MAX_PAGE_EVENTS * 200 } as const;
/**
 * How far the directory's clock may run ahead of this computer's: a check that stopped before the log's end counts a
 * claim as missing only when it was answered this long before the newest event it read.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export type BeginResult = { since: number; fingerprint: string; changedTo: string | null } | { problem: string };
/**
 * One page taken in: its events, whether the directory says there are more and where the next page starts, how many
 * of its awards paid one of this node's claims for the first time (what a check is after), how many rows of the spent
 * book its awards gave their signed word to, and the thread's CPU time the page cost.
 */
export type PageResult =
  | { count: number; hasMore: boolean; nextSeq: number; paid: number; spent: number; cpuMs: number }
  | { problem: string };

/** What a page brought: the awards in the order read, and validly signed awards at sequence numbers already used. */
interface Taken {
  awards: Award[];
  repeats: Award[];
  blocks: LogBlockRow[];
}

export class VerifyCore {
  private trusted: KeyObject[] = [];
  private offered: KeyObject | null = null;
  /** The signed log's rows (its statements made once, with the core). */
  private readonly log: SignedLogRepository;
  /** The awards that concern this node, kept for the comparison. */
  private readonly awards: AwardKeeping;

  constructor(
    private readonly db: Db,
    private readonly state: SignedLogState,
    private readonly nodeId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.log = new SignedLogRepository(db);
    this.awards = new AwardKeeping(this.log, new SpendRepository(db), nodeId);
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
    this.db
      .transaction(() => {
        this.state.saveKeys(keys);
        // A full pass interrupted by a killed process goes on where it stopped.
        if (mode === 'full' && cursor.mode !== 'full') this.restartFull(cursor);
      })
      .immediate();
    return {
      since: this.state.cursor().seq,
      fingerprint: keys.trusted[keys.trusted.length - 1]!.fingerprint,
      changedTo: keys.offered?.fingerprint ?? null,
    };
  }

  /** One page of `GET /v1/events` (its raw bytes), taken in after the position it was asked from. */
  page(bytes: Uint8Array, since: number): PageResult {
    const cpuAtStart = threadCpuMs();
    const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Before any parsing: a hostile page's shape costs one look at each byte, never a heap the size of its nesting.
    const shape = shapeProblem(raw, PAGE_SHAPE);
    if (shape)
      return {
        problem:
          shape === 'too_deep'
            ? 'the directory’s event log answer is nested far deeper than an event log is'
            : 'the directory’s event log answer holds far more values than a page of events',
      };
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return { problem: 'the directory’s event log answer is not JSON' };
    }
    const b = body as { events?: unknown; has_more?: unknown; next_seq?: unknown } | null;
    if (!b || !Array.isArray(b.events) || b.events.length > MAX_PAGE_EVENTS || typeof b.has_more !== 'boolean') {
      return { problem: 'the directory’s event log answer does not have the expected shape' };
    }
    const c = this.state.cursor();
    if (c.seq !== since) return { problem: 'the page was asked from another position than the check stands at' };
    const taken: Taken = { awards: [], repeats: [], blocks: [] };
    for (const ev of b.events) this.take(c, ev, taken);
    // Every transaction here begins IMMEDIATE: each reads before it writes, and a deferred one that read while the
    // ledger's thread committed could not become a writer (SQLite answers "database is locked" without waiting).
    const { paid, spent } = this.db
      .transaction(() => {
        for (const k of taken.blocks) this.log.keepBlock(k);
        const kept = this.awards.keepAwards(c, taken.awards);
        this.awards.keepRepeats(taken.repeats);
        this.state.saveCursor(c);
        return kept;
      })
      .immediate();
    // The next page starts after the newest event taken in, whatever the directory says `next_seq` is.
    return {
      count: b.events.length,
      hasMore: b.has_more && b.events.length > 0,
      nextSeq: c.seq,
      paid,
      spent,
      cpuMs: threadCpuMs() - cpuAtStart,
    };
  }

  /**
   * The pass ends: what was read, compared with the node's claims. `stopped` says why it ended before the log's end
   * (null when it reached it); a full re-read that stopped goes on at the next pass, so only one that reached the end
   * concludes which awards the directory removed.
   */
  finish(headAskedAt: number, stopped: CheckSummary['stopped'] = null): CheckSummary {
    const c = this.state.cursor();
    return this.db
      .transaction(() => {
        if (c.mode === 'full' && !stopped) {
          // Awards a former read found and this one did not: the directory removed them since.
          const gone = this.log.dropUnseen();
          if (gone > 0) c.rewritten = true;
          c.mode = 'incremental';
          this.state.saveCursor(c);
        }
        // Read only part way, the log vouches only for what it said up to its newest event read (by the directory's
        // clock, which may run ahead of ours): a claim answered after that may still have its award further on.
        const readUpTo = stopped ? Math.min(headAskedAt, (c.lastTs ?? 0) - CLOCK_SKEW_MS) : headAskedAt;
        const summary = computeChecks(this.db, {
          nodeId: this.nodeId,
          headAskedAt: readUpTo,
          cursor: c,
          now: this.now(),
          stopped,
        });
        this.state.saveSummary(summary);
        return summary;
      })
      .immediate();
  }

  /** Trusts the offered key (named by its fingerprint); the next pass re-reads the whole log with it. */
  acceptKey(fingerprint: string): boolean {
    const keys = this.state.keys();
    if (!keys.offered || keys.offered.fingerprint !== fingerprint) return false;
    keys.trusted.push({ ...keys.offered, at: this.now() });
    keys.offered = null;
    this.db
      .transaction(() => {
        this.state.saveKeys(keys);
        // What was checked before counted the new key's events as not trusted: all of it is read again.
        this.restartFull(this.state.cursor());
      })
      .immediate();
    return true;
  }

  /** A full re-read from the log's start: what was kept is marked unseen, and the repeats are found again. */
  private restartFull(cursor: Cursor): void {
    this.log.markAllUnseen();
    this.state.saveCursor({ ...emptyCursor('full'), rewritten: cursor.rewritten });
  }

  private take(c: Cursor, raw: unknown, taken: Taken): void {
    c.checked += 1;
    const ev = readEvent(raw);
    if (typeof ev === 'string') {
      c.badSignatures += 1;
      return;
    }
    if (ev.seq <= c.seq) {
      // Out of order or repeated: the log is not one chain. A validly signed award there that concerns this node is a
      // second version of the record, listed apart (keepRepeats), never counted.
      c.chainBreaks += 1;
      const digest = signedDigest(ev);
      const award = this.trusted.some((k) => verifiesWith(ev, digest, k)) ? awardOf(ev, 'valid', false) : null;
      if (award) taken.repeats.push(award);
      return;
    }
    const digest = signedDigest(ev);
    const signature = this.trusted.some((k) => verifiesWith(ev, digest, k))
      ? 'valid'
      : this.offered && verifiesWith(ev, digest, this.offered)
        ? 'new_key'
        : 'invalid';
    if (signature === 'invalid') c.badSignatures += 1;
    // Neighbours in the sequence must link; across a gap (other event types left out of the page) nothing can be said.
    const linked = ev.seq !== c.seq + 1 || ev.prevHash === nextPrevHash(c.lastSig);
    if (!linked) c.chainBreaks += 1;
    this.fingerprint(c, ev, taken.blocks);
    c.seq = ev.seq;
    c.lastSig = ev.sig;
    c.lastTs = ev.tsMs;
    const award = awardOf(ev, signature, linked);
    if (award) taken.awards.push(award);
  }

  /** The block's hash chain over sequence numbers and signatures; a full pass compares each whole block with before. */
  private fingerprint(c: Cursor, ev: SignedEvent, blocks: LogBlockRow[]): void {
    const block = Math.floor(ev.seq / BLOCK);
    if (block !== c.block) {
      if (c.blockDigest !== null) blocks.push(this.closeBlock(c));
      c.block = block;
      c.blockDigest = null;
      c.blockCount = 0;
    }
    c.blockDigest = createHash('sha256')
      .update(`${c.blockDigest ?? ''}:${ev.seq}:${ev.sig ?? ''}`)
      .digest('hex');
    c.blockCount += 1;
  }

  private closeBlock(c: Cursor): LogBlockRow {
    if (c.mode === 'full') {
      const before = this.log.blockAt(c.block);
      if (before && (before.digest !== c.blockDigest || before.count !== c.blockCount)) c.rewritten = true;
    }
    return { block: c.block, digest: c.blockDigest!, count: c.blockCount };
  }
}
