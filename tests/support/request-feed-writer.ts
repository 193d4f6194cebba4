/**
 * Child process for the requests feed's durability test: records answers and flushes in a loop, acknowledging on
 * stdout only after each flush committed (rows written so far, answers counted so far). The parent SIGKILLs it at an
 * arbitrary moment.
 */
import { writeLine } from './stdout-line';
import { RequestFeed } from '@engine/requests/request-feed';
import { RequestStore } from '@engine/requests/request-store';
import { Store } from '@engine/store';

const store = Store.open(process.argv[2]!);
const now = Date.parse('2026-11-21T09:00:00Z');
// Nothing is ever pruned here, so every committed row can be checked against the counters.
const feed = new RequestFeed({
  store: new RequestStore(store.db, Number.MAX_SAFE_INTEGER),
  timeZone: 'UTC',
  now: () => now,
  flushMs: 3_600_000,
  slots: { capacity: () => 2, maxConcurrent: () => 2, activeJobs: () => 2 },
});
let counted = 0;
writeLine('ready');
for (let round = 1; ; round++) {
  const n = 1 + (round % 37);
  for (let i = 0; i < n; i++) {
    counted += 1;
    if (i % 3 === 0)
      feed.record({
        outcome: 'served',
        status: 200,
        code: 'ok',
        variant: '',
        intent: 'urn:iicp:intent:llm:chat:v1',
        qos: 'best_effort',
        model: 'm',
        tokens: 10,
        durationMs: 5,
        taskId: `t${counted}`,
        delivery: null,
      });
    else
      feed.record({
        outcome: 'refused',
        status: 429,
        code: 'IICP-E021',
        variant: '',
        intent: null,
        qos: null,
        model: null,
        tokens: null,
        durationMs: 0,
        taskId: null,
        delivery: null,
      });
  }
  feed.flush();
  writeLine(`flushed ${counted}`);
}
