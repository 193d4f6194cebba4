/**
 * A machine quit cleanly is not a crash. The fleet service against a stand-in directory and stand-in siblings: a
 * sibling's goodbye makes it "stopped" at once, with no alert however many looks follow, until it answers again; a
 * goodbye played back, forged, or from a machine not on the list changes nothing (a silence without a goodbye is still
 * down with its alert: fleet-service.it.test.ts). This computer's own stop says
 * goodbye to each sibling it asks, numbered after every status it gave, and a sibling that never answers holds the
 * stop up for about a second at most.
 */
import { describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { byeFor, readAnswer, readRequest } from '@engine/fleet/fleet-wire';
import { GOODBYE_WITHIN_MS } from '@engine/fleet/goodbye';
import { readBodyUpTo, serveOnLoopback } from '../../support/http-server';
import {
  askOf,
  ATTIC,
  cleanups,
  DEN,
  directory,
  fleet,
  KEY,
  OTHER_KEY,
  SELF,
  sibling,
  statusOf,
  T0,
  withAttic,
} from './fleet-harness';

/** Far above the stand-ins' status numbers, as a machine's counter is above every status it gave. */
const BYE_SEQ = 50_000_000;

describe('a sibling that says goodbye', () => {
  it('is stopped by its owner at once, with no alert over many looks, and online again when it answers', async () => {
    const { dir, sib, f } = await withAttic(() => statusOf(ATTIC));
    await f.start();
    expect(f.stateOf(ATTIC)).toBe('online');
    // Forged, or from a machine not on the list: nothing changes.
    expect(f.svc.request(byeFor(OTHER_KEY, ATTIC, SELF, BYE_SEQ))).toBeNull();
    expect(f.svc.request(byeFor(KEY, DEN, SELF, BYE_SEQ))).toBeNull();
    expect(f.stateOf(ATTIC)).toBe('online');
    expect(f.svc.info().machines.map((m) => m.nodeId)).toEqual([SELF, ATTIC]);

    expect(f.svc.request(byeFor(KEY, ATTIC, SELF, BYE_SEQ))).toBe('goodbye');
    expect(f.stateOf(ATTIC)).toBe('stopped');
    await sib.close();
    await f.looks(5);
    expect(f.stateOf(ATTIC)).toBe('stopped');
    expect(f.rec.alerts).toEqual([]);
    expect(f.svc.summary()).toEqual({ machines: 2, online: 1, down: [] });
    const row = f.svc.info().machines.find((m) => m.nodeId === ATTIC)!;
    expect(english.said(row.words)).toBe('Its node was quit on that computer: as planned.');
    expect(row.alertSince).toBeNull();

    // Played back while it is stopped: refused.
    expect(f.svc.request(byeFor(KEY, ATTIC, SELF, BYE_SEQ))).toBeNull();

    // It starts again: its counter went on past the goodbye.
    const back = await sibling(ATTIC, () => statusOf(ATTIC, { seq: BYE_SEQ + 1_000 }));
    dir.nodes.set(ATTIC, { endpoint: back.url, lastSeen: T0 });
    await f.looks(1);
    expect(f.stateOf(ATTIC)).toBe('online');
    // Its goodbye played back now is older than what it said since: refused, and it stays online.
    expect(f.svc.request(byeFor(KEY, ATTIC, SELF, BYE_SEQ + 1))).toBeNull();
    expect(f.stateOf(ATTIC)).toBe('online');
    expect(f.rec.alerts).toEqual([]);
  });
});

describe("this computer's own stop", () => {
  it('says goodbye to each sibling it asks, numbered after every status it gave, within about a second', async () => {
    const dir = await directory();
    const attic = await sibling(ATTIC, () => statusOf(ATTIC, { machines: [{ nodeId: SELF, name: 'Home PC' }] }));
    // DEN refuses questions at once, and takes a goodbye without ever answering it.
    let denReached = false;
    const den = await serveOnLoopback((req, res) => {
      void readBodyUpTo(req, 1 << 16).then(({ bytes }) => {
        if (readRequest(bytes.toString('utf8'), KEY, DEN)?.kind === 'bye') denReached = true;
        else res.writeHead(403).end();
      });
    });
    cleanups.push(() => den.close());
    dir.nodes.set(ATTIC, { endpoint: attic.url, lastSeen: T0 });
    dir.nodes.set(DEN, { endpoint: `http://127.0.0.1:${den.port}`, lastSeen: T0 });
    const f = fleet(dir, {
      machines: [
        { nodeId: ATTIC, name: 'Attic' },
        { nodeId: DEN, name: 'Den' },
      ],
    });
    await f.start();
    const q = askOf(ATTIC, SELF);
    const reply = f.svc.request(q.body);
    const status = typeof reply === 'object' && reply !== null ? readAnswer(reply.answer, KEY, SELF, q.nonce) : null;
    expect(status).not.toBeNull();

    const started = performance.now();
    await f.svc.stop();
    const took = performance.now() - started;
    const byes = attic.hellos.map((b) => readRequest(b, KEY, ATTIC)).filter((r) => r?.kind === 'bye');
    expect(byes).toEqual([{ kind: 'bye', from: SELF, seq: expect.any(Number) }]);
    expect(byes[0]!.kind === 'bye' && byes[0]!.seq).toBeGreaterThan(status!.seq);
    expect(denReached).toBe(true);
    expect(took).toBeLessThan(GOODBYE_WITHIN_MS + 500);
    // Once stopped, it answers no sibling: no status newer than its goodbye is ever given.
    expect(f.svc.request(askOf(ATTIC, SELF).body)).toBeNull();
  });
});
