/**
 * `BENCH_TIMERS=1`: which timers wake the idle host and engine. The preload (`timer-census.mjs`) counts every timer
 * each process and thread fires, by the place that set it; this reads what they wrote once the host has stopped and
 * prints the busiest places, in fires per minute over each one's life (mostly the idle window).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PRELOAD = join(dirname(fileURLToPath(import.meta.url)), 'timer-census.mjs');
/** Places that fire less often than this are left out: a heartbeat every 30 s is not what costs an idle node. */
const MIN_PER_MINUTE = 1.5;
const TOP = 6;

interface CensusSite {
  kind: 'timeout' | 'interval';
  ms: number;
  set: number;
  fired: number;
  site: string;
}

interface Census {
  pid: number;
  threadId: number;
  who: string;
  startedAt: number;
  writtenAt: number;
  sites: CensusSite[];
}

/** The environment that loads the census into the host, its engine and their threads (with `nodeOptions` kept). */
export function timerCensusEnv(dir: string, nodeOptions: string | undefined): NodeJS.ProcessEnv {
  const preload = `--import=${pathToFileURL(PRELOAD).href}`;
  return { IICP_TIMER_CENSUS_DIR: dir, NODE_OPTIONS: nodeOptions ? `${nodeOptions} ${preload}` : preload };
}

/** Places in the build (`out/main/…`) and in packages (`node_modules/…`) without the checkout's folder before them. */
const shortPlaces = (site: string) => site.replace(/(?:file:\/\/)?\/[^\s()]*?\/(out\/main|node_modules)\//g, '$1/');

/** The busiest timers of each process and thread the census heard from; nothing when it heard from none. */
export function timerCensusLines(dir: string): string[] {
  if (!existsSync(dir)) return ['timers: no census was written'];
  const all: Census[] = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Census)
    .sort((a, b) => a.pid - b.pid || a.threadId - b.threadId);
  const lines = [
    `timers firing at least ${MIN_PER_MINUTE} times a minute, per process and thread (fires per minute, over its life):`,
  ];
  for (const c of all) {
    const minutes = Math.max(1e-3, (c.writtenAt - c.startedAt) / 60_000);
    const busy = c.sites
      .map((s) => ({ ...s, perMinute: s.fired / minutes }))
      .filter((s) => s.perMinute >= MIN_PER_MINUTE)
      .sort((a, b) => b.perMinute - a.perMinute)
      .slice(0, TOP);
    lines.push(`  ${c.who}, pid ${c.pid}: ${busy.length ? '' : 'none'}`);
    for (const s of busy)
      lines.push(`    ${s.perMinute.toFixed(1).padStart(7)}/min  ${s.kind} ${s.ms} ms  ${shortPlaces(s.site)}`);
  }
  return lines;
}
