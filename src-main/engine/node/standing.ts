/**
 * The figures the dashboard shows and "Why am I not getting tasks?" judges, read the same way for both: the earnings
 * with the freshest reputation score, and today's answers of the task port with advice for the current settings.
 */
import type { NodeSnapshot, Settings } from '@shared/contract';
import type { DirectoryStatus } from '../directory/link-session';
import type { EarningsService } from '../earnings/earnings-service';
import type { RequestFeed } from '../requests/request-feed';

/** The Earnings page's figures and standing. */
export function earningsInfo(earnings: EarningsService, dir: Readonly<DirectoryStatus>): NodeSnapshot['earnings'] {
  const books = earnings.info();
  // Every heartbeat answer carries the reputation score, usually fresher than the node page read with the books;
  // a read of the books asked for since (the "why no tasks" check) is newer, and then it counts. Both are dated
  // by when they were asked: a heartbeat answer that arrives after the read may still be the older figure.
  const booksNewer = books.reputationScore !== null && (earnings.standingReadAt() ?? 0) > (dir.reputationAsOf ?? 0);
  return { ...books, reputationScore: booksNewer ? books.reputationScore : (dir.reputationScore ?? books.reputationScore) };
}

/**
 * Today's answers with advice against the current settings. `served` is the ledger's count of the day, the number
 * every other screen shows: the feed writes its counters every half second, so a crash could lose its last few.
 */
export function requestsInfo(requests: RequestFeed, s: Settings, maxConcurrentFixed: boolean, served: number): Omit<NodeSnapshot['requests'], 'idle'> {
  const info = requests.info({ maxConcurrent: s.maxConcurrent, maxConcurrentFixed, privateModels: s.excludedModels });
  return { ...info, served };
}
