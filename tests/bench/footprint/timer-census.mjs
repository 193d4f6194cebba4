/**
 * A preload for the footprint bench's `BENCH_TIMERS=1` (`node --import`): counts the timers each process and thread
 * of the idle host fires, by the place that set them, and writes the count to $IICP_TIMER_CENSUS_DIR as
 * <pid>-<thread>.json once a minute and at exit. On an idle node every wake-up costs far more than the work it does,
 * so a timer that fires ten times a second is what to look for. The place is read from a stack each time a timer is
 * set, which costs a little: a run with this on is a diagnosis, not a measurement.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';
import timers from 'node:timers';
import { isMainThread, threadId } from 'node:worker_threads';

const dir = process.env.IICP_TIMER_CENSUS_DIR;
if (dir) {
  mkdirSync(dir, { recursive: true });
  const startedAt = Date.now();
  /** @type {Map<string, { kind: string, ms: number, set: number, fired: number }>} */
  const sites = new Map();
  const own = (line) => line.includes('node:internal') || line.includes('timer-census');
  const place = () =>
    (new Error().stack ?? '')
      .split('\n')
      .slice(1)
      .filter((l) => l.trim().startsWith('at ') && !own(l))
      .slice(0, 3)
      .map((l) => l.trim().slice(3))
      .join(' < ');
  const count = (kind, original) =>
    function (fn, ms, ...args) {
      if (typeof fn !== 'function') return original.call(this, fn, ms, ...args);
      const delay = Number(ms) || 0;
      const key = `${kind} ${delay} ${place()}`;
      let site = sites.get(key);
      if (!site) sites.set(key, (site = { kind, ms: delay, set: 0, fired: 0 }));
      site.set += 1;
      const counted = function (...a) {
        site.fired += 1;
        return fn.apply(this, a);
      };
      return original.call(this, counted, ms, ...args);
    };
  const write = () => {
    const rows = [...sites].map(([key, s]) => ({ ...s, site: key.slice(key.indexOf(' ', key.indexOf(' ') + 1) + 1) }));
    const who = `${basename(process.argv[1] ?? 'node')}${isMainThread ? '' : ` (thread ${threadId})`}`;
    const body = {
      pid: process.pid,
      threadId,
      who,
      startedAt,
      writtenAt: Date.now(),
      sites: rows.filter((r) => r.fired > 0),
    };
    try {
      writeFileSync(`${dir}/${process.pid}-${threadId}.json`, JSON.stringify(body));
    } catch {
      // The folder went away with the bench: nothing to report to.
    }
  };
  // Set with the original function, so the census's own minute is not counted.
  timers.setInterval(write, 60_000).unref();
  globalThis.setTimeout = timers.setTimeout = count('timeout', timers.setTimeout);
  globalThis.setInterval = timers.setInterval = count('interval', timers.setInterval);
  syncBuiltinESMExports();
  process.on('exit', write);
}
