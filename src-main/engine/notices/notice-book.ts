import { MAX_SHOWN_NOTICES, NOTICE_KINDS, type Notice, type NoticeKind } from '@shared/contract';
import { said, SaidSchema, type Said } from '@shared/i18n/said';
import type { NoticeRepository, StoredNotice } from '../store';
import { NOTICE_ROUTE } from './notice-words';

/** Notices kept, dismissed ones included (so a dismissed trouble is still known to be open after a restart). */
export const MAX_KEPT_NOTICES = 50;

/** The good news that ends each trouble: "LLM server back" resolves "LLM server stopped". */
const ENDS: Partial<Record<NoticeKind, NoticeKind>> = {
  back_online: 'offline',
  backend_back: 'backend_stopped',
  reachable_again: 'not_reachable',
  machine_back: 'machine_down',
};

/**
 * Troubles told again while open (a machine down again after a restart, the same problem with the signed record): the
 * newer notice takes the older one's place, so only the latest state shows. Rejected earnings are not among them:
 * each notice counts other tasks.
 */
const REPLACES_ITSELF = new Set<NoticeKind>([
  'offline',
  'backend_stopped',
  'not_reachable',
  'machine_down',
  'earnings_unverified',
]);

/**
 * Notices about one of the person's machines replace each other: the newest says where that machine stands (down,
 * or back after going down several times), and the older ones of the same machine leave the list.
 */
const ONE_PER_SUBJECT = new Set<NoticeKind>(['machine_down', 'machine_back']);

/** The outages the detector tells, whose open notice must be answered by a "back" after a restart too. */
export type OutageKind = 'offline' | 'backend_stopped' | 'not_reachable';
const OUTAGES: readonly OutageKind[] = ['offline', 'backend_stopped', 'not_reachable'];

export interface NoticeEntry {
  kind: NoticeKind;
  title: Said;
  body: Said;
  /**
   * What the notice is about when one kind can be about several things (a machine's name, the record's problem), else
   * ''.
   */
  subject: string;
}

interface Kept extends Notice {
  subject: string;
  dismissed: boolean;
}

const KINDS = new Set<string>(NOTICE_KINDS);

/** A stored sentence longer than this is no sentence of ours. */
const MAX_STORED_CHARS = 8_000;

/**
 * A notice's sentence as stored: its `Said` as JSON. A row an older version wrote holds English text; it is shown as
 * that text, and anything unreadable as nothing rather than as a crash.
 */
function sentenceOf(stored: string): Said {
  if (stored.length <= MAX_STORED_CHARS && stored.startsWith('{')) {
    try {
      const parsed = SaidSchema.safeParse(JSON.parse(stored));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: an older version's text.
    }
  }
  return said('engine.notice.text', { text: stored.slice(0, MAX_STORED_CHARS) });
}

/** A stored row as a notice, or null when it is not one this version knows (a newer version's kind, a damaged row). */
function fromRow(r: StoredNotice): Kept | null {
  if (!KINDS.has(r.kind) || Number.isNaN(Date.parse(r.at))) return null;
  const kind = r.kind as NoticeKind;
  const resolvedAt = r.resolvedAt !== null && !Number.isNaN(Date.parse(r.resolvedAt)) ? r.resolvedAt : null;
  return {
    id: r.id,
    at: r.at,
    kind,
    title: sentenceOf(r.title),
    body: sentenceOf(r.body),
    route: NOTICE_ROUTE[kind],
    resolvedAt,
    subject: r.subject,
    dismissed: r.dismissed,
  };
}

/**
 * The notices the person has: newest first, a "back" resolving its trouble, a trouble told again taking the older
 * one's place, dismissed ones kept but not shown. With a repository every change is stored as it happens, so the
 * list outlives a restart; without one (a node that is not running, the unit tests) it lives in memory.
 */
export class NoticeBook {
  private kept: Kept[] = [];
  private repo: NoticeRepository | null = null;

  constructor(private readonly keep = MAX_KEPT_NOTICES) {}

  /** Reads the stored notices (a repository), or goes on with what is in memory (null). */
  open(repo: NoticeRepository | null): void {
    this.repo = repo;
    if (repo) this.kept = repo.list(this.keep).flatMap((r) => fromRow(r) ?? []);
  }

  /** The database is closing: changes from now on stay in memory. */
  close(): void {
    this.repo = null;
  }

  add(entry: NoticeEntry, id: string, at: string): Notice {
    const ended = ENDS[entry.kind];
    const resolves = this.kept.filter(
      (n) =>
        n.resolvedAt === null &&
        n.subject === entry.subject &&
        (n.kind === ended || (REPLACES_ITSELF.has(entry.kind) && n.kind === entry.kind)),
    );
    const replaces = ONE_PER_SUBJECT.has(entry.kind)
      ? this.kept.filter((n) => !n.dismissed && ONE_PER_SUBJECT.has(n.kind) && n.subject === entry.subject)
      : [];
    const notice: Kept = {
      id,
      at,
      kind: entry.kind,
      title: entry.title,
      body: entry.body,
      route: NOTICE_ROUTE[entry.kind],
      resolvedAt: ended ? at : null,
      subject: entry.subject,
      dismissed: false,
    };
    try {
      this.repo?.add(
        { ...notice, title: JSON.stringify(notice.title), body: JSON.stringify(notice.body) },
        resolves.map((n) => n.id),
        at,
        this.keep,
        replaces.map((n) => n.id),
      );
    } catch {
      // A database that refuses the row (a full disk) costs only its survival of a restart: the person still hears it.
    }
    for (const n of resolves) n.resolvedAt = at;
    for (const n of replaces) n.dismissed = true;
    this.kept.unshift(notice);
    this.kept.length = Math.min(this.kept.length, this.keep);
    return this.shown(notice);
  }

  /** Takes a notice off the list for good; false when there is no such notice. Throws when the database refuses. */
  dismiss(id: string): boolean {
    const n = this.kept.find((x) => x.id === id);
    if (!n) return false;
    this.repo?.dismiss(id);
    n.dismissed = true;
    return true;
  }

  /** What the snapshot carries: the newest notices not dismissed. */
  list(): Notice[] {
    return this.kept
      .filter((n) => !n.dismissed)
      .slice(0, MAX_SHOWN_NOTICES)
      .map((n) => this.shown(n));
  }

  /** The outages told and not yet answered by their "back", dismissed or not. */
  openOutages(): OutageKind[] {
    return OUTAGES.filter((kind) => this.kept.some((n) => n.kind === kind && n.resolvedAt === null));
  }

  private shown(n: Kept): Notice {
    return { id: n.id, at: n.at, kind: n.kind, title: n.title, body: n.body, route: n.route, resolvedAt: n.resolvedAt };
  }
}
