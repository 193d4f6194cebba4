/**
 * The engine's notice feed: it wakes itself when an outage has lasted long enough (nothing may be published
 * meanwhile), counts rejected receipts from the event log, keeps the last 20 newest first, and says nothing while
 * the node is stopped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, NodeSnapshot, Notice } from '@shared/contract';
import { MAX_NOTICES, NoticeFeed } from '@engine/notices/notice-feed';
import { EARNINGS_GATHER_MS, OUTAGE_DEBOUNCE_MS } from '@engine/notices/notice-detector';
import { ProviderNode } from '@engine/node/provider-node';
import { said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';

// The shape of a real snapshot (a never-started node); each test sets what the feed reads.
const base: NodeSnapshot = new ProviderNode({
  dataDir: '/nonexistent/iicp-notice-feed',
  host: 'headless',
  appVersion: 'test',
}).getSnapshot();

function snapshot(backend: NodeSnapshot['backend']['status'], state: NodeSnapshot['state'] = 'online'): NodeSnapshot {
  return { ...base, state, available: true, backend: { ...base.backend, status: backend } };
}

const event = (name: string): EngineEvent => ({
  id: 1,
  ts: new Date().toISOString(),
  level: 'warn',
  event: name,
  details: '',
});

let heard: Notice[];
let feed: NoticeFeed;
let ids: number;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-08-22T12:30:00Z') });
  heard = [];
  ids = 0;
  feed = new NoticeFeed({ now: () => Date.now(), onNotice: (n) => heard.push(n), newId: () => `n${++ids}` });
  feed.start();
});

afterEach(() => {
  feed.stop();
  vi.useRealTimers();
});

describe('notice feed', () => {
  it('tells an outage when it has lasted, with no snapshot published meanwhile', () => {
    feed.observe(snapshot('healthy'));
    feed.observe(snapshot('unreachable'));
    vi.advanceTimersByTime(OUTAGE_DEBOUNCE_MS - 1);
    expect(heard).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(heard).toEqual([
      {
        id: 'n1',
        at: '2026-08-22T12:31:00.000Z',
        kind: 'backend_stopped',
        title: said('engine.notice.backendStopped.title'),
        body: said('engine.notice.backendStopped.body'),
        route: 'dashboard',
        resolvedAt: null,
      },
    ]);
    expect(feed.list()).toEqual(heard);
    vi.advanceTimersByTime(5_000);
    feed.observe(snapshot('healthy'));
    // The "back" ends the pair: both are resolved at its time, so the Dashboard only counts them.
    expect(feed.list().map((n) => [n.kind, n.resolvedAt])).toEqual([
      ['backend_back', '2026-08-22T12:31:05.000Z'],
      ['backend_stopped', '2026-08-22T12:31:05.000Z'],
    ]);
  });

  it('counts receipts the directory rejected, from the event log, into one notice', () => {
    feed.observe(snapshot('healthy'));
    feed.event(event('receipt_rejected'));
    feed.event(event('receipt_awarded'));
    feed.event(event('receipt_rejected'));
    vi.advanceTimersByTime(EARNINGS_GATHER_MS);
    expect(heard.map((n) => [n.kind, n.route, english.said(n.body)])).toEqual([
      ['earnings_rejected', 'earnings', expect.stringContaining('credits for 2 tasks')],
    ]);
  });

  it('keeps the last 20, newest first', () => {
    for (let i = 0; i < 15; i++) {
      feed.observe(snapshot('unreachable'));
      vi.advanceTimersByTime(OUTAGE_DEBOUNCE_MS);
      feed.observe(snapshot('healthy'));
    }
    expect(heard).toHaveLength(30);
    expect(feed.list()).toHaveLength(MAX_NOTICES);
    expect(feed.list()[0]!.id).toBe(heard[29]!.id);
    expect(feed.list().at(-1)!.id).toBe(heard[10]!.id);
  });

  it('says nothing while the node is stopped, and starts afresh (an outage of the last run is not carried over)', () => {
    feed.observe(snapshot('unreachable'));
    feed.stop();
    vi.advanceTimersByTime(10 * OUTAGE_DEBOUNCE_MS);
    feed.observe(snapshot('unreachable'));
    feed.event(event('receipt_rejected'));
    vi.advanceTimersByTime(10 * OUTAGE_DEBOUNCE_MS);
    expect(heard).toEqual([]);
    feed.start();
    feed.observe(snapshot('healthy'));
    expect(heard).toEqual([]);
  });
});
