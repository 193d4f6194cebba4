// The face: what other rooms may use.
export { Store } from './store';
export type { Clock } from './clock';
export type { Db } from './database';
export type { JournalMark } from './ledger-journal';
export { AwardChecksRepository, awardsAfterCheck, differencesPage, type ClaimAwardRow } from './award-checks-repo';
export { systemClock } from './clock';
export { CutTasksRepository } from './cut-tasks-repo';
export { WRITER_THREAD_PRAGMAS, runDbThread, threadFailure } from './db-thread-worker';
export { describeError, releaseDbThread, startDbThread, type DbThread } from './db-thread';
export { EVENT_BURST_ROWS, EVENT_REPEAT_WINDOW_MS } from './event-log';
export { markAfter, type FoldGroup, type LedgerEntry, type NewLedgerRow, type NewReceipt } from './ledger-entries';
export { decodeEntries, encodeEntries, type LedgerJournal } from './ledger-journal';
export {
  BUCKET_MS,
  LedgerRepository,
  type LedgerFilter,
  type OutboxEntry,
  type Retry,
  type RollupRow,
  type RollupTotals,
  type Settlement,
  type UnitSums,
} from './ledger-repo';
export { NoticeRepository, type StoredNotice } from './notices-repo';
export { RequestRowsRepository, type CounterDelta, type DayCounter, type StoredRequest } from './request-rows-repo';
export { SignedLogRepository, type LogBlockRow } from './signed-log-repo';
export { SpendRepository, type NewSpendRow, type SpendByApp } from './spend-repo';
export { EngineStateRepository } from './state-repo';
export { storeCall } from './store-call';
