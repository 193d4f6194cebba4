/**
 * What the owner watcher's thread and the node say to each other. The thread runs the driver tools and reads their
 * output; the node trusts none of it and checks every message against these schemas, with caps on every list and
 * text, before anything acts on it.
 */
import { z } from 'zod';
import { MAX_GPU_PROCESSES, MAX_GPUS, MAX_NAME_CHARS } from './gpu/gpu-sample';

/** Where the thread finds its tools; null = not on this computer (or switched off). Tests point them at fakes. */
export interface OwnerToolPaths {
  nvidiaSmi: string | null;
  rocmSmi: string | null;
  ioreg: string | null;
  xprop: string | null;
  /**
   * Windows' `typeperf.exe`, which reads the GPU counters where there is no nvidia-smi. Optional only until every
   * caller names it; missing = null.
   */
  typeperf: string | null;
  /**
   * Windows' `tasklist.exe` (running programs, and the names of the GPU counters' pids); missing = `tasklist.exe` on
   * the PATH.
   */
  tasklist: string | null;
}

export interface OwnerWorkerData {
  intervalMs: number;
  tools: OwnerToolPaths;
  /** The kernel's RAPL power meters (Linux), or null. */
  raplRoot: string | null;
  /** Where running programs are listed from on Linux. */
  procRoot: string;
  platform: NodeJS.Platform;
  /** The X display to ask about a full-screen window, or null. */
  display: string | null;
}

export type OwnerJob =
  /** `programs`: the names the person picked; only running programs that match come back (none: none are listed). */
  { op: 'configure'; programs: string[]; fullscreen: boolean } | { op: 'listPrograms'; id: number } | { op: 'stop' };

const num = z.number().finite();
const name = z.string().max(MAX_NAME_CHARS);

export const GpuStateSchema = z.object({
  index: z.number().int().min(0).max(1024),
  name,
  utilizationPct: num.min(0).max(100).nullable(),
  memoryUsedMiB: num.min(0).max(1e8).nullable(),
  memoryTotalMiB: num.min(0).max(1e8).nullable(),
  powerW: num.min(0).max(1e5).nullable(),
  powerLimitW: num.min(0).max(1e5).nullable(),
  temperatureC: num.min(-100).max(300).nullable(),
});

export const GpuSampleSchema = z.object({
  tool: z.enum(['nvidia-smi', 'rocm-smi', 'ioreg', 'windows-counters']),
  gpus: z.array(GpuStateSchema).max(MAX_GPUS),
  processes: z
    .array(
      z.object({
        pid: z
          .number()
          .int()
          .min(0)
          .max(2 ** 32),
        name,
        gpu: z.number().int().min(0).max(1024).nullable(),
        kind: z.enum(['graphics', 'compute', 'both']).nullable(),
        memoryMiB: num.min(0).max(1e8).nullable(),
        utilizationPct: num.min(0).max(100).nullable(),
      }),
    )
    .max(MAX_GPU_PROCESSES)
    .nullable(),
});

const ProgramSchema = z.object({
  pid: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32),
  name,
});

/** Tools the thread gave up on, and why, in plain words for the person. */
export const ToolStateSchema = z.object({
  tool: z.string().max(32),
  state: z.enum(['ok', 'off', 'missing']),
  reason: z.string().max(300).nullable(),
});
export type ToolState = z.infer<typeof ToolStateSchema>;

export const OwnerReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({
    kind: z.literal('look'),
    gpu: GpuSampleSchema.nullable(),
    programs: z.array(ProgramSchema).max(8192).nullable(),
    fullscreen: z.object({ fullscreen: z.boolean(), name: name.nullable() }).nullable(),
    /** The CPU package's power from RAPL, watts. */
    cpuPowerW: num.min(0).max(1e5).nullable(),
    tools: z.array(ToolStateSchema).max(8),
  }),
  z.object({ kind: z.literal('programs'), id: z.number().int(), names: z.array(name).max(4096) }),
]);
export type OwnerReply = z.infer<typeof OwnerReplySchema>;
export type OwnerLookMessage = Extract<OwnerReply, { kind: 'look' }>;
