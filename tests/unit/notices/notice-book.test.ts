/**
 * The notices a person has, kept in the node's database: they outlive a restart (one still true, like earnings that do
 * not match the signed record, is there after it), a dismissed one stays dismissed, a "back" resolves its trouble, a
 * trouble told again takes the older one's place, an outage open when the node stopped is not told twice and its end
 * resolves it, the table keeps only the newest rows, and a row this version does not know is passed over.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NodeSnapshot, Notice } from '@shared/contract';
import { Store } from '@engine/store';
import { NoticeRepository } from '@engine/store/notices-repo';
import { MAX_KEPT_NOTICES } from '@engine/notices/notice-book';
import { NoticeFeed } from '@engine/notices/notice-feed';
import { OUTAGE_DEBOUNCE_MS } from '@engine/notices/notice-detector';
import { ProviderNode } from '@engine/node/provider-node';
import { english } from '@shared/i18n/say';
import { tempDir } from '../../support/tmp';

const base: NodeSnapshot = new ProviderNode({
  dataDir: '/nonexistent/iicp-notice-book',
  host: 'headless',
  appVersion: 'test',
}).getSnapshot();
const snapshot = (backend: NodeSnapshot['backend']['status']): NodeSnapshot => ({
  ...base,
  state: 'online',
  available: true,
  backend: { ...base.backend, status: backend },
});
const problem = (details: string) => ({
  id: 1,
  ts: new Date().toISOString(),
  level: 'warn' as const,
  event: 'verify_problem',
  details,
});
const MISMATCH = 'Your earnings do not match the directory’s signed record for 2 tasks.';

let folder: ReturnType<typeof tempDir>;
let store: Store;
let feed: NoticeFeed;
let heard: Notice[];
let ids = 0;

/** The node (re)starts on the same data folder: a new store and a new feed, as after a restart of the process. */
function startNode(): void {
  store = Store.open(`${folder.dir}/provider.db`);
  heard = [];
  feed = new NoticeFeed({ now: () => Date.now(), onNotice: (n) => heard.push(n), newId: () => `n${++ids}` });
  feed.start(store.db);
}

function stopNode(): void {
  feed.stop();
  store.close();
}

/** An LLM server outage told, then its end. */
function outage(): void {
  feed.observe(snapshot('healthy'));
  feed.observe(snapshot('unreachable'));
  vi.advanceTimersByTime(OUTAGE_DEBOUNCE_MS);
  feed.observe(snapshot('healthy'));
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-08-22T12:30:00Z') });
  folder = tempDir('iicp-notice-book-');
  startNode();
});

afterEach(() => {
  stopNode();
  folder.cleanup();
  vi.useRealTimers();
});

describe('notices kept across a restart', () => {
  it('are all there after a restart, resolved as they were, and a dismissed one stays dismissed', () => {
    outage();
    feed.event(problem(MISMATCH));
    feed.tell('machine_down', { machine: 'Attic PC' });
    const machine = feed.list()[0]!;
    expect(machine.kind).toBe('machine_down');
    expect(feed.dismiss(machine.id)).toBe(true);
    const before = feed.list();
    expect(before.map((n) => [n.kind, n.resolvedAt === null])).toEqual([
      ['earnings_unverified', true],
      ['backend_back', false],
      ['backend_stopped', false],
    ]);

    stopNode();
    startNode();
    expect(feed.list()).toEqual(before);
    expect(english.said(feed.list()[0]!.body)).toContain(MISMATCH);
    expect(heard).toEqual([]); // nothing told again
    expect(feed.dismiss('no-such-notice')).toBe(false);
  });

  it('an outage open when the node stopped is not told again after the restart; its end resolves it', () => {
    feed.observe(snapshot('healthy'));
    feed.observe(snapshot('unreachable'));
    vi.advanceTimersByTime(OUTAGE_DEBOUNCE_MS);
    const stopped = feed.list()[0]!;
    expect(stopped).toMatchObject({ kind: 'backend_stopped', resolvedAt: null });

    stopNode();
    startNode();
    feed.observe(snapshot('unreachable'));
    vi.advanceTimersByTime(3 * OUTAGE_DEBOUNCE_MS);
    feed.observe(snapshot('unreachable'));
    expect(heard).toEqual([]);
    feed.observe(snapshot('healthy'));
    expect(heard.map((n) => n.kind)).toEqual(['backend_back']);
    expect(feed.list().find((n) => n.id === stopped.id)?.resolvedAt).toBe(heard[0]!.at);
  });

  it('keeps only the newest rows in the database', () => {
    for (let i = 0; i < MAX_KEPT_NOTICES + 15; i++) feed.tell('machine_down', { machine: `Machine ${i}` });
    stopNode();
    startNode();
    const rows = new NoticeRepository(store.db).list(1_000);
    expect(rows).toHaveLength(MAX_KEPT_NOTICES);
    expect(rows[0]!.subject).toBe(`Machine ${MAX_KEPT_NOTICES + 14}`);
    expect(rows.at(-1)!.subject).toBe('Machine 15');
  });

  it('passes over a row this version does not know, and the rest still load', () => {
    feed.tell('machine_down', { machine: 'Attic PC' });
    store.db
      .prepare(
        "INSERT INTO notices (id, at, kind, title, body, route) VALUES ('x1', '2026-08-22T12:00:00Z', 'from_the_future', 't', 'b', 'nowhere')",
      )
      .run();
    store.db
      .prepare(
        "INSERT INTO notices (id, at, kind, title, body, route) VALUES ('x2', 'not a time', 'offline', 't', 'b', 'dashboard')",
      )
      .run();
    stopNode();
    startNode();
    expect(feed.list().map((n) => n.kind)).toEqual(['machine_down']);
  });

  it('keeps its sentences as message ids, and reads an older version’s English rows as they were', () => {
    feed.tell('machine_down', { machine: 'Attic PC' });
    const older =
      "INSERT INTO notices (id, at, kind, title, body, route) VALUES (?, '2026-08-22T12:00:00Z', 'offline', ?, ?, 'dashboard')";
    store.db.prepare(older).run('x1', 'Lost contact with the IICP directory', 'It keeps trying.');
    store.db.prepare(older).run('x2', '{"id": 42, "values": "not a sentence"}', '{"id":');
    stopNode();
    startNode();
    const stored = new NoticeRepository(store.db).list(10).find((r) => r.kind === 'machine_down')!;
    expect(JSON.parse(stored.title)).toEqual({ id: 'fleet.notice.downTitle', values: { name: 'Attic PC' } });
    const said = feed.list().map((n) => [english.said(n.title), english.said(n.body)]);
    expect(said).toContainEqual([
      '“Attic PC” is down',
      'It stopped answering at a time it is meant to be on. The Machines page shows what is known of it.',
    ]);
    expect(said).toContainEqual(['Lost contact with the IICP directory', 'It keeps trying.']);
    expect(said).toContainEqual(['{"id": 42, "values": "not a sentence"}', '{"id":']);
  });
});

describe('notices collapse', () => {
  it('a trouble told again takes the older one’s place; each machine is its own; a "back" resolves only its machine', () => {
    feed.tell('machine_down', { machine: 'Attic PC' });
    feed.tell('machine_down', { machine: 'Office PC' });
    vi.advanceTimersByTime(1_000);
    feed.tell('machine_down', { machine: 'Attic PC' });
    const open = () =>
      feed
        .list()
        .filter((n) => n.resolvedAt === null)
        .map((n) => english.said(n.title));
    expect(open()).toEqual([expect.stringContaining('Attic PC'), expect.stringContaining('Office PC')]);
    feed.tell('machine_back', { machine: 'Office PC' });
    expect(open()).toEqual([expect.stringContaining('Attic PC')]);
    // A machine's notices replace each other: where each machine stands now, one notice each.
    expect(feed.list().map((n) => english.said(n.title))).toEqual(['“Office PC” is back', '“Attic PC” is down']);
  });

  it("one machine's notices replace each other, by node id whatever its name, and stay replaced after a restart", () => {
    const attic = { machine: 'Attic PC', subject: 'node-attic-01' };
    feed.tell('machine_down', attic);
    feed.tell('machine_back', { ...attic, outage: { downs: 5, spanMs: 12 * 60_000, upMs: 5 * 60_000 } });
    feed.tell('machine_down', { ...attic, machine: 'Attic rig' });
    feed.tell('machine_down', { machine: 'Attic PC', subject: 'node-other-02' });
    const shown = () => feed.list().map((n) => `${n.kind} ${english.said(n.title)}`);
    expect(shown()).toEqual(['machine_down “Attic PC” is down', 'machine_down “Attic rig” is down']);
    // Each was told when it happened.
    expect(heard.map((n) => n.kind)).toEqual(['machine_down', 'machine_back', 'machine_down', 'machine_down']);
    expect(english.said(heard[1]!.body)).toBe('It went down 5 times in 12 minutes. It has answered for 5 minutes now.');
    stopNode();
    startNode();
    expect(shown()).toEqual(['machine_down “Attic PC” is down', 'machine_down “Attic rig” is down']);
  });

  it('the same problem with the signed record told again is one notice; another problem is another', () => {
    feed.event(problem(MISMATCH));
    feed.event(problem(MISMATCH));
    feed.event(problem('The directory’s signed record skips 3 events.'));
    expect(feed.list().filter((n) => n.resolvedAt === null)).toHaveLength(2);
  });

  it('rejected earnings stay open side by side: each counts other tasks', () => {
    for (let i = 0; i < 2; i++) {
      feed.event({ ...problem(''), event: 'receipt_rejected' });
      vi.advanceTimersByTime(16 * 60_000);
    }
    expect(feed.list().map((n) => [n.kind, n.resolvedAt])).toEqual([
      ['earnings_rejected', null],
      ['earnings_rejected', null],
    ]);
  });
});
