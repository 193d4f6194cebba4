/**
 * Footprint bench: what the app costs a computer it runs on for weeks.
 *
 * The headless host runs the engine in a child process it forks and supervises (the default, as `npm run headless`
 * runs it); `--engine-in-process` runs the same build with the engine inside the host's own process: the baseline.
 * Launch and idle are measured for both modes, each on a fresh data folder, and compared as supervised/in-process.
 *
 * (c) renderer initial JS: the scripts index.html loads, with their static imports, gzipped (renderer-size.ts)
 *     — target ≤ 300 KB;
 * (b) launch → online: the real headless host (`node out/main/headless.js`) against a local test directory
 *     (liveness probe on, as in production) and a fake Ollama, from spawn to the moment the node is `online`
 *     with the directory link `registered` (the node's own timestamps, read over the headless bridge) — median
 *     of 5 relaunches of one data folder per mode, target ≤ 1.5 s for the supervised mode. A first launch on the
 *     fresh data folder (keys are made, the database created) runs before them and is shown apart;
 * (a) idle: the same host, registered and heartbeating at the default 30 s interval, nobody on the dashboard,
 *     for 5 minutes per mode: CPU time (utime+stime from /proc/<pid>/stat) and RSS (VmRSS) of the host and, in
 *     the supervised mode, of its engine child (followed across restarts), sampled every 5 s → average CPU % of
 *     one core, busiest 30 s and max RSS per process and summed at each sample. Targets on the supervised
 *     totals: ≤ 0.25 % and ≤ 120 MB.
 *
 * Needs a build (`npm run build`; `npm test` builds too). Loopback only; the test directory and the fake
 * backend run in this process, which is otherwise idle. Env (defaults in brackets): BENCH_IDLE_MS [300000]
 * (per mode), BENCH_IDLE_SAMPLE_MS [5000], BENCH_IDLE_SETTLE_MS time after registration before the idle window
 * opens [10000], BENCH_LAUNCHES [5] (per mode), BENCH_CPU_PROF=1 (V8 CPU profiles of the idle host and engine into
 * test-artifacts/bench/cpu-prof/<mode>-<time>; the profiler's sampling wakes them a thousand times a second, so that
 * run's CPU figures are not the idle node's), BENCH_TIMERS=1 (which timers fire how often in the idle host, its
 * engine and their threads: timer-census.ts). Writes test-artifacts/bench/footprint.json. Exit 0 whether targets
 * pass or miss; 1 if the bench broke (no build, a host that does not start, register or stop cleanly, an engine
 * that outlives its host).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../../support/backends';
import { TestBridgeClient } from '../../support/bridge-client';
import { startTestDirectory, type TestDirectory } from '../../support/directory';
import { freePort } from '../../support/free-port';
import { startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';
import { tempDir } from '../../support/tmp';
import { RENDERER_INITIAL_JS_TARGET_BYTES, rendererInitialJs, type InitialJs } from './renderer-size';
import { timerCensusEnv, timerCensusLines } from './timer-census';
import { knob } from '../lib/knob';
import { rssMB } from '../lib/proc-rss';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const OUT_DIR = join(ROOT, 'test-artifacts/bench');

const env = process.env;
const IDLE_MS = knob('BENCH_IDLE_MS', 300_000, 1000, 2000);
const SAMPLE_MS = knob('BENCH_IDLE_SAMPLE_MS', 5000, 100, 500);
const SETTLE_MS = knob('BENCH_IDLE_SETTLE_MS', 10_000, 0, 500);
const LAUNCHES = Math.floor(knob('BENCH_LAUNCHES', 5, 1, 1));
const CPU_PROF = env.BENCH_CPU_PROF === '1';
const TIMERS = env.BENCH_TIMERS === '1';

const TARGET_CPU_PCT = 0.25;
const TARGET_RSS_MB = 120;
const TARGET_LAUNCH_MS = 1500;

class BenchBroken extends Error {}

type ModeName = 'supervised' | 'inProcess';
interface Mode {
  name: ModeName;
  title: string;
  args: string[];
}
/** Supervised first: it is the one the targets are about. */
const MODES: Mode[] = [
  { name: 'supervised', title: 'supervised (engine in its own process; the default)', args: [] },
  { name: 'inProcess', title: 'in-process (--engine-in-process; the baseline)', args: ['--engine-in-process'] },
];

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

interface LaunchSeries {
  first: Launch;
  relaunches: Launch[];
  medianReadyMs: number;
}

interface IdleSample {
  t: number;
  hostCpuUs: number;
  hostRssMB: number;
  /** CPU of every engine process the host ran so far (0 in-process: the engine is in the host). */
  engineCpuUs: number;
  /** 0 in-process, and at an instant with no engine process. */
  engineRssMB: number;
}

interface CpuPoint {
  t: number;
  cpuUs: number;
}

interface RssParts {
  anonMB: number;
  fileMB: number;
  shmemMB: number;
  /** Proportional set size: each shared page (the node binary) divided among the processes that map it. */
  pssMB: number;
}

interface ProcIdle {
  cpuMs: number;
  cpuPctOfOneCore: number;
  busiest30sCpuPct: number;
  rssMB: { start: number; end: number; max: number; endParts?: RssParts | null };
}

interface ModeIdle {
  flag: string | null;
  wallMs: number;
  heartbeats: number;
  loadavg1mBefore: number;
  /** What the host reported in `snapshot.engineProcess.pid` once online (the host's own pid in-process). */
  reportedEnginePid: number | null;
  /** Engine processes seen during the window, in order (more than one: the engine restarted). */
  enginePids: number[];
  /** Samples at which the supervised host had no engine process. */
  samplesWithoutEngine: number;
  /** Where the timer census was written (BENCH_TIMERS=1), else null. */
  timerCensus: string | null;
  endState: { state: string; link: string; engineState: string; engineRestarts: number } | null;
  host: ProcIdle;
  engine: ProcIdle | null;
  total: ProcIdle;
  samples: IdleSample[];
}

interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

// /proc readers. Each returns null when the process is gone (it may exit between two reads).

/**
 * The fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, [11] utime, [12] stime, [19] starttime.
 */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime+stime of a process in µs (USER_HZ = 100 on Linux). */
function cpuUs(pid: number): number | null {
  const rest = statFields(pid);
  return rest ? (Number(rest[11]) + Number(rest[12])) * 10_000 : null;
}

const ppidOf = (pid: number): number | null => {
  const rest = statFields(pid);
  return rest ? Number(rest[1]) : null;
};

/** pid + start time: a process's identity that a reused pid does not share. */
const identity = (pid: number): string | null => {
  const rest = statFields(pid);
  return rest ? `${pid}@${rest[19]}` : null;
};

/**
 * RSS split into anonymous memory (heap, stacks, native allocations) and mapped files (the node binary, libraries), and
 * PSS.
 */
function rssParts(pid: number): RssParts | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kbOf = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
    let pssMB = Number.NaN;
    try {
      pssMB =
        Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'))?.[1] ?? Number.NaN) / 1024;
    } catch {
      // Kernels before 4.14 have no smaps_rollup: PSS stays unknown.
    }
    return { anonMB: kbOf('RssAnon'), fileMB: kbOf('RssFile'), shmemMB: kbOf('RssShmem'), pssMB };
  } catch {
    return null;
  }
}

/** The children of a process, by scanning /proc (this kernel has no /proc/<pid>/task/<tid>/children). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (/^\d+$/.test(name) && ppidOf(Number(name)) === pid) out.push(Number(name));
  }
  return out.sort((a, b) => a - b);
}

/**
 * Follows the host's engine child, re-finding it when it changes (a restart): its CPU adds up over every engine
 * process the host ran, each counted up to its last sample. Cheap while the child stays: two small /proc reads.
 */
class EngineWatch {
  readonly pids: number[] = [];
  missing = 0;
  private pid: number | null = null;
  private doneUs = 0;
  private lastUs = 0;
  constructor(
    private readonly hostPid: number,
    reported: number | null,
  ) {
    const found = reported !== null && ppidOf(reported) === hostPid ? reported : (childrenOf(hostPid)[0] ?? null);
    if (found !== null) this.follow(found);
  }

  sample(): { cpuUs: number; rssMB: number } {
    const now = this.pid === null ? null : this.read(this.pid);
    if (now) return now;
    if (this.pid !== null) this.doneUs += this.lastUs;
    this.pid = null;
    this.lastUs = 0;
    const next = childrenOf(this.hostPid)[0];
    if (next !== undefined) {
      this.follow(next);
      const r = this.read(next);
      if (r) return r;
    }
    this.missing++;
    return { cpuUs: this.doneUs, rssMB: 0 };
  }

  private follow(pid: number): void {
    this.pid = pid;
    this.pids.push(pid);
  }

  private read(pid: number): { cpuUs: number; rssMB: number } | null {
    if (ppidOf(pid) !== this.hostPid) return null;
    const c = cpuUs(pid);
    const m = rssMB(pid);
    if (c === null || m === null) return null;
    this.lastUs = c;
    return { cpuUs: this.doneUs + c, rssMB: m };
  }
}

/** Busiest 30 s stretch: a periodic job would show here even when the average hides it. */
function busiest30s(points: CpuPoint[]): number {
  const per30: number[] = [];
  for (let i = 0, j = 0; i < points.length; i++) {
    // j: the latest sample at least 30 s before i, so each stretch spans 30 s plus at most one interval.
    while (j + 1 < i && points[j + 1]!.t <= points[i]!.t - 30_000) j++;
    const span = points[i]!.t - points[j]!.t;
    if (span >= 30_000) per30.push(((points[i]!.cpuUs - points[j]!.cpuUs) / (span * 1000)) * 100);
  }
  return per30.length ? Math.max(...per30) : Number.NaN;
}

function procIdle(
  samples: IdleSample[],
  cpu: (s: IdleSample) => number,
  rss: (s: IdleSample) => number,
  endParts?: RssParts | null,
): ProcIdle {
  const s0 = samples[0]!;
  const s1 = samples[samples.length - 1]!;
  const wallMs = s1.t - s0.t;
  const cpuMs = (cpu(s1) - cpu(s0)) / 1000;
  return {
    cpuMs,
    cpuPctOfOneCore: (cpuMs / wallMs) * 100,
    busiest30sCpuPct: busiest30s(samples.map((s) => ({ t: s.t, cpuUs: cpu(s) }))),
    rssMB: {
      start: rss(s0),
      end: rss(s1),
      max: Math.max(...samples.map(rss)),
      ...(endParts === undefined ? {} : { endParts }),
    },
  };
}

interface Env {
  backend: FakeBackend;
  directory: TestDirectory;
}

interface Running {
  host: HeadlessProcess;
  client: TestBridgeClient;
  snapshot: NodeSnapshot;
  timing: Omit<Launch, 'exitCode'>;
}

/** Starts the built headless host the way a person would, registered with the local directory. */
async function launch(e: Env, dataDir: string, mode: Mode, extra: NodeJS.ProcessEnv = {}): Promise<Running> {
  const taskPort = await freePort();
  const t0 = Date.now();
  const host = await startHeadlessProcess(
    {
      IICP_HOME: dataDir,
      IICP_BACKEND_URL: e.backend.url,
      IICP_DIRECTORY_URL: e.directory.url,
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
      ...extra,
    },
    mode.args,
  );
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
      if (Date.now() > deadline)
        throw new BenchBroken(
          `the ${mode.name} host did not get online and registered within 20 s:\n${host.output().slice(-2000)}`,
        );
      await sleep(10);
    }
    const observedMs = Date.now() - t0;
    const onlineAt = Date.parse(snapshot.stateSince);
    // recentEvents is newest first: the first registration event is the one of this launch.
    const reg = snapshot.recentEvents.find((ev) => /^(re)?register_ok$/.test(ev.event));
    const registeredAt = reg ? Date.parse(reg.ts) : Number.NaN;
    if (!Number.isFinite(registeredAt))
      throw new BenchBroken(
        `registered, but no register_ok event in the snapshot: ${JSON.stringify(snapshot.recentEvents.slice(0, 5))}`,
      );
    return {
      host,
      client,
      snapshot,
      timing: {
        dashboardMs,
        onlineMs: onlineAt - t0,
        registeredMs: registeredAt - t0,
        readyMs: Math.max(onlineAt, registeredAt) - t0,
        observedMs,
      },
    };
  } catch (err) {
    client?.close();
    await host.stop();
    throw err;
  }
}

const ready = (s: NodeSnapshot) => s.state === 'online' && s.directory.link === 'registered';

/**
 * SIGTERM, then: exit code 0, and none of the engine processes it ran still alive (a supervised engine must stop
 * with its host; one left behind is killed here, by its own pid, and breaks the bench).
 */
async function stopHost(host: HeadlessProcess, enginePids: number[], what: string): Promise<number | null> {
  const engines = enginePids.map(identity).filter((x): x is string => x !== null);
  const exitCode = await host.stop();
  if (exitCode !== 0)
    throw new BenchBroken(`${what} exited with ${exitCode} on SIGTERM:\n${host.output().slice(-2000)}`);
  const alive = () => engines.filter((id) => identity(Number(id.split('@')[0])) === id);
  const deadline = Date.now() + 5000;
  while (alive().length && Date.now() < deadline) await sleep(50);
  const left = alive();
  if (left.length) {
    for (const id of left) process.kill(Number(id.split('@')[0]), 'SIGKILL');
    throw new BenchBroken(
      `${what}: its engine process (${left.join(', ')}) was still running 5 s after the host exited`,
    );
  }
  return exitCode;
}

/** The engine pids the host reported and that are its children (supervised), for the stop check. */
const reportedChildEngines = (r: Running): number[] => {
  const pid = r.snapshot.engineProcess.pid;
  return pid !== null && pid !== r.host.child.pid ? [pid] : [];
};

async function launches(
  e: Env,
  dataDir: string,
  mode: Mode,
  running: { host: HeadlessProcess | null },
): Promise<LaunchSeries> {
  const one = async (): Promise<Launch> => {
    const l = await launch(e, dataDir, mode);
    running.host = l.host;
    l.client.close();
    const exitCode = await stopHost(l.host, reportedChildEngines(l), `the ${mode.name} host`);
    running.host = null;
    return { ...l.timing, exitCode };
  };
  const first = await one();
  const relaunches: Launch[] = [];
  for (let i = 0; i < LAUNCHES; i++) relaunches.push(await one());
  return { first, relaunches, medianReadyMs: median(relaunches.map((l) => l.readyMs)) };
}

async function idle(e: Env, dataDir: string, mode: Mode, running: { host: HeadlessProcess | null }): Promise<ModeIdle> {
  const profDir = join(OUT_DIR, 'cpu-prof', `${mode.name}-${Date.now()}`);
  // No --cpu-prof-name: the host and its engine child both write into profDir, each under its own pid's name.
  const profOptions = CPU_PROF ? `--cpu-prof --cpu-prof-dir=${profDir}` : undefined;
  const censusDir = TIMERS ? join(OUT_DIR, 'timers', `${mode.name}-${Date.now()}`) : null;
  const l = await launch(
    e,
    dataDir,
    mode,
    censusDir ? timerCensusEnv(censusDir, profOptions) : profOptions ? { NODE_OPTIONS: profOptions } : {},
  );
  running.host = l.host;
  // The dashboard is closed while the engine idles: nobody is watching.
  l.client.close();
  const hostPid = l.host.child.pid!;
  const reported = l.snapshot.engineProcess.pid;
  const supervised = mode.name === 'supervised';
  checkReportedPid(mode, hostPid, reported);
  await sleep(SETTLE_MS);
  const load1 = loadavg()[0]!;
  const beatsBefore = e.directory.state.heartbeats.filter((h) => h.status === 200).length;
  const watch = supervised ? new EngineWatch(hostPid, reported) : null;
  const samples: IdleSample[] = [];
  const take = () => {
    const t = performance.now();
    const hostCpu = cpuUs(hostPid);
    const hostRss = rssMB(hostPid);
    if (hostCpu === null || hostRss === null)
      throw new BenchBroken(
        `the ${mode.name} host (pid ${hostPid}) exited while idling:\n${l.host.output().slice(-2000)}`,
      );
    const engine = watch?.sample() ?? { cpuUs: 0, rssMB: 0 };
    samples.push({ t, hostCpuUs: hostCpu, hostRssMB: hostRss, engineCpuUs: engine.cpuUs, engineRssMB: engine.rssMB });
  };
  take();
  const end = performance.now() + IDLE_MS;
  while (performance.now() < end) {
    await sleep(Math.min(SAMPLE_MS, end - performance.now()));
    take();
  }
  const beats = e.directory.state.heartbeats.filter((h) => h.status === 200).length - beatsBefore;
  const enginePids = watch?.pids ?? [];
  const hostParts = rssParts(hostPid);
  const lastEngine = enginePids[enginePids.length - 1];
  const engineParts = lastEngine === undefined ? null : rssParts(lastEngine);
  const endSnapshot = await (async () => {
    const c = await TestBridgeClient.connect(l.host.port, l.host.token);
    try {
      const r = await c.call('getSnapshot');
      return r.ok ? (r.value as NodeSnapshot) : null;
    } finally {
      c.close();
    }
  })();
  await stopHost(l.host, enginePids, `the idle ${mode.name} host`);
  running.host = null;
  if (beats === 0 && IDLE_MS >= 60_000)
    throw new BenchBroken(`the idle ${mode.name} host sent no heartbeat: it was not idling registered`);
  const total = procIdle(
    samples,
    (s) => s.hostCpuUs + s.engineCpuUs,
    (s) => s.hostRssMB + s.engineRssMB,
  );
  return {
    flag: mode.args[0] ?? null,
    wallMs: samples[samples.length - 1]!.t - samples[0]!.t,
    heartbeats: beats,
    loadavg1mBefore: Number(load1.toFixed(2)),
    reportedEnginePid: reported,
    enginePids,
    samplesWithoutEngine: watch?.missing ?? 0,
    timerCensus: censusDir,
    endState: endSnapshot
      ? {
          state: endSnapshot.state,
          link: endSnapshot.directory.link,
          engineState: endSnapshot.engineProcess.state,
          engineRestarts: endSnapshot.engineProcess.restarts,
        }
      : null,
    host: procIdle(
      samples,
      (s) => s.hostCpuUs,
      (s) => s.hostRssMB,
      hostParts,
    ),
    engine: supervised
      ? procIdle(
          samples,
          (s) => s.engineCpuUs,
          (s) => s.engineRssMB,
          engineParts,
        )
      : null,
    total,
    samples,
  };
}

/**
 * What a mode must look like from outside: supervised, the reported engine is the host's child; in-process, the host
 * itself and no child.
 */
function checkReportedPid(mode: Mode, hostPid: number, reported: number | null): void {
  if (mode.name === 'supervised') {
    if (reported === null || reported === hostPid || ppidOf(reported) !== hostPid)
      console.log(
        `    note: the supervised host (pid ${hostPid}) reports engineProcess.pid ${reported}, which is not its child (children: ${childrenOf(hostPid).join(', ') || 'none'}); following its child instead`,
      );
  } else {
    const children = childrenOf(hostPid);
    if (reported !== hostPid || children.length > 0)
      console.log(
        `    note: the --engine-in-process host (pid ${hostPid}) reports engineProcess.pid ${reported} and has children [${children.join(', ')}]: the engine may not be in its process`,
      );
  }
}

async function main(): Promise<number> {
  const headless = join(ROOT, 'out/main/headless.js');
  const engineEntry = join(ROOT, 'out/main/engine.js');
  if (!existsSync(headless) || !existsSync(engineEntry) || !existsSync(join(ROOT, 'out/renderer/index.html'))) {
    console.error(
      `footprint bench BROKEN: no build (${headless}, ${engineEntry} or out/renderer missing) — run \`npm run build\` first`,
    );
    return 1;
  }
  // startHeadlessProcess runs `out/main/headless.js` relative to the working directory.
  process.chdir(ROOT);
  // A fresh data folder per mode: each first launch makes its keys and database.
  const data = { supervised: tempDir('iicp-footprint-supervised-'), inProcess: tempDir('iicp-footprint-in-process-') };
  let backend: FakeBackend | null = null;
  let directory: TestDirectory | null = null;
  const running: { host: HeadlessProcess | null } = { host: null };
  try {
    const load1 = loadavg()[0]!;
    console.log(`\nfootprint bench — the built headless host with a local test directory and fake Ollama on 127.0.0.1`);
    console.log(
      `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'}), 1-min load before start ${load1.toFixed(2)}`,
    );
    console.log(`modes: ${MODES.map((m) => m.title).join(' vs ')}`);

    // (c) renderer initial JS ------------------------------------------------------------------------
    const js: InitialJs = rendererInitialJs(join(ROOT, 'out/renderer'));
    console.log(
      `\n(c) renderer initial JS (index.html's scripts and their static imports; gzip level 6; 1 KB = 1024 bytes):`,
    );
    for (const x of js.files) console.log(`    ${x.file}  ${kb(x.bytes)} KB raw, ${kb(x.gzipBytes)} KB gzipped`);
    console.log(
      `    total ${kb(js.bytes)} KB raw, ${kb(js.gzipBytes)} KB gzipped; lazy chunks: ${js.lazy.length ? js.lazy.map((x) => `${x.file} ${kb(x.gzipBytes)} KB`).join(', ') : 'none'}; CSS ${js.css.map((x) => `${kb(x.gzipBytes)} KB`).join(', ')} gzipped (not counted)`,
    );

    // (b) launch → online ----------------------------------------------------------------------------
    backend = await startFakeBackend({ flavour: 'ollama', models: ['llama3.2:3b'] });
    directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: true });
    const e: Env = { backend, directory };
    const launchSeries: Record<ModeName, LaunchSeries> = {
      supervised: await launches(e, data.supervised.dir, MODES[0]!, running),
      inProcess: await launches(e, data.inProcess.dir, MODES[1]!, running),
    };
    const launchRatio = ratio(launchSeries.supervised.medianReadyMs, launchSeries.inProcess.medianReadyMs);
    console.log(
      `\n(b) launch → online and registered (ms from spawn; the node's own timestamps), each mode on a fresh data folder:`,
    );
    const head = ['launch', 'dashboard', 'online', 'registered', 'ready', 'seen'];
    const fmt = (name: string, l: Launch) =>
      [name, l.dashboardMs, l.onlineMs, l.registeredMs, l.readyMs, l.observedMs].map((v, i) =>
        i === 0 ? String(v).padEnd(14) : String(Math.round(v as number)).padStart(head[i]!.length + 2),
      );
    for (const mode of MODES) {
      const series = launchSeries[mode.name];
      console.log(`    ${mode.title}:`);
      console.log(`      ${head.map((h, i) => (i === 0 ? h.padEnd(14) : h.padStart(h.length + 2))).join('')}`);
      console.log(`      ${fmt('first (fresh)', series.first).join('')}`);
      series.relaunches.forEach((l, i) => console.log(`      ${fmt(`relaunch ${i + 1}`, l).join('')}`));
      console.log(`      median of ${series.relaunches.length} relaunches: ${Math.round(series.medianReadyMs)} ms`);
    }
    console.log(
      `    supervised / in-process: median ready ${f(launchRatio)}× (${Math.round(launchSeries.supervised.medianReadyMs)} vs ${Math.round(launchSeries.inProcess.medianReadyMs)} ms, ${launchSeries.supervised.medianReadyMs >= launchSeries.inProcess.medianReadyMs ? '+' : ''}${Math.round(launchSeries.supervised.medianReadyMs - launchSeries.inProcess.medianReadyMs)} ms)`,
    );

    // (a) idle ---------------------------------------------------------------------------------------
    console.log(
      `\n(a) idle, each mode for ${f(IDLE_MS / 1000, 0)} s (registered, heartbeating at the 30 s default, no dashboard open; a sample every ${SAMPLE_MS / 1000} s; total = host + engine at the same sample):`,
    );
    const idles = {} as Record<ModeName, ModeIdle>;
    for (const mode of MODES) {
      const m = (idles[mode.name] = await idle(
        e,
        mode === MODES[0] ? data.supervised.dir : data.inProcess.dir,
        mode,
        running,
      ));
      const end = m.endState
        ? `${m.endState.state}, link ${m.endState.link}, engine ${m.endState.engineState} (${m.endState.engineRestarts} restarts)`
        : 'unknown';
      console.log(
        `    ${mode.title}: ${f(m.wallMs / 1000, 0)} s, ${m.samples.length} samples, ${m.heartbeats} heartbeats, 1-min load at the start ${f(m.loadavg1mBefore)}; state at the end: ${end}`,
      );
      if (mode.name === 'supervised') {
        const changed =
          m.enginePids.length > 1
            ? ` — the engine process CHANGED during the window (restarts); its CPU is summed over all of them`
            : '';
        console.log(
          `      engine pid ${m.enginePids.join(' → ') || 'none found'} (the host reports ${m.reportedEnginePid})${changed}${m.samplesWithoutEngine ? `; ${m.samplesWithoutEngine} samples found no engine process` : ''}`,
        );
      }
      console.log(
        `      ${'process'.padEnd(8)}${'CPU ms'.padStart(9)}${'% of one core'.padStart(15)}${'busiest 30 s %'.padStart(16)}${'RSS start'.padStart(11)}${'end'.padStart(8)}${'max MB'.padStart(9)}`,
      );
      const row = (name: string, p: ProcIdle) =>
        console.log(
          `      ${name.padEnd(8)}${f(p.cpuMs, 0).padStart(9)}${f(p.cpuPctOfOneCore, 3).padStart(15)}${f(p.busiest30sCpuPct, 3).padStart(16)}${f(p.rssMB.start, 1).padStart(11)}${f(p.rssMB.end, 1).padStart(8)}${f(p.rssMB.max, 1).padStart(9)}`,
        );
      row('host', m.host);
      if (m.engine) row('engine', m.engine);
      row('total', m.total);
      const parts = (name: string, p: RssParts | null | undefined) =>
        p
          ? `${name} ${f(p.anonMB, 1)} MB anonymous, ${f(p.fileMB, 1)} MB mapped files, ${f(p.shmemMB, 1)} MB shared (PSS ${f(p.pssMB, 1)} MB)`
          : `${name} unknown`;
      console.log(
        `      RSS at the end: ${parts('host', m.host.rssMB.endParts)}${m.engine ? `; ${parts('engine', m.engine.rssMB.endParts)}` : ''}`,
      );
      if (CPU_PROF) console.log(`      CPU profiles written under ${join(OUT_DIR, 'cpu-prof')}`);
      if (m.timerCensus) for (const line of timerCensusLines(m.timerCensus)) console.log(`      ${line}`);
    }
    const sup = idles.supervised;
    const inp = idles.inProcess;
    const rssRatio = ratio(sup.total.rssMB.max, inp.total.rssMB.max);
    const cpuRatio = ratio(sup.total.cpuPctOfOneCore, inp.total.cpuPctOfOneCore);
    const extraRssMB = sup.total.rssMB.max - inp.total.rssMB.max;
    const pss = (m: ModeIdle) =>
      m.engine
        ? (m.host.rssMB.endParts?.pssMB ?? Number.NaN) + (m.engine.rssMB.endParts?.pssMB ?? Number.NaN)
        : (m.host.rssMB.endParts?.pssMB ?? Number.NaN);
    console.log(
      `    supervised / in-process: total RSS max ${f(rssRatio)}× (${f(sup.total.rssMB.max, 1)} vs ${f(inp.total.rssMB.max, 1)} MB: the second process costs ${f(extraRssMB, 1)} MB), total CPU ${f(cpuRatio)}× (${f(sup.total.cpuPctOfOneCore, 3)} vs ${f(inp.total.cpuPctOfOneCore, 3)} % of one core)`,
    );
    // PSS divides each shared page among every process that maps it, this bench's own node included: a hint, not a
    // target.
    console.log(
      `    (VmRSS counts the node binary's shared pages in full in each process; PSS at the end, which divides them among the processes mapping them: ${f(pss(sup), 1)} vs ${f(pss(inp), 1)} MB)`,
    );

    const checks: Check[] = [
      {
        name: `idle CPU (host + engine, supervised) <= ${TARGET_CPU_PCT} % of one core`,
        pass: sup.total.cpuPctOfOneCore <= TARGET_CPU_PCT,
        detail: `${f(sup.total.cpuPctOfOneCore, 3)} % over ${f(sup.wallMs / 1000, 0)} s (host ${f(sup.host.cpuPctOfOneCore, 3)}, engine ${f(sup.engine?.cpuPctOfOneCore ?? Number.NaN, 3)}; in-process ${f(inp.total.cpuPctOfOneCore, 3)} %, ${f(cpuRatio)}×)`,
      },
      {
        name: `idle RSS (host + engine, supervised) <= ${TARGET_RSS_MB} MB`,
        pass: sup.total.rssMB.max <= TARGET_RSS_MB,
        detail: `max ${f(sup.total.rssMB.max, 1)} MB (host max ${f(sup.host.rssMB.max, 1)}, engine max ${f(sup.engine?.rssMB.max ?? Number.NaN, 1)}; in-process max ${f(inp.total.rssMB.max, 1)} MB, ${f(rssRatio)}×)`,
      },
      {
        name: `launch -> online and registered <= ${TARGET_LAUNCH_MS} ms (supervised, median of ${launchSeries.supervised.relaunches.length})`,
        pass: launchSeries.supervised.medianReadyMs <= TARGET_LAUNCH_MS,
        detail: `${Math.round(launchSeries.supervised.medianReadyMs)} ms (runs ${launchSeries.supervised.relaunches.map((x) => Math.round(x.readyMs)).join(', ')}; first launch on a fresh data folder ${Math.round(launchSeries.supervised.first.readyMs)} ms; in-process ${Math.round(launchSeries.inProcess.medianReadyMs)} ms, ${f(launchRatio)}×)`,
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
    const idleJson = (m: ModeIdle) => {
      const s0 = m.samples[0]!;
      return {
        ...m,
        samples: m.samples.map((s) => ({
          t: Math.round(s.t - s0.t),
          hostCpuMs: (s.hostCpuUs - s0.hostCpuUs) / 1000,
          hostRssMB: Number(s.hostRssMB.toFixed(1)),
          engineCpuMs: (s.engineCpuUs - s0.engineCpuUs) / 1000,
          engineRssMB: Number(s.engineRssMB.toFixed(1)),
        })),
      };
    };
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
          modes: MODES.map((m) => ({ name: m.name, args: m.args })),
          renderer: js,
          launch: { ...launchSeries, ratioMedianReady: launchRatio, unit: 'ms from spawn' },
          idle: {
            supervised: idleJson(sup),
            inProcess: idleJson(inp),
            ratios: { totalRssMax: rssRatio, totalCpu: cpuRatio },
            extraRssMB,
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
    data.supervised.cleanup();
    data.inProcess.cleanup();
  }
}

process.exitCode = await main();
