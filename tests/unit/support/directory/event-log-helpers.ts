/**
 * What a client of the production directory does with `GET /v1/events` and `did.json`, written here for the
 * stand-in's tests: read pages, take the key from did.json, check signatures and links. The canonical JSON comes from
 * the stand-in (its byte equality with PHP is proven in php-parity.it.test.ts); the rest is independent.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { GENESIS_ROOT, phpCanonicalJson, type DirectoryEvent, type TestDirectory } from '../../../support/directory';
import { call, dig } from './helpers';

/** A fixed directory key (libsodium seed ‖ public key), so runs are comparable. */
export const GENESIS_SECRET =
  '0101010101010101010101010101010101010101010101010101010101010101' +
  '8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c';

export type WireEvent = DirectoryEvent & { signer_did: string };

export interface EventsPage {
  events: WireEvent[];
  count: number;
  next_seq: number;
  has_more: boolean;
  genesis_hash: string | null;
  replica_lag_ms: number;
}

export async function readEvents(
  dir: TestDirectory,
  query = '',
): Promise<{ status: number; page: EventsPage; text: string }> {
  const r = await call(`${dir.url}/v1/events${query}`, 'GET');
  return { status: r.status, page: r.json as EventsPage, text: r.text };
}

/** Every event from the start, paging with `since_seq = next_seq` like a verifier does. */
export async function readAll(dir: TestDirectory, limit = 1000): Promise<WireEvent[]> {
  const all: WireEvent[] = [];
  let since = 0;
  for (;;) {
    const { page } = await readEvents(dir, `?since_seq=${since}&limit=${limit}`);
    all.push(...page.events);
    if (!page.has_more) return all;
    since = page.next_seq;
  }
}

/** The raw 32-byte public key from `{origin}/.well-known/did.json`'s first verification method. */
export async function didKey(dir: TestDirectory): Promise<Buffer> {
  const r = await call(`http://127.0.0.1:${dir.port}/.well-known/did.json`, 'GET');
  return Buffer.from(dig<string>(r.json, 'verificationMethod.0.publicKeyJwk.x'), 'base64url');
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function signatureOk(e: DirectoryEvent, rawKey: Buffer): boolean {
  if (e.sig === null) return false;
  const fields = [
    e.event_id,
    e.event_type,
    String(e.seq),
    String(e.ts_ms),
    sha256(phpCanonicalJson(e.payload)).toString('hex'),
    e.prev_hash,
  ];
  if (e.service_id !== null) fields.unshift('iicp-event-v2', e.service_id);
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), rawKey]),
    format: 'der',
    type: 'spki',
  });
  return verify(null, sha256(fields.join(':')), key, Buffer.from(e.sig, 'hex'));
}

export interface ChainReport {
  badSignatures: number[];
  /** Seqs whose prev_hash does not match the event just before them (only checked where seqs are consecutive). */
  badLinks: number[];
  /** Seqs missing between neighbours. */
  gaps: number[];
  /** Seqs out of order. */
  outOfOrder: number[];
}

export function checkChain(events: readonly DirectoryEvent[], rawKey: Buffer): ChainReport {
  const report: ChainReport = { badSignatures: [], badLinks: [], gaps: [], outOfOrder: [] };
  events.forEach((e, i) => {
    if (!signatureOk(e, rawKey)) report.badSignatures.push(e.seq);
    const prev = events[i - 1];
    if (!prev) {
      if (e.seq === 1 && e.prev_hash !== GENESIS_ROOT) report.badLinks.push(e.seq);
      return;
    }
    if (e.seq <= prev.seq) report.outOfOrder.push(e.seq);
    for (let s = prev.seq + 1; s < e.seq; s++) report.gaps.push(s);
    const expected = createHash('sha256')
      .update(prev.sig ?? '', 'utf8')
      .digest('hex');
    if (e.seq === prev.seq + 1 && e.prev_hash !== expected) report.badLinks.push(e.seq);
  });
  return report;
}

export const CLEAN: ChainReport = { badSignatures: [], badLinks: [], gaps: [], outOfOrder: [] };
