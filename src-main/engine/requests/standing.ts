/**
 * The figures the dashboard shows and "Why am I not getting tasks?" judges, read the same way for both: the earnings
 * with the freshest reputation score, and today's answers of the task port with advice for the current settings.
 */
import type { NodeSnapshot, Settings } from '@shared/contract';
import type { DirectoryStatus } from '../directory';
import type { EarningsService } from '../earnings';
import type { RequestFeed } from './request-feed';

/** The Earnings page's figures and standing. */
export function earningsInfo(earnings: EarningsService, dir: Readonly<DirectoryStatus>): NodeSnapshot['earnings'] {
  const books = earnings.info();
  // Every heartbeat answer carries the reputation score, usually fresher than the node page read with the books;
  // a read of the books asked for since (the "why no tasks" check) is newer, and then it counts. Both are dated
  // by when they were asked: a heartbeat answer that arrives after the read may still be the older figure.
  const booksNewer = books.reputationScore !== null && (earnings.standingReadAt() ?? 0) > (dir.reputationAsOf ?? 0);
  return {
    ...books,
    reputationScore: booksNewer ? books.reputationScore : (dir.reputationScore ?? books.reputationScore),
  };
}

/**
 * Today's answers with advice against the current settings. `served` is the ledger's count of the day, the number
 * every other screen shows: the feed writes its counters every half second, so a crash could lose its last few.
 */
export function requestsInfo(
  requests: RequestFeed,
  s: Settings,
  maxConcurrentFixed: boolean,
  served: number,
): Omit<NodeSnapshot['requests'], 'idle'> {
  const info = requests.info({ maxConcurrent: s.maxConcurrent, maxConcurrentFixed, privateModels: s.excludedModels });
  return { ...info, served };
}

/** A node without a served task for this long, though healthy and listed, is idle. */
const IDLE_AFTER_MS = 3 * 3_600_000;
/** Heartbeats are accepted every 30 s; one older than this is no sign of health. */
const HEARTBEAT_FRESH_MS = 2 * 60_000;

export interface IdleInputs {
  directory: Readonly<DirectoryStatus>;
  /** A server serves and the person offers the node. */
  offering: boolean;
  /** When a task was last served (earlier runs included), or null. */
  lastServedAt: number | null;
  now: number;
  /** How long without a served task makes a healthy node idle (default 3 h; tests shorten it). */
  idleAfterMs?: number;
}

/**
 * Healthy but idle: registered, the last heartbeat accepted lately, a server that serves and the node offered, and
 * no task served for `idleAfterMs` (counted from the later of the last served task and this run's registration).
 */
export function idleSince(i: IdleInputs): NodeSnapshot['requests']['idle'] {
  const dir = i.directory;
  if (dir.link !== 'registered' || dir.registeredAt === null || dir.lastHeartbeatAt === null) return null;
  if (i.now - dir.lastHeartbeatAt > HEARTBEAT_FRESH_MS || !i.offering) return null;
  const served = i.lastServedAt;
  const since = Math.max(served ?? 0, dir.registeredAt);
  if (i.now - since < (i.idleAfterMs ?? IDLE_AFTER_MS)) return null;
  return {
    since: new Date(since).toISOString(),
    lastServedAt: served === null ? null : new Date(served).toISOString(),
  };
}
