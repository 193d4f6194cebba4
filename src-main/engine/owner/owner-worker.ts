/**
 * The owner watcher's thread: every interval it looks at the GPUs (the driver's tool, or Windows' GPU counters through
 * typeperf), the running programs (only while the person picked some, or to name the counters' pids), the window in
 * front (only where the OS tells) and the CPU's power meter, and posts one plain message. Everything other programs
 * print is read here, off the node's own thread, within caps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { GpuSample } from './gpu/gpu-sample';
import { ioregArgs, parseIoreg } from './gpu/ioreg';
import { RaplMeter, readRaplZones } from './gpu/rapl';
import { parseRocmSmiJson, rocmSmiArgs } from './gpu/rocm-smi';
import { parseTypeperfCsv, typeperfArgs } from './gpu/windows-counters';
import { NvidiaStream } from './nvidia-stream';
import type { OwnerJob, OwnerReply, OwnerWorkerData, ToolState } from './owner-wire';
import { parseActiveWindow, parseWindowState, xpropActiveWindowArgs, xpropWindowArgs } from './programs/fullscreen';
import { sameProgram } from './programs/program-names';
import {
  distinctProgramNames,
  LinuxProgramList,
  parsePs,
  parseTasklistCsv,
  psArgs,
  tasklistArgs,
  type ProgramEntry,
} from './programs/running-programs';
import { runTool, ToolRunError } from './tool-runner';

const data = workerData as OwnerWorkerData;
const port = parentPort!;
const post = (m: OwnerReply) => port.postMessage(m);

/** A one-shot tool gets this long and this much output; honest ones need a fraction. */
const TOOL_BUDGET = { timeoutMs: 5_000, maxBytes: 2 * 1024 * 1024 };
/** A one-shot GPU tool that fails this many times in a row is switched off. */
const MAX_TOOL_FAILURES = 5;

let want: { programs: string[]; fullscreen: boolean } = { programs: [], fullscreen: false };
// Each nvidia-smi document is looked at as it arrives: the tool keeps the interval, so no second one adds to it.
const nvidia = data.tools.nvidiaSmi ? new NvidiaStream(data.tools.nvidiaSmi, data.intervalMs, () => void look()) : null;
const rapl = data.raplRoot ? new RaplMeter() : null;
// Names of the processes already seen are kept and read again in turns: a full read of /proc every look would cost
// more than the watcher's whole budget on a busy desktop.
const linuxPrograms = data.platform === 'linux' ? new LinuxProgramList(data.procRoot) : null;

/** A one-shot GPU tool (rocm-smi, ioreg, typeperf) with its failure count. */
interface OneShot {
  name: string;
  path: string;
  args: string[];
  /** `programs` is the running programs listed with this run, for a tool that names processes by pid only. */
  parse: (text: string, programs: ProgramEntry[] | null) => GpuSample;
  /** The tool names processes by pid only: the running programs are listed with every run. */
  needsPrograms: boolean;
  failures: number;
  off: string | null;
}
const tool = (name: string, path: string, args: string[], parse: OneShot['parse'], needsPrograms = false): OneShot => ({
  name,
  path,
  args,
  parse,
  needsPrograms,
  failures: 0,
  off: null,
});
const oneShot: OneShot | null = nvidia
  ? null
  : data.tools.rocmSmi
    ? tool('rocm-smi', data.tools.rocmSmi, rocmSmiArgs(), parseRocmSmiJson)
    : data.tools.ioreg && data.platform === 'darwin'
      ? tool('ioreg', data.tools.ioreg, ioregArgs(), parseIoreg)
      : data.tools.typeperf && data.platform === 'win32'
        ? tool('typeperf', data.tools.typeperf, typeperfArgs(), windowsCounters, true)
        : null;

/**
 * Windows' GPU counters with the names of their pids. Without a program list our own LLM server cannot be told from
 * the owner's programs, so the sample then lists no processes (unknown) rather than nameless ones; a pid the list
 * lacks has ended since, and is left out.
 */
function windowsCounters(text: string, list: ProgramEntry[] | null): GpuSample {
  const names = new Map<number, string>();
  for (const p of list ?? []) names.set(p.pid, p.name);
  const sample = parseTypeperfCsv(text, names);
  if (!sample.processes) return sample;
  return { ...sample, processes: names.size === 0 ? null : sample.processes.filter((p) => p.name !== '') };
}

async function oneShotSample(
  t: OneShot,
  listPrograms: () => Promise<ProgramEntry[] | null>,
): Promise<GpuSample | null> {
  if (t.off) return null;
  try {
    // typeperf fixes its processes (its wildcards) when it starts: the programs listed at the same moment name them.
    const [run, list] = await Promise.all([
      runTool(t.path, t.args, TOOL_BUDGET),
      t.needsPrograms ? listPrograms() : Promise.resolve(null),
    ]);
    if (run.code !== 0) throw new Error(`it exited with code ${run.code ?? 'none'}`);
    const sample = t.parse(run.stdout, list);
    t.failures = 0;
    return sample;
  } catch (err) {
    t.failures += 1;
    // A tool that printed far more than a reading needs is not reporting a GPU: it is not asked again.
    if (flooded(err))
      t.off = `${t.name} printed far more than a GPU reading needs (${OVER_CAP}); GPU watching is off until the app restarts.`;
    else if (t.failures >= MAX_TOOL_FAILURES) {
      const why = err instanceof Error ? err.message : String(err);
      t.off = `${t.name} failed ${t.failures} times in a row (${why.slice(0, 200)}); GPU watching is off until the app restarts.`;
    }
    return null;
  }
}

const flooded = (err: unknown): err is ToolRunError => err instanceof ToolRunError && err.code === 'too_large';
const OVER_CAP = `over ${TOOL_BUDGET.maxBytes / (1024 * 1024)} MiB`;

/** The programs list and the window check, switched off (with why) when their tool printed far more than they need. */
const helpersOff = new Map<'programs' | 'fullscreen', ToolState>();
function helperFlooded(which: 'programs' | 'fullscreen', tool: string, err: unknown): void {
  if (!flooded(err) || helpersOff.has(which)) return;
  const [needs, watching] =
    which === 'programs'
      ? ['a list of programs needs', 'watching for the programs you picked']
      : ["a window's details need", 'watching for full-screen windows'];
  helpersOff.set(which, {
    tool,
    state: 'off',
    reason: `${tool} printed far more than ${needs} (${OVER_CAP}); ${watching} is off until the app restarts.`,
  });
}

async function programs(): Promise<ProgramEntry[] | null> {
  if (helpersOff.has('programs')) return null;
  const tool = data.platform === 'darwin' ? 'ps' : 'tasklist';
  try {
    if (linuxPrograms) return linuxPrograms.list();
    if (data.platform === 'darwin') return parsePs((await runTool('/bin/ps', psArgs(), TOOL_BUDGET)).stdout);
    if (data.platform === 'win32')
      return parseTasklistCsv(
        (await runTool(data.tools.tasklist ?? 'tasklist.exe', tasklistArgs(), TOOL_BUDGET)).stdout,
      );
  } catch (err) {
    // Not knowing what runs is not a reason to stop serving: the condition is then not applied this look.
    helperFlooded('programs', tool, err);
  }
  return null;
}

async function fullscreen(): Promise<{ fullscreen: boolean; name: string | null } | null> {
  if (!data.tools.xprop || !data.display || helpersOff.has('fullscreen')) return null;
  const env = { ...process.env, DISPLAY: data.display };
  try {
    const root = await runTool(data.tools.xprop, xpropActiveWindowArgs(), { ...TOOL_BUDGET, env });
    const id = parseActiveWindow(root.stdout);
    if (!id) return { fullscreen: false, name: null };
    const win = parseWindowState(
      (await runTool(data.tools.xprop, xpropWindowArgs(id), { ...TOOL_BUDGET, env })).stdout,
    );
    return { fullscreen: win.fullscreen, name: win.className };
  } catch (err) {
    helperFlooded('fullscreen', 'xprop', err);
    return null;
  }
}

function cpuPower(): number | null {
  if (!rapl || !data.raplRoot) return null;
  return rapl.watts(readRaplZones(data.raplRoot), Date.now());
}

function tools(): ToolState[] {
  const out: ToolState[] = [];
  if (nvidia) out.push({ tool: 'nvidia-smi', state: nvidia.status.state, reason: nvidia.status.reason });
  if (oneShot) out.push({ tool: oneShot.name, state: oneShot.off ? 'off' : 'ok', reason: oneShot.off });
  out.push(...helpersOff.values());
  return out;
}

let busy = false;
let lastLookAt = 0;
async function look(): Promise<void> {
  // A look still under way (a slow tool) is not doubled: the next interval finds it done.
  if (busy) return;
  busy = true;
  lastLookAt = Date.now();
  try {
    // One program list per look, shared by the programs condition and a GPU tool that needs the names.
    let listed: Promise<ProgramEntry[] | null> | null = null;
    const listOnce = () => (listed ??= programs());
    const [gpu, progs, screen] = await Promise.all([
      nvidia ? Promise.resolve(nvidia.sample()) : oneShot ? oneShotSample(oneShot, listOnce) : Promise.resolve(null),
      // Only the picked programs that run go to the node: the whole list each look cost more than the rest of a look.
      want.programs.length
        ? listOnce().then((list) => list && list.filter((p) => want.programs.some((w) => sameProgram(w, p.name))))
        : Promise.resolve(null),
      want.fullscreen ? fullscreen() : Promise.resolve(null),
    ]);
    post({ kind: 'look', gpu, programs: progs, fullscreen: screen, cpuPowerW: cpuPower(), tools: tools() });
  } finally {
    busy = false;
  }
}

nvidia?.start();
// Without a streaming tool the timer sets the pace; with one, it only covers a stream that went quiet.
const timer = setInterval(() => {
  if (!nvidia || Date.now() - lastLookAt >= data.intervalMs * 1.5) void look();
}, data.intervalMs);

port.on('message', (job: OwnerJob) => {
  if (job.op === 'configure') {
    want = { programs: job.programs.slice(0, 64), fullscreen: job.fullscreen };
    void look();
  } else if (job.op === 'listPrograms') {
    void programs().then((list) =>
      post({ kind: 'programs', id: job.id, names: list ? distinctProgramNames(list) : [] }),
    );
  } else if (job.op === 'stop') {
    clearInterval(timer);
    nvidia?.stop();
    port.close();
  }
});
post({ kind: 'ready' });
