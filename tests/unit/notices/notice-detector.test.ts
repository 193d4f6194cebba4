/**
 * The notice detector turns successive snapshots into notices, as transitions, with a debounce: an outage is told
 * once it has lasted OUTAGE_DEBOUNCE_MS (two missed heartbeats) without a good observation in between, "back" only
 * answers a told outage, and rejected receipts are gathered into one notice at most every EARNINGS_QUIET_MS.
 */
import { describe, expect, it } from 'vitest';
import {
  EARNINGS_GATHER_MS,
  EARNINGS_QUIET_MS,
  NoticeDetector,
  OUTAGE_DEBOUNCE_MS,
  type NoticeDraft,
  type NoticeView,
} from '@engine/notices/notice-detector';
import { english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { fakeClock } from '../../support/fake-clock';

const HEALTHY: NoticeView = {
  state: 'online',
  available: true,
  link: 'registered',
  backend: 'healthy',
  reachability: 'relayed',
  rungWords: said('network.rung.relay'),
};

function harness(start: Partial<NoticeView> = {}) {
  const clock = fakeClock();
  const detector = new NoticeDetector();
  let view: NoticeView = { ...HEALTHY, ...start };
  // What a person reads: the drafts' sentences said in English.
  const told: (Omit<NoticeDraft, 'title' | 'body'> & { title: string; body: string })[] = [];
  const inEnglish = (d: NoticeDraft) => ({ ...d, title: english.said(d.title), body: english.said(d.body) });
  const see = (patch: Partial<NoticeView> = {}) => {
    view = { ...view, ...patch };
    const out = detector.observe(view, clock.now());
    told.push(...out.map(inEnglish));
    return out.map((d) => d.kind);
  };
  /** Time passes with nothing published; the host calls tick when the detector asked to be woken. */
  const wait = (ms: number) => {
    clock.advance(ms);
    const due = detector.nextDueAt();
    if (due === null || due > clock.now()) return [];
    const out = detector.tick(clock.now());
    told.push(...out.map(inEnglish));
    return out.map((d) => d.kind);
  };
  see();
  return { clock, detector, see, wait, told };
}

describe('directory outage: "Lost contact with the IICP directory" / "in contact again"', () => {
  it('tells an outage once it has lasted 60 s, and "back" when the directory answers again', () => {
    const h = harness();
    expect(h.see({ link: 'unreachable' })).toEqual([]);
    expect(h.detector.nextDueAt()).toBe(h.clock.now() + OUTAGE_DEBOUNCE_MS);
    expect(h.wait(OUTAGE_DEBOUNCE_MS - 1)).toEqual([]);
    expect(h.wait(1)).toEqual(['offline']);
    expect(h.detector.nextDueAt()).toBeNull();
    expect(h.wait(10 * OUTAGE_DEBOUNCE_MS)).toEqual([]); // told once, however long it lasts
    expect(h.see({ link: 'registered' })).toEqual(['back_online']);
    // Only the directory is out of reach: the node still runs and serves what reaches it, so it is not "offline".
    expect(`${h.told[0]!.title} ${h.told[0]!.body}`).not.toMatch(/offline/i);
    expect(h.told[0]).toMatchObject({
      title: 'Lost contact with the IICP directory',
      body: "The IICP directory can't be reached, so consumers who look for nodes there may not find yours. Tasks that reach your node without the directory are not affected. It keeps trying.",
    });
  });

  it('says nothing about an outage shorter than 60 s, however often it flaps', () => {
    const h = harness();
    for (let i = 0; i < 20; i++) {
      expect(h.see({ link: 'unreachable' })).toEqual([]);
      expect(h.wait(OUTAGE_DEBOUNCE_MS / 2)).toEqual([]);
      expect(h.see({ link: 'registered' })).toEqual([]); // no "back" without a told "offline"
      expect(h.wait(1_000)).toEqual([]);
    }
    expect(h.told).toEqual([]);
  });

  it('counts the retries between failures (the link says "registering") as part of the outage', () => {
    const h = harness();
    h.see({ link: 'unreachable' });
    h.wait(20_000);
    h.see({ link: 'connecting' });
    h.wait(20_000);
    h.see({ link: 'unreachable' });
    expect(h.wait(19_999)).toEqual([]);
    expect(h.wait(1)).toEqual(['offline']);
  });

  it('tells the outage from a snapshot as well as from a tick', () => {
    const h = harness();
    h.see({ link: 'unreachable' });
    h.clock.advance(OUTAGE_DEBOUNCE_MS);
    expect(h.see({ link: 'connecting' })).toEqual(['offline']);
  });

  it('drops an outage untold when the question stops applying (refused, not configured, node stopping)', () => {
    const h = harness();
    h.see({ link: 'unreachable' });
    h.wait(30_000);
    h.see({ link: 'rejected' });
    expect(h.detector.nextDueAt()).toBeNull();
    expect(h.wait(OUTAGE_DEBOUNCE_MS)).toEqual([]);
    h.see({ link: 'unreachable' });
    h.wait(30_000);
    h.see({ state: 'stopping' });
    expect(h.wait(OUTAGE_DEBOUNCE_MS)).toEqual([]);
    expect(h.told).toEqual([]);
  });
});

describe('LLM server: "stopped" / "back"', () => {
  it('tells a server that stopped answering for 60 s, and that it is back (loading a model counts as back)', () => {
    const h = harness();
    h.see({ backend: 'unreachable' });
    expect(h.wait(OUTAGE_DEBOUNCE_MS)).toEqual(['backend_stopped']);
    expect(h.see({ backend: 'loading' })).toEqual(['backend_back']);
    expect(h.told.map((d) => d.title)).toEqual(['LLM server stopped', 'LLM server back']);
  });

  it('is told while the person paused the node too: a paused node still needs its server', () => {
    const h = harness();
    h.see({ state: 'paused', available: false, backend: 'unreachable' });
    expect(h.wait(OUTAGE_DEBOUNCE_MS)).toEqual(['backend_stopped']);
  });

  it('keeps the directory and the server apart: each is told once, in the order it happened', () => {
    const h = harness();
    h.see({ backend: 'unreachable' });
    h.wait(10_000);
    h.see({ link: 'unreachable' });
    expect(h.wait(50_000)).toEqual(['backend_stopped']);
    expect(h.wait(10_000)).toEqual(['offline']);
    expect(h.see({ backend: 'healthy', link: 'registered' })).toEqual(['back_online', 'backend_back']);
  });
});

describe('reachability: "not reachable any more" / "again"', () => {
  it('tells a lost way in after 60 s and names the new one when it is back', () => {
    const h = harness();
    h.see({ reachability: 'not_reachable' });
    expect(h.wait(OUTAGE_DEBOUNCE_MS)).toEqual(['not_reachable']);
    h.see({ reachability: 'checking' });
    expect(h.see({ reachability: 'mapped', rungWords: said('network.rung.mapped') })).toEqual(['reachable_again']);
    expect(h.told[1]).toMatchObject({
      title: 'Reachable from the internet again',
      body: 'Reachable directly through a port your router opened for this node; it is closed again when the node stops or you switch Available off.',
    });
  });

  it('says nothing for a node that never had a way in (the Network page says what to do)', () => {
    const h = harness({ reachability: 'local_only' });
    expect(h.wait(10 * OUTAGE_DEBOUNCE_MS)).toEqual([]);
    expect(h.detector.nextDueAt()).toBeNull();
  });

  it('says nothing when the person switched the node off (the router mapping is given back on purpose)', () => {
    const h = harness();
    h.see({ state: 'paused', available: false, reachability: 'local_only' });
    expect(h.wait(10 * OUTAGE_DEBOUNCE_MS)).toEqual([]);
    expect(h.see({ state: 'online', available: true, reachability: 'relayed' })).toEqual([]);
  });
});

describe('earnings: "Earnings rejected"', () => {
  it('gathers the rejections of one round into one notice', () => {
    const h = harness();
    for (let i = 0; i < 3; i++) h.detector.receiptsRejected(1, h.clock.now());
    expect(h.detector.nextDueAt()).toBe(h.clock.now() + EARNINGS_GATHER_MS);
    expect(h.wait(EARNINGS_GATHER_MS)).toEqual(['earnings_rejected']);
    expect(h.told[0]).toMatchObject({
      title: 'Earnings rejected',
      body: expect.stringContaining('credits for 3 tasks'),
    });
  });

  it('tells at most one every 15 minutes; what is rejected meanwhile is counted into the next', () => {
    const h = harness();
    h.detector.receiptsRejected(1, h.clock.now());
    expect(h.wait(EARNINGS_GATHER_MS)).toEqual(['earnings_rejected']);
    h.detector.receiptsRejected(2, h.clock.now());
    expect(h.wait(EARNINGS_QUIET_MS - 1)).toEqual([]);
    h.detector.receiptsRejected(1, h.clock.now());
    expect(h.wait(1)).toEqual(['earnings_rejected']);
    expect(h.told.map((d) => d.body)).toEqual([
      expect.stringContaining('credits for one task'),
      expect.stringContaining('credits for 3 tasks'),
    ]);
    expect(h.detector.nextDueAt()).toBeNull();
  });
});

it('uses no developer words in any notice', () => {
  const h = harness();
  h.see({ link: 'unreachable', backend: 'unreachable', reachability: 'not_reachable' });
  h.detector.receiptsRejected(2, h.clock.now());
  h.wait(OUTAGE_DEBOUNCE_MS);
  h.see({ link: 'registered', backend: 'healthy', reachability: 'public', rungWords: null });
  expect(h.told.map((d) => d.kind).sort()).toEqual([
    'back_online',
    'backend_back',
    'backend_stopped',
    'earnings_rejected',
    'not_reachable',
    'offline',
    'reachable_again',
  ]);
  for (const d of h.told) expect(`${d.title} ${d.body}`).not.toMatch(/[_/]|ECONN|IICP-E|http|\d{3}\b|undefined|null/);
});
