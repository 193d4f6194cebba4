/**
 * Footprint bench (issue 8, part 6): what the app costs a computer it runs on for weeks.
 *
 * (c) renderer initial JS: the scripts index.html loads, with their static imports, gzipped (renderer-size.ts)
 *     — target ≤ 300 KB;
 * (b) launch → online: the real headless host (`node out/main/headless.js`, as `npm run headless` runs it)
 *     against a local test directory (liveness probe on, as in production) and a fake Ollama, from spawn to
 *     the moment the node is `online` with the directory link `registered` (the node's own timestamps,
 *     read over the headless bridge) — median of 5 relaunches of one data folder, target ≤ 1.5 s. A first
 *     launch on a fresh data folder (keys are made, the database created) runs before them and is shown apart;
 * (a) idle: the same host, registered and heartbeating at the default 30 s interval, nobody on the
 *     dashboard, for 5 minutes: CPU time (utime+stime from /proc/<pid>/stat) and RSS (VmRSS) sampled every
 *     5 s → average CPU % of one core and max RSS, targets ≤ 0.5 % and ≤ 120 MB.
 *
 * Needs a build (`npm run build`; `npm test` builds too). Loopback only; the test directory and the fake
 * backend run in this process, which is otherwise idle. Env (defaults in brackets): BENCH_IDLE_MS [300000],
 * BENCH_IDLE_SAMPLE_MS [5000], BENCH_IDLE_SETTLE_MS time after registration before the idle window opens
 * [10000], BENCH_LAUNCHES [5], BENCH_CPU_PROF=1 (V8 CPU profile of the idle host into
 * test-artifacts/bench/cpu-prof). Writes test-artifacts/bench/footprint.json. Exit 0 whether targets pass
 * or miss; 1 if the bench broke (no build, a host that does not start, register or stop cleanly).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeSnapshot } from '../../../src-preload/contract';
import { startFakeBackend, type FakeBackend } from '../../support/backends';
import { TestBridgeClient } from '../../support/bridge-client';
import { startTestDirectory, type TestDirectory } from '../../support/directory';
import { freePort } from '../../support/free-port';
import { startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { tempDir } from '../../support/tmp';
import { RENDERER_INITIAL_JS_TARGET_BYTES, rendererInitialJs, type InitialJs } from './renderer-size';
import { knob } from '../lib/knob';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const OUT_DIR = join(ROOT, 'test-artifacts/bench');

const env = process.env;
const IDLE_MS = knob('BENCH_IDLE_MS', 300_000, 1000);
const SAMPLE_MS = knob('BENCH_IDLE_SAMPLE_MS', 5000, 100);
const SETTLE_MS = knob('BENCH_IDLE_SETTLE_MS', 10_000);
const LAUNCHES = Math.floor(knob('BENCH_LAUNCHES', 5, 1));
const CPU_PROF = env.BENCH_CPU_PROF === '1';

const TARGET_CPU_PCT = 0.5;
const TARGET_RSS_MB = 120;
const TARGET_LAUNCH_MS = 1500;

class BenchBroken extends Error {}

interface Launch {
  /** Spawn → "Dashboard:" printed (process start, engine start, dashboard listening). */
  dashboardMs: number;
  /** Spawn → lifecycle state `online` (the node's stateSince). */
  onlineMs: number;
  /** Spawn → the directory accepted the registration (the node's register_ok / reregister_ok event). */
  registeredMs: number;
  /** Spawn → both: the launch → online figure. */
  readyMs: number;
  /** Spawn → this bench saw it over the bridge (an upper bound that includes the polling). */
  observedMs: number;
  exitCode: number | null;
}

interface IdleSample {
  t: number;
  cpuUs: number;
  rssMB: number;
}

interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** utime+stime of a process in µs (USER_HZ = 100 on Linux), from /proc/<pid>/stat. */
function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) * 10_000;
}

/** RSS split into anonymous memory (heap, stacks, native allocations) and mapped files (the node binary, libraries). */
function rssParts(pid: number): { anonMB: number; fileMB: number; shmemMB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kbOf = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
    return { anonMB: kbOf('RssAnon'), fileMB: kbOf('RssFile'), shmemMB: kbOf('RssShmem') };
  } catch {
    return null;
  }
}

function rssMB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

interface Env {
  backend: FakeBackend;
  directory: TestDirectory;
  dataDir: string;
}

/** Starts the built headless host the way a person would, registered with the local directory. */
async function launch(e: Env, extra: NodeJS.ProcessEnv = {}): Promise<{ host: HeadlessProcess; client: TestBridgeClient; snapshot: NodeSnapshot; timing: Omit<Launch, 'exitCode'> }> {
  const taskPort = await freePort();
  const t0 = Date.now();
  const host = await startHeadlessProcess({
    IICP_HOME: e.dataDir,
    IICP_BACKEND_URL: e.backend.url,
    IICP_DIRECTORY_URL: e.directory.url,
    IICP_PORT: String(taskPort),
    IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
    IICP_ALLOW_PRIVATE_ENDPOINT: '1',
    ...extra,
  });
  const dashboardMs = Date.now() - t0;
  let client: TestBridgeClient | null = null;
  try {
    client = await TestBridgeClient.connect(host.port, host.token);
    // Snapshots are pushed on change; ask as well, so one that is already final is not waited for.
    const deadline = Date.now() + 20_000;
    let snapshot: NodeSnapshot | null = null;
    for (;;) {
      const pushed = client.snapshots.find(ready);
      if (pushed) snapshot = pushed;
      else {
        const r = await client.call('getSnapshot');
        if (r.ok && ready(r.value as NodeSnapshot)) snapshot = r.value as NodeSnapshot;
      }
      if (snapshot) break;
      if (Date.now() > deadline) throw new BenchBroken(`the host did not get online and registered within 20 s:\n${host.output().slice(-2000)}`);
      await sleep(10);
    }
    const observedMs = Date.now() - t0;
    const onlineAt = Date.parse(snapshot.stateSince);
    // recentEvents is newest first: the first registration event is the one of this launch.
    const reg = snapshot.recentEvents.find((ev) => /^(re)?register_ok$/.test(ev.event));
    const registeredAt = reg ? Date.parse(reg.ts) : Number.NaN;
    if (!Number.isFinite(registeredAt)) throw new BenchBroken(`registered, but no register_ok event in the snapshot: ${JSON.stringify(snapshot.recentEvents.slice(0, 5))}`);
    return {
      host,
      client,
      snapshot,
      timing: { dashboardMs, onlineMs: onlineAt - t0, registeredMs: registeredAt - t0, readyMs: Math.max(onlineAt, registeredAt) - t0, observedMs },
    };
  } catch (err) {
    client?.close();
    await host.stop();
    throw err;
  }
}

const ready = (s: NodeSnapshot) => s.state === 'online' && s.directory.link === 'registered';

async function main(): Promise<number> {
  const headless = join(ROOT, 'out/main/headless.js');
  if (!existsSync(headless) || !existsSync(join(ROOT, 'out/renderer/index.html'))) {
    console.error(`footprint bench BROKEN: no build (${headless} or out/renderer missing) — run \`npm run build\` first`);
    return 1;
  }
  // startHeadlessProcess runs `out/main/headless.js` relative to the working directory.
  process.chdir(ROOT);
  const data = tempDir('iicp-footprint-');
  let backend: FakeBackend | null = null;
  let directory: TestDirectory | null = null;
  const running: { host: HeadlessProcess | null } = { host: null };
  try {
    const load1 = loadavg()[0]!;
    console.log(`\nfootprint bench — the built headless host with a local test directory and fake Ollama on 127.0.0.1`);
    console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'}), 1-min load before start ${load1.toFixed(2)}`);

    // (c) renderer initial JS ------------------------------------------------------------------------
    const js: InitialJs = rendererInitialJs(join(ROOT, 'out/renderer'));
    console.log(`\n(c) renderer initial JS (index.html's scripts and their static imports; gzip level 6; 1 KB = 1024 bytes):`);
    for (const x of js.files) console.log(`    ${x.file}  ${kb(x.bytes)} KB raw, ${kb(x.gzipBytes)} KB gzipped`);
    console.log(`    total ${kb(js.bytes)} KB raw, ${kb(js.gzipBytes)} KB gzipped; lazy chunks: ${js.lazy.length ? js.lazy.map((x) => `${x.file} ${kb(x.gzipBytes)} KB`).join(', ') : 'none'}; CSS ${js.css.map((x) => `${kb(x.gzipBytes)} KB`).join(', ')} gzipped (not counted)`);

    // (b) launch → online ----------------------------------------------------------------------------
    backend = await startFakeBackend({ flavour: 'ollama', models: ['llama3.2:3b'] });
    directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: true });
    const e: Env = { backend, directory, dataDir: data.dir };
    const launches: Launch[] = [];
    const one = async (): Promise<Launch> => {
      const l = await launch(e);
      running.host = l.host;
      l.client.close();
      const exitCode = await l.host.stop();
      running.host = null;
      if (exitCode !== 0) throw new BenchBroken(`the host exited with ${exitCode} on SIGTERM:\n${l.host.output().slice(-2000)}`);
      return { ...l.timing, exitCode };
    };
    const first = await one();
    for (let i = 0; i < LAUNCHES; i++) launches.push(await one());
    const medianReady = median(launches.map((l) => l.readyMs));
    console.log(`\n(b) launch → online and registered (ms from spawn; the node's own timestamps):`);
    const head = ['launch', 'dashboard', 'online', 'registered', 'ready', 'seen'];
    const fmt = (name: string, l: Launch) => [name, l.dashboardMs, l.onlineMs, l.registeredMs, l.readyMs, l.observedMs].map((v, i) => (i === 0 ? String(v).padEnd(14) : String(Math.round(v as number)).padStart(head[i]!.length + 2)));
    console.log(`    ${head.map((h, i) => (i === 0 ? h.padEnd(14) : h.padStart(h.length + 2))).join('')}`);
    console.log(`    ${fmt('first (fresh)', first).join('')}`);
    launches.forEach((l, i) => console.log(`    ${fmt(`relaunch ${i + 1}`, l).join('')}`));
    console.log(`    median of ${launches.length} relaunches: ${Math.round(medianReady)} ms`);

    // (a) idle ---------------------------------------------------------------------------------------
    const profDir = join(OUT_DIR, 'cpu-prof');
    const l = await launch(e, CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profDir} --cpu-prof-name=footprint-idle-${Date.now()}.cpuprofile` } : {});
    running.host = l.host;
    // The dashboard is closed while the engine idles: nobody is watching.
    l.client.close();
    const pid = l.host.child.pid!;
    await sleep(SETTLE_MS);
    const beatsBefore = directory.state.heartbeats.filter((h) => h.status === 200).length;
    const samples: IdleSample[] = [];
    const take = () => samples.push({ t: performance.now(), cpuUs: cpuUs(pid), rssMB: rssMB(pid) });
    take();
    const end = performance.now() + IDLE_MS;
    while (performance.now() < end) {
      await sleep(Math.min(SAMPLE_MS, end - performance.now()));
      take();
    }
    const beats = directory.state.heartbeats.filter((h) => h.status === 200).length - beatsBefore;
    const parts = rssParts(pid);
    const s0 = samples[0]!;
    const s1 = samples[samples.length - 1]!;
    const wallMs = s1.t - s0.t;
    const cpuPct = ((s1.cpuUs - s0.cpuUs) / (wallMs * 1000)) * 100;
    const maxRss = Math.max(...samples.map((s) => s.rssMB));
    // Busiest 30 s stretch: a periodic job would show here even when the average hides it.
    const per30: number[] = [];
    for (let i = 0, j = 0; i < samples.length; i++) {
      // j: the latest sample at least 30 s before i, so each stretch spans 30 s plus at most one interval.
      while (j + 1 < i && samples[j + 1]!.t <= samples[i]!.t - 30_000) j++;
      const span = samples[i]!.t - samples[j]!.t;
      if (span >= 30_000) per30.push(((samples[i]!.cpuUs - samples[j]!.cpuUs) / (span * 1000)) * 100);
    }
    const linkNow = await (async () => {
      const c = await TestBridgeClient.connect(l.host.port, l.host.token);
      try {
        const r = await c.call('getSnapshot');
        return r.ok ? (r.value as NodeSnapshot) : null;
      } finally {
        c.close();
      }
    })();
    const exitCode = await l.host.stop();
    running.host = null;
    if (exitCode !== 0) throw new BenchBroken(`the idle host exited with ${exitCode} on SIGTERM`);
    if (beats === 0 && IDLE_MS >= 60_000) throw new BenchBroken('the idle host sent no heartbeat: it was not idling registered');
    console.log(`\n(a) idle engine over ${f(wallMs / 1000, 0)} s (registered, ${beats} heartbeats at the 30 s default, no dashboard open; ${samples.length} samples, every ${SAMPLE_MS / 1000} s):`);
    console.log(`    CPU ${f((s1.cpuUs - s0.cpuUs) / 1000, 0)} ms in ${f(wallMs / 1000, 0)} s = ${f(cpuPct, 3)} % of one core (busiest 30 s: ${f(Math.max(...per30), 3)} %)`);
    console.log(`    RSS at start ${f(s0.rssMB, 1)} MB, at end ${f(s1.rssMB, 1)} MB, max ${f(maxRss, 1)} MB; state at the end: ${linkNow ? `${linkNow.state}, link ${linkNow.directory.link}` : 'unknown'}`);
    if (parts) console.log(`    RSS at the end: ${f(parts.anonMB, 1)} MB anonymous (JS heap, stacks, native allocations), ${f(parts.fileMB, 1)} MB mapped files (node binary, libraries), ${f(parts.shmemMB, 1)} MB shared`);
    if (CPU_PROF) console.log(`    CPU profile written to ${profDir}`);

    const checks: Check[] = [
      { name: `idle CPU <= ${TARGET_CPU_PCT} % of one core`, pass: cpuPct <= TARGET_CPU_PCT, detail: `${f(cpuPct, 3)} % over ${f(wallMs / 1000, 0)} s` },
      { name: `idle RSS <= ${TARGET_RSS_MB} MB`, pass: maxRss <= TARGET_RSS_MB, detail: `max ${f(maxRss, 1)} MB (start ${f(s0.rssMB, 1)}, end ${f(s1.rssMB, 1)})` },
      {
        name: `launch -> online and registered <= ${TARGET_LAUNCH_MS} ms (median of ${launches.length})`,
        pass: medianReady <= TARGET_LAUNCH_MS,
        detail: `${Math.round(medianReady)} ms (runs ${launches.map((x) => Math.round(x.readyMs)).join(', ')}; first launch on a fresh data folder ${Math.round(first.readyMs)} ms)`,
      },
      {
        name: `renderer initial JS <= ${RENDERER_INITIAL_JS_TARGET_BYTES / 1024} KB gzipped`,
        pass: js.gzipBytes <= RENDERER_INITIAL_JS_TARGET_BYTES,
        detail: `${kb(js.gzipBytes)} KB (${js.files.length} file${js.files.length === 1 ? '' : 's'}, ${kb(js.bytes)} KB raw)`,
      },
    ];
    console.log('');
    for (const c of checks) console.log(`${c.pass ? 'PASS' : 'MISS'}  ${c.name}: ${c.detail}`);

    mkdirSync(OUT_DIR, { recursive: true });
    const out = join(OUT_DIR, 'footprint.json');
    writeFileSync(
      out,
      JSON.stringify(
        {
          bench: 'footprint',
          at: new Date().toISOString(),
          node: process.version,
          cpus: cpus().length,
          loadavg1mBefore: Number(load1.toFixed(2)),
          knobs: { idleMs: IDLE_MS, sampleMs: SAMPLE_MS, settleMs: SETTLE_MS, launches: LAUNCHES },
          renderer: js,
          launch: { first, relaunches: launches, medianReadyMs: medianReady, unit: 'ms from spawn' },
          idle: {
            wallMs,
            cpuMs: (s1.cpuUs - s0.cpuUs) / 1000,
            cpuPctOfOneCore: cpuPct,
            busiest30sCpuPct: Math.max(...per30),
            heartbeats: beats,
            rssMB: { start: s0.rssMB, end: s1.rssMB, max: maxRss, endParts: parts },
            samples: samples.map((s) => ({ t: Math.round(s.t - s0.t), cpuMs: (s.cpuUs - s0.cpuUs) / 1000, rssMB: Number(s.rssMB.toFixed(1)) })),
          },
          checks,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwrote ${out}`);
    return 0;
  } catch (err) {
    console.error(`\nfootprint bench BROKEN: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await running.host?.stop();
    await directory?.close();
    await backend?.close();
    data.cleanup();
  }
}

process.exitCode = await main();
