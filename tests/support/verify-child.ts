/**
 * A process that checks a node's earnings against a directory's signed log, for the kill -9 test and the earnings
 * check bench: its memory is its own (the directory with its 100 000 events lives in the parent), and the parent may
 * kill it at any moment.
 *
 * node --import tsx tests/support/verify-child.ts '{"mode":"engine","dbPath":…,"nodeId":…,"baseUrl":…,"claimsFile":…}'
 *
 * Modes:
 *   engine    the node's own check (verifier thread, store, cursor per page). Claims in `claimsFile` (the `own` list
 *             of appendAwards) are put in the ledger first unless `seeded` is true.
 *   baseline  the least a reader can do: each page fetched, parsed and every signature checked with direct calls on
 *             the event loop, nothing kept — what the engine's check is compared with.
 *
 * Lines on stdout: `progress <events read in this pass>` as pages are taken in, then `done <json>` with the outcome,
 * the wall time and the process's peak resident set (sampled every 20 ms and at each page).
 */
import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { PAGE_LIMIT } from '@engine/verification/award-verifier';
import { readEvent, signedDigest, verifiesWith } from '@engine/verification/signed-event';
import { writeLine } from './stdout-line';
import { openVerifyHarness, seedClaims } from './verify-harness';

export interface VerifyChildConfig {
  mode: 'engine' | 'baseline';
  dbPath: string;
  nodeId: string;
  /** The directory's API root (its `url`). */
  baseUrl: string;
  claimsFile?: string;
  seeded?: boolean;
}

export interface VerifyChildDone {
  wallMs: number;
  peakRssMB: number;
  startRssMB: number;
  events: number;
  verified: number;
  differences: number;
  badSignatures: number;
  chainBreaks: number;
  lastSeq: number;
  error: string | null;
}

const config = JSON.parse(process.argv[2] ?? '{}') as VerifyChildConfig;
const mb = () => process.memoryUsage.rss() / (1024 * 1024);
const startRssMB = mb();
let peak = startRssMB;
const sample = () => (peak = Math.max(peak, mb()));
setInterval(sample, 20).unref();

async function engine(): Promise<Omit<VerifyChildDone, 'wallMs' | 'peakRssMB' | 'startRssMB'>> {
  const h = openVerifyHarness(config.dbPath, config.nodeId, config.baseUrl, (events) => {
    sample();
    writeLine(`progress ${events}`);
  });
  if (config.claimsFile && !config.seeded)
    seedClaims(h.store, JSON.parse(readFileSync(config.claimsFile, 'utf8')), Date.now() - 60_000);
  const v = await h.pass();
  h.close();
  return {
    events: v.eventsChecked,
    verified: v.verified.count,
    differences: v.differences.reduce((s, d) => s + d.count, 0),
    badSignatures: v.log.badSignatures,
    chainBreaks: v.log.chainBreaks,
    lastSeq: v.lastSeq,
    error: v.error,
  };
}

async function baseline(): Promise<Omit<VerifyChildDone, 'wallMs' | 'peakRssMB' | 'startRssMB'>> {
  const origin = new URL(config.baseUrl).origin;
  const did = (await (await fetch(`${origin}/.well-known/did.json`)).json()) as {
    verificationMethod: { publicKeyJwk: { x: string } }[];
  };
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: did.verificationMethod[0]!.publicKeyJwk.x },
    format: 'jwk',
  });
  let since = 0;
  let events = 0;
  let bad = 0;
  let lastSeq = 0;
  for (;;) {
    const res = await fetch(
      `${config.baseUrl}/v1/events?event_types=CREDIT_AWARD&since_seq=${since}&limit=${PAGE_LIMIT}`,
    );
    const page = (await res.json()) as { events: unknown[]; has_more: boolean; next_seq?: number };
    for (const raw of page.events) {
      const e = readEvent(raw);
      if (typeof e === 'string') throw new Error(`unreadable event: ${e}`);
      if (!verifiesWith(e, signedDigest(e), key)) bad += 1;
      lastSeq = e.seq;
      events += 1;
    }
    sample();
    writeLine(`progress ${events}`);
    if (!page.has_more) break;
    since = lastSeq;
  }
  return { events, verified: 0, differences: 0, badSignatures: bad, chainBreaks: 0, lastSeq, error: null };
}

const started = performance.now();
const outcome = await (config.mode === 'baseline' ? baseline() : engine());
sample();
const done: VerifyChildDone = { ...outcome, wallMs: performance.now() - started, peakRssMB: peak, startRssMB };
writeLine(`done ${JSON.stringify(done)}`);
process.exit(0);
