/**
 * The owner-first watcher as the node sees it: it reads the looks of the watcher's thread, judges them against the
 * owner's rules, runs the yield machine, and tells the node what to do (stop taking tasks, cut the running ones
 * after the grace, free the GPU's memory, serve again after the cooldown). Its own timers drive the grace, the
 * cooldown and "share anyway", so they end on time even when no look comes.
 */
import type { OwnerInfo, Settings } from '@shared/contract';
import { findRapl } from './gpu/rapl';
import { findOwnerTools, type OwnerTuning } from './tool-paths';
import {
  gpuBusyByOthers,
  LimitWatch,
  nodeAtWork,
  ownerGpuProgram,
  runningPickedProgram,
  type OwnerRules,
  type YieldTrigger,
} from './owner-triggers';
import { OwnerThread } from './owner-thread';
import type { OwnerLookMessage, OwnerToolPaths } from './owner-wire';
import { OwnerYield, type YieldChange } from './owner-yield';
import { UnlistedMemory } from './unlisted-use';

/** One look every 1.5 s: the node stops taking tasks within 2 s of the owner's program appearing. */
export const OWNER_LOOK_MS = 1_500;

export interface OwnerWatchOptions {
  settings: () => Settings;
  now: () => number;
  /** Tasks running now. */
  activeJobs: () => number;
  /** When the last task stopped working on the GPU (ms; -Infinity: none yet), so one between two looks counts too. */
  lastTaskEndedAt?: () => number;
  /** Something changed: the node evaluates its availability again (and acts on `change`). */
  onChange: (change: YieldChange | null) => void;
  /** The watcher, or one of its tools, was switched off: said once, in plain words. */
  onOff: (why: string) => void;
  /**
   * Each look's power reading: the GPUs' draw and the CPU's RAPL power summed (null: none read), what was read, and
   * whether the owner holds the GPU.
   */
  onPower?: (watts: number | null, meters: string | null, ownerBusy: boolean) => void;
  tuning?: OwnerTuning;
}

export class OwnerWatch {
  private readonly machine: OwnerYield;
  private readonly limits = new LimitWatch();
  private readonly unlisted = new UnlistedMemory();
  private thread: OwnerThread | null = null;
  private readonly tools: OwnerToolPaths;
  private readonly raplRoot: string | null;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private lastBusyAt = -Infinity;
  private last: OwnerLookMessage | null = null;
  private problem: string | null = null;
  /** The owner's apps' requests to this computer's LLM server running now (the gateway's local route). */
  private ownUses = 0;
  /** What the last look said, kept so the owner's own requests can be judged between looks without reading it twice. */
  private seen: YieldTrigger | null = null;

  constructor(private readonly o: OwnerWatchOptions) {
    this.machine = new OwnerYield(() => {
      const s = o.settings().ownerFirst;
      return { graceMs: s.graceSeconds * 1000, cooldownMs: s.cooldownSeconds * 1000 };
    });
    this.tools = findOwnerTools(o.tuning);
    this.raplRoot = o.tuning?.raplRoot !== undefined ? o.tuning.raplRoot : findRapl();
    this.intervalMs = o.tuning?.intervalMs ?? OWNER_LOOK_MS;
  }

  /**
   * Whether anything can be watched here at all: no GPU tool and nothing asked of the programs means no thread. Without
   * a display xprop has no window to ask about, and a thread would wake the node every look for nothing.
   */
  private needsThread(): boolean {
    const s = this.o.settings().ownerFirst;
    const screen = s.fullscreen && this.tools.xprop !== null && Boolean(this.o.tuning?.display ?? process.env.DISPLAY);
    return this.gpuTool() || this.raplRoot !== null || s.programs.length > 0 || screen;
  }

  start(): void {
    this.settingsChanged();
  }

  /** Settings changed: start or stop the thread, tell it what to read, and judge again. */
  settingsChanged(): void {
    const s = this.o.settings().ownerFirst;
    if (this.needsThread() && !this.thread) {
      this.thread = new OwnerThread(
        {
          intervalMs: this.intervalMs,
          tools: this.tools,
          raplRoot: this.raplRoot,
          procRoot: this.o.tuning?.procRoot ?? '/proc',
          platform: process.platform,
          display: this.o.tuning?.display ?? process.env.DISPLAY ?? null,
        },
        {
          look: (m) => this.look(m),
          off: (why) => {
            this.problem = why;
            this.thread = null;
            this.o.onOff(why);
            this.judge(null);
          },
        },
      );
      this.thread.start();
    }
    this.thread?.configure(s.programs, s.fullscreen && this.tools.xprop !== null);
    if (!this.enabled()) this.apply(this.machine.reset(this.o.now()));
  }

  stop(): void {
    this.thread?.stop();
    this.thread = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * An app of the owner's asks this computer's LLM server (through the gateway) from now until the returned function
   * is called: while any such request runs it is the owner's use of the GPU, like a program on it, so network tasks
   * yield under the same rule ("yield to programs on the GPU") and the node serves again after the cooldown.
   */
  ownerUse(): () => void {
    this.ownUses += 1;
    this.decide();
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.ownUses -= 1;
      this.decide();
    };
  }

  /** Whether the node holds new tasks back for the owner now. */
  get yielding(): boolean {
    return this.machine.yielding;
  }

  /** Seconds a consumer turned away for the owner should wait: until the node could serve again at the earliest. */
  retryAfterSeconds(): number {
    const s = this.machine.state;
    const now = this.o.now();
    const until = s.phase === 'cooling' ? s.resumeAt : now + this.o.settings().ownerFirst.cooldownSeconds * 1000;
    return Math.max(1, Math.ceil((until - now) / 1000));
  }

  shareAnyway(minutes: number | null): void {
    const now = this.o.now();
    this.apply(
      minutes === null ? this.machine.endShareAnyway() : this.machine.shareAnyway(now, now + minutes * 60_000),
    );
    if (minutes === null) this.judge(this.last);
  }

  /** "Share anyway" chosen before a restart goes on until its end (which the caller found still ahead). */
  restoreShareAnyway(untilMs: number): void {
    this.apply(this.machine.shareAnyway(this.o.now(), untilMs, true));
  }

  listPrograms(): Promise<{ names: string[]; supported: boolean }> {
    if (!this.thread) {
      // Listing needs the thread; start it for this one question when nothing else keeps it.
      const supported = process.platform === 'linux' || process.platform === 'darwin' || process.platform === 'win32';
      if (!supported) return Promise.resolve({ names: [], supported });
      const once = new OwnerThread(
        {
          intervalMs: 3_600_000,
          tools: {
            nvidiaSmi: null,
            rocmSmi: null,
            ioreg: null,
            xprop: null,
            typeperf: null,
            tasklist: this.tools.tasklist,
          },
          raplRoot: null,
          procRoot: this.o.tuning?.procRoot ?? '/proc',
          platform: process.platform,
          display: null,
        },
        { look: () => undefined, off: () => undefined },
      );
      once.start();
      return once.listPrograms().then((names) => {
        once.stop();
        return { names, supported };
      });
    }
    return this.thread.listPrograms().then((names) => ({ names, supported: true }));
  }

  info(): OwnerInfo {
    const s = this.machine.state;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const gpu = this.last?.gpu?.gpus[0] ?? null;
    const toolProblem = this.last?.tools.find((t) => t.state === 'off')?.reason ?? null;
    return {
      supported: {
        gpu: this.gpuTool(),
        programs: process.platform === 'linux' || process.platform === 'darwin' || process.platform === 'win32',
        fullscreen: this.tools.xprop !== null && (this.o.tuning?.display ?? process.env.DISPLAY ?? null) !== null,
      },
      gpuTool: this.last?.gpu?.tool ?? null,
      problem: this.problem ?? toolProblem,
      phase: s.phase,
      trigger: s.phase === 'serving' ? null : s.trigger,
      graceEndsAt: s.phase === 'yielding' ? iso(s.graceEndsAt) : null,
      resumeAt: s.phase === 'cooling' ? iso(s.resumeAt) : null,
      shareAnywayUntil: iso(this.machine.shareAnywayUntil),
      cooldownSeconds: this.o.settings().ownerFirst.cooldownSeconds,
      gpu: gpu && {
        name: gpu.name,
        utilizationPct: gpu.utilizationPct,
        memoryUsedMiB: gpu.memoryUsedMiB,
        memoryTotalMiB: gpu.memoryTotalMiB,
        powerW: gpu.powerW,
        temperatureC: gpu.temperatureC,
      },
    };
  }

  /** Whether a tool that reads the GPU was found here. */
  private gpuTool(): boolean {
    const t = this.tools;
    return t.nvidiaSmi !== null || t.rocmSmi !== null || t.ioreg !== null || t.typeperf !== null;
  }

  private enabled(): boolean {
    const s = this.o.settings().ownerFirst;
    return (
      s.gpuPrograms ||
      s.fullscreen ||
      s.programs.length > 0 ||
      s.vramFloorGb !== null ||
      s.maxPowerW !== null ||
      s.maxTemperatureC !== null
    );
  }

  private rules(): OwnerRules {
    const s = this.o.settings().ownerFirst;
    return {
      yieldToGpuPrograms: s.gpuPrograms,
      yieldToFullscreen: s.fullscreen,
      pausePrograms: s.programs,
      vramFloorMiB: s.vramFloorGb === null ? null : s.vramFloorGb * 1024,
      maxPowerW: s.maxPowerW,
      maxTemperatureC: s.maxTemperatureC,
    };
  }

  private look(m: OwnerLookMessage): void {
    let changed = this.last === null;
    for (const t of m.tools) {
      const wasOff = this.last?.tools.some((p) => p.tool === t.tool && p.state === 'off') ?? false;
      if (t.state !== 'off' || wasOff) continue;
      this.o.onOff(t.reason ?? `${t.tool} stopped working; GPU watching is off until the app restarts.`);
      changed = true;
    }
    this.last = m;
    this.judge(m);
    this.o.onPower?.(...machinePower(m), this.machine.yielding);
    // The first reading, or a tool switched off, changes what Settings shows, though nothing else changed.
    if (changed) this.o.onChange(null);
  }

  /** The trigger that holds in this look, the person's picked programs first (they named them). */
  private trigger(m: OwnerLookMessage | null): YieldTrigger | null {
    if (!m || !this.enabled()) return null;
    const r = this.rules();
    const now = this.o.now();
    const tasks = this.o.activeJobs();
    if (tasks > 0) this.lastBusyAt = now;
    // The limits and the memory nobody is named for see every look, whatever else holds: each compares looks.
    const limit = this.limits.look(m.gpu, r);
    const unlisted = this.unlisted.look(m.gpu);
    const picked = m.programs && r.pausePrograms.length ? runningPickedProgram(m.programs, r.pausePrograms) : null;
    if (picked) return { kind: 'picked_program', name: picked };
    const program = r.yieldToGpuPrograms && m.gpu ? ownerGpuProgram(m.gpu) : null;
    if (program) return { kind: 'gpu_program', name: program };
    if (r.yieldToFullscreen && m.fullscreen?.fullscreen) return { kind: 'fullscreen', name: m.fullscreen.name };
    if (limit) return limit;
    if (r.yieldToGpuPrograms && unlisted) return unlisted;
    const working = nodeAtWork(now, tasks, Math.max(this.lastBusyAt, this.o.lastTaskEndedAt?.() ?? -Infinity));
    if (r.yieldToGpuPrograms && gpuBusyByOthers(m.gpu, working)) return { kind: 'gpu_busy' };
    return null;
  }

  private judge(m: OwnerLookMessage | null): void {
    this.seen = this.trigger(m);
    this.decide();
  }

  /** The yield machine hears what holds now: the last look's trigger, else the owner's own requests. */
  private decide(): void {
    const own =
      this.ownUses > 0 && this.enabled() && this.rules().yieldToGpuPrograms ? ({ kind: 'own_app' } as const) : null;
    this.apply(this.machine.observe(this.o.now(), this.seen ?? own));
  }

  private apply(changes: YieldChange[]): void {
    for (const c of changes) this.o.onChange(c);
    this.arm();
  }

  /** A timer for the machine's next deadline (grace, cooldown, "share anyway"), so each ends on time. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const at = this.machine.nextDeadline();
    if (at === null) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.apply(this.machine.tick(this.o.now()));
      },
      Math.max(0, at - this.o.now()),
    );
    this.timer.unref?.();
  }
}

/** The machine's power in a look: every GPU's draw and the CPU's, summed; null when none was read. */
export function machinePower(m: OwnerLookMessage): [watts: number | null, meters: string | null] {
  const gpuWatts = (m.gpu?.gpus ?? []).map((g) => g.powerW).filter((w): w is number => w !== null);
  const meters: string[] = [];
  let watts = 0;
  if (gpuWatts.length > 0) {
    meters.push(m.gpu!.tool);
    for (const w of gpuWatts) watts += w;
  }
  if (m.cpuPowerW !== null) {
    meters.push('RAPL');
    watts += m.cpuPowerW;
  }
  return meters.length === 0 ? [null, null] : [watts, meters.join(' and ')];
}
