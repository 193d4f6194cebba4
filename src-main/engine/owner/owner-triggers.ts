/**
 * What, in one look at the computer, says its owner needs the GPU. Each signal is judged here on its own; the
 * yield machine (owner-yield.ts) decides when the node stops and comes back. Readings that hover near a limit are
 * held apart by a band (hysteresis) and by a count of looks in a row, so a noisy sensor cannot flip the node.
 */
import type { OwnerTrigger } from '@shared/contract';
import { listsDrawingPrograms, type GpuSample } from './gpu/gpu-sample';
import { isLlmServerProcess } from './programs/llm-server-processes';
import { sameProgram } from './programs/program-names';

/** The owner's rules, from Settings. Null limits are not applied. */
export interface OwnerRules {
  /** Yield while another program uses the GPU (a game, a render, a second model). */
  yieldToGpuPrograms: boolean;
  /** Yield while an app fills the screen (where the OS tells). */
  yieldToFullscreen: boolean;
  /** Programs the person picked: yield while any of them runs, GPU or not. */
  pausePrograms: readonly string[];
  /** Keep at least this much GPU memory free for the owner. */
  vramFloorMiB: number | null;
  /** Stop serving above this board power or temperature. */
  maxPowerW: number | null;
  maxTemperatureC: number | null;
}

/** Why the node yields: the contract's trigger, the one shape the engine, the snapshot and the words share. */
export type YieldTrigger = OwnerTrigger;

/** One look: the latest of each source, or null where the computer cannot tell. */
export interface OwnerLook {
  gpu: GpuSample | null;
  /** Running programs, read only while the person has picked some. */
  programs: readonly { pid: number; name: string }[] | null;
  fullscreen: { fullscreen: boolean; name: string | null } | null;
}

/**
 * A program counts as the owner's GPU use when it is not the LLM server, not the desktop itself, and either computes
 * on the GPU or holds this much of its memory. Browsers and desktop shells keep a few hundred MiB for drawing windows
 * all day; a game or a render holds gigabytes.
 */
export const GPU_PROGRAM_MIN_MIB = 512;
/**
 * A graphics program whose own share of the GPU's time is this high counts too, whatever its memory (Windows counters).
 */
export const GPU_PROGRAM_MIN_PCT = 20;
/** With the node running no task, the GPU this busy means somebody else works on it. */
export const GPU_BUSY_PCT = 30;
/**
 * How long the GPU's busy reading trails a task that ended: nvidia-smi averages it over up to a second, and the LLM
 * server finishes its own work a moment after the node's answer.
 */
export const TASK_TAIL_MS = 1_000;

/**
 * Programs that draw the desktop itself: always on the GPU, never a sign the owner needs it. The names are those the
 * driver tools print (the executable's base name).
 */
const DESKTOP_PROGRAMS = [
  'Xorg',
  'Xwayland',
  'gnome-shell',
  'kwin_x11',
  'kwin_wayland',
  'plasmashell',
  'sway',
  'Hyprland',
  'mutter',
  'cinnamon',
  'xfwm4',
  'picom',
  'dwm.exe',
  'csrss.exe',
  'explorer.exe',
  'WindowServer',
  'ShellExperienceHost.exe',
  'StartMenuExperienceHost.exe',
  'SearchHost.exe',
  'TextInputHost.exe',
];

export function isDesktopProgram(name: string): boolean {
  return DESKTOP_PROGRAMS.some((d) => sameProgram(d, name));
}

/** The first program on the GPU that is the owner's, or null. Our own LLM server and the desktop never count. */
export function ownerGpuProgram(sample: GpuSample): string | null {
  if (!sample.processes) return null;
  for (const p of sample.processes) {
    if (isLlmServerProcess(p.name) || isDesktopProgram(p.name)) continue;
    const heavy =
      p.kind === 'compute' ||
      p.kind === 'both' ||
      (p.memoryMiB ?? 0) >= GPU_PROGRAM_MIN_MIB ||
      (p.utilizationPct ?? 0) >= GPU_PROGRAM_MIN_PCT;
    if (heavy) return p.name;
  }
  return null;
}

/** The first picked program that runs now, as the person typed it. */
export function runningPickedProgram(programs: readonly { name: string }[], picked: readonly string[]): string | null {
  for (const want of picked) if (programs.some((p) => sameProgram(want, p.name))) return want;
  return null;
}

/**
 * A condition that must be seen for `enterLooks` looks in a row to start, and then holds until its own, stricter end
 * is seen: readings wobbling around a limit keep whatever side they were on.
 */
export class Hysteresis {
  private over = false;
  private streak = 0;

  constructor(private readonly enterLooks: number) {}

  /**
   * `past` says whether this reading is past the limit, `back` whether it is back inside the limit by the band;
   * null when the look had no reading, which changes nothing (sensors drop a sample now and then).
   */
  look(reading: { past: boolean; back: boolean } | null): boolean {
    if (reading === null) return this.over;
    if (!this.over) {
      this.streak = reading.past ? this.streak + 1 : 0;
      if (this.streak >= this.enterLooks) {
        this.over = true;
        this.streak = 0;
      }
    } else if (reading.back) {
      this.over = false;
    }
    return this.over;
  }

  get holds(): boolean {
    return this.over;
  }

  reset(): void {
    this.over = false;
    this.streak = 0;
  }
}

/** Two looks in a row past a limit: one spike of a noisy sensor is not a reason. */
const ENTER_LOOKS = 2;
/** Power and temperature must fall 10 % / 5 °C below the limit before the node comes back. */
const POWER_BAND_SHARE = 0.1;
const TEMPERATURE_BAND_C = 5;
/** Free memory must be this much above the floor (and at least 256 MiB) before the node comes back. */
const VRAM_BAND_SHARE = 0.1;
const VRAM_BAND_MIN_MIB = 256;

/** The GPU's sum over all cards of a reading, or null when no card reports it. */
function total(sample: GpuSample, pick: (g: GpuSample['gpus'][number]) => number | null): number | null {
  let sum: number | null = null;
  for (const g of sample.gpus) {
    const v = pick(g);
    if (v !== null && Number.isFinite(v)) sum = (sum ?? 0) + v;
  }
  return sum;
}

function highest(sample: GpuSample, pick: (g: GpuSample['gpus'][number]) => number | null): number | null {
  let top: number | null = null;
  for (const g of sample.gpus) {
    const v = pick(g);
    if (v !== null && Number.isFinite(v)) top = top === null ? v : Math.max(top, v);
  }
  return top;
}

/** Memory our LLM server holds now, when the tool lists processes with their memory. */
export function serverMemoryMiB(sample: GpuSample): number | null {
  if (!sample.processes) return null;
  let sum = 0;
  let known = false;
  for (const p of sample.processes) {
    if (isLlmServerProcess(p.name) && p.memoryMiB !== null) {
      sum += p.memoryMiB;
      known = true;
    }
  }
  return known ? sum : 0;
}

/**
 * The numeric limits with their hysteresis. The VRAM floor is judged on what would be free while the node serves:
 * the memory the LLM server holds now, or, once it let go, the most it held (its footprint). Otherwise the node would
 * come back after unloading, load the model again and break the floor at once, over and over.
 */
/** The mean of the last few readings: board power jumps by tens of watts from one look to the next. */
class RollingMean {
  private readonly values: number[] = [];

  constructor(private readonly size: number) {}

  add(v: number | null): number | null {
    if (v === null) return this.values.length ? this.mean() : null;
    this.values.push(v);
    if (this.values.length > this.size) this.values.shift();
    return this.mean();
  }

  private mean(): number {
    return this.values.reduce((a, b) => a + b, 0) / this.values.length;
  }
}

/** Power is judged on its mean over the last four looks (about 6 s). */
const POWER_MEAN_LOOKS = 4;

export class LimitWatch {
  private readonly powerMean = new RollingMean(POWER_MEAN_LOOKS);
  private readonly power = new Hysteresis(ENTER_LOOKS);
  private readonly temperature = new Hysteresis(ENTER_LOOKS);
  private readonly vram = new Hysteresis(ENTER_LOOKS);
  /** The most GPU memory the LLM server was seen to hold. */
  private footprintMiB = 0;

  look(sample: GpuSample | null, rules: OwnerRules): YieldTrigger | null {
    if (!sample) return null;
    let trigger: YieldTrigger | null = null;
    const watts = this.powerMean.add(total(sample, (g) => g.powerW));
    const limitW = rules.maxPowerW;
    if (limitW === null) this.power.reset();
    else if (
      this.power.look(
        watts === null ? null : { past: watts > limitW, back: watts < limitW * (1 - POWER_BAND_SHARE) },
      ) &&
      watts !== null
    ) {
      trigger = { kind: 'power_ceiling', watts: Math.round(watts), limitW };
    }
    const celsius = highest(sample, (g) => g.temperatureC);
    const limitC = rules.maxTemperatureC;
    if (limitC === null) this.temperature.reset();
    else if (
      this.temperature.look(
        celsius === null ? null : { past: celsius > limitC, back: celsius < limitC - TEMPERATURE_BAND_C },
      ) &&
      celsius !== null
    ) {
      trigger ??= { kind: 'temperature_ceiling', celsius: Math.round(celsius), limitC };
    }
    const used = total(sample, (g) => g.memoryUsedMiB);
    const size = total(sample, (g) => g.memoryTotalMiB);
    const server = serverMemoryMiB(sample);
    if (server !== null) this.footprintMiB = Math.max(this.footprintMiB, server);
    const floor = rules.vramFloorMiB;
    if (floor === null) this.vram.reset();
    else {
      const free = used === null || size === null ? null : size - used;
      // Coming back means loading the model again: what would be free then must keep the floor and its band.
      const freeWithModel = free === null ? null : free - Math.max(0, this.footprintMiB - (server ?? 0));
      const band = Math.max(VRAM_BAND_MIN_MIB, floor * VRAM_BAND_SHARE);
      const reading =
        free === null || freeWithModel === null ? null : { past: free < floor, back: freeWithModel >= floor + band };
      if (this.vram.look(reading) && free !== null)
        trigger ??= { kind: 'vram_floor', freeMiB: Math.max(0, Math.round(free)), floorMiB: floor };
    }
    return trigger;
  }
}

/**
 * Whether the node works on the GPU now: a task runs, or one ended less than {@link TASK_TAIL_MS} ago. Times in ms;
 * `lastTaskAt` is when a task was last seen running or ended (-Infinity: never).
 */
export function nodeAtWork(now: number, activeTasks: number, lastTaskAt: number): boolean {
  return activeTasks > 0 || now - lastTaskAt < TASK_TAIL_MS;
}

/**
 * Whether a program other than the LLM server and the desktop may be on the GPU. Where the tool lists every program
 * (nvidia-smi, Windows' counters), only a listed one counts: the server's own work is never another program's. Where
 * it cannot tell (rocm-smi lists no program that draws; an empty or missing list), one may be.
 */
export function otherProgramMayUseGpu(sample: GpuSample): boolean {
  if (!listsDrawingPrograms(sample) || !sample.processes || sample.processes.length === 0) return true;
  return sample.processes.some((p) => !isLlmServerProcess(p.name) && !isDesktopProgram(p.name));
}

/**
 * The GPU busy while the node runs no task, and not with the LLM server's or the desktop's own work: only then is its
 * busy share somebody else's. No wait after the last task beyond its tail: the owner's program counts within a look.
 */
export function gpuBusyByOthers(sample: GpuSample | null, nodeAtWork: boolean): boolean {
  if (!sample || nodeAtWork) return false;
  const busy = highest(sample, (g) => g.utilizationPct);
  return busy !== null && busy >= GPU_BUSY_PCT && otherProgramMayUseGpu(sample);
}

/** A yield's trigger as event details (`trigger=gpu_program program=…`); names are encoded so spaces stay inside. */
export function yieldDetails(t: YieldTrigger): string {
  switch (t.kind) {
    case 'gpu_program':
    case 'picked_program':
      return `trigger=${t.kind} program=${encodeURIComponent(t.name)}`;
    case 'fullscreen':
      return t.name ? `trigger=fullscreen program=${encodeURIComponent(t.name)}` : 'trigger=fullscreen';
    case 'gpu_busy':
      return 'trigger=gpu_busy';
    case 'own_app':
      return 'trigger=own_app';
    case 'gpu_memory':
      return `trigger=gpu_memory used_mib=${t.usedMiB}`;
    case 'vram_floor':
      return `trigger=vram_floor free_mib=${t.freeMiB} floor_mib=${t.floorMiB}`;
    case 'power_ceiling':
      return `trigger=power_ceiling watts=${t.watts} limit=${t.limitW}`;
    case 'temperature_ceiling':
      return `trigger=temperature_ceiling celsius=${t.celsius} limit=${t.limitC}`;
  }
}
