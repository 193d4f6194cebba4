/**
 * The owner watcher's thread: every interval it looks at the GPUs (the driver's tool), the running programs (only
 * while the person picked some), the window in front (only where the OS tells) and the CPU's power meter, and posts
 * one plain message. Everything other programs print is read here, off the node's own thread, within caps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { GpuSample } from './gpu/gpu-sample';
import { ioregArgs, parseIoreg } from './gpu/ioreg';
import { RaplMeter, readRaplZones } from './gpu/rapl';
import { parseRocmSmiJson, rocmSmiArgs } from './gpu/rocm-smi';
import { NvidiaStream } from './nvidia-stream';
import type { OwnerJob, OwnerReply, OwnerWorkerData, ToolState } from './owner-wire';
import { parseActiveWindow, parseWindowState, xpropActiveWindowArgs, xpropWindowArgs } from './programs/fullscreen';
import { distinctProgramNames, listLinuxPrograms, parsePs, parseTasklistCsv, psArgs, tasklistArgs, type ProgramEntry } from './programs/running-programs';
import { runTool } from './tool-runner';

const data = workerData as OwnerWorkerData;
const port = parentPort!;
const post = (m: OwnerReply) => port.postMessage(m);

/** A one-shot tool gets this long and this much output; honest ones need a fraction. */
const TOOL_BUDGET = { timeoutMs: 5_000, maxBytes: 2 * 1024 * 1024 };
/** A one-shot GPU tool that fails this many times in a row is switched off. */
const MAX_TOOL_FAILURES = 5;

let want = { programs: false, fullscreen: false };
// Each nvidia-smi document is looked at as it arrives: the tool keeps the interval, so no second one adds to it.
const nvidia = data.tools.nvidiaSmi ? new NvidiaStream(data.tools.nvidiaSmi, data.intervalMs, () => void look()) : null;
const rapl = data.raplRoot ? new RaplMeter() : null;

/** A one-shot GPU tool (rocm-smi, ioreg) with its failure count. */
interface OneShot {
  name: string;
  path: string;
  args: string[];
  parse: (text: string) => GpuSample;
  failures: number;
  off: string | null;
}
const oneShot: OneShot | null = nvidia
  ? null
  : data.tools.rocmSmi
    ? { name: 'rocm-smi', path: data.tools.rocmSmi, args: rocmSmiArgs(), parse: parseRocmSmiJson, failures: 0, off: null }
    : data.tools.ioreg && data.platform === 'darwin'
      ? { name: 'ioreg', path: data.tools.ioreg, args: ioregArgs(), parse: parseIoreg, failures: 0, off: null }
      : null;

async function oneShotSample(t: OneShot): Promise<GpuSample | null> {
  if (t.off) return null;
  try {
    const run = await runTool(t.path, t.args, TOOL_BUDGET);
    if (run.code !== 0) throw new Error(`it exited with code ${run.code ?? 'none'}`);
    const sample = t.parse(run.stdout);
    t.failures = 0;
    return sample;
  } catch (err) {
    t.failures += 1;
    if (t.failures >= MAX_TOOL_FAILURES) {
      const why = err instanceof Error ? err.message : String(err);
      t.off = `${t.name} failed ${t.failures} times in a row (${why.slice(0, 200)}); GPU watching is off until the app restarts.`;
    }
    return null;
  }
}

async function programs(): Promise<ProgramEntry[] | null> {
  try {
    if (data.platform === 'linux') return await listLinuxPrograms(data.procRoot);
    if (data.platform === 'darwin') return parsePs((await runTool('/bin/ps', psArgs(), TOOL_BUDGET)).stdout);
    if (data.platform === 'win32') return parseTasklistCsv((await runTool('tasklist.exe', tasklistArgs(), TOOL_BUDGET)).stdout);
  } catch {
    // Not knowing what runs is not a reason to stop serving: the condition is then not applied this look.
  }
  return null;
}

async function fullscreen(): Promise<{ fullscreen: boolean; name: string | null } | null> {
  if (!data.tools.xprop || !data.display) return null;
  const env = { ...process.env, DISPLAY: data.display };
  try {
    const root = await runTool(data.tools.xprop, xpropActiveWindowArgs(), { ...TOOL_BUDGET, env });
    const id = parseActiveWindow(root.stdout);
    if (!id) return { fullscreen: false, name: null };
    const win = parseWindowState((await runTool(data.tools.xprop, xpropWindowArgs(id), { ...TOOL_BUDGET, env })).stdout);
    return { fullscreen: win.fullscreen, name: win.className };
  } catch {
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
    const [gpu, progs, screen] = await Promise.all([
      nvidia ? Promise.resolve(nvidia.sample()) : oneShot ? oneShotSample(oneShot) : Promise.resolve(null),
      want.programs ? programs() : Promise.resolve(null),
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
    want = { programs: job.programs, fullscreen: job.fullscreen };
    void look();
  } else if (job.op === 'listPrograms') {
    void programs().then((list) => post({ kind: 'programs', id: job.id, names: list ? distinctProgramNames(list) : [] }));
  } else if (job.op === 'stop') {
    clearInterval(timer);
    nvidia?.stop();
    port.close();
  }
});
post({ kind: 'ready' });
