/**
 * One look at this computer's GPUs, the same shape whichever driver tool gave it (nvidia-smi, rocm-smi, ioreg,
 * Windows' GPU counters) or the kernel (RAPL). Every text in it is foreign: it came from another program and is shown
 * only as quoted data, and never leaves this computer.
 */

/** The tool a sample came from. */
export type GpuTool = 'nvidia-smi' | 'rocm-smi' | 'ioreg' | 'windows-counters';

export interface GpuState {
  /** The tool's own index of the GPU (0, 1, …). */
  index: number;
  /** Its product name as the tool says it ("NVIDIA GeForce RTX 4090"). */
  name: string;
  /** Share of time the GPU was busy, 0–100; null when the tool does not say. */
  utilizationPct: number | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  /** Board power now, watts. */
  powerW: number | null;
  /** The enforced power limit, watts. */
  powerLimitW: number | null;
  temperatureC: number | null;
}

export type GpuProcessKind = 'graphics' | 'compute' | 'both';

export interface GpuProcess {
  pid: number;
  /** The program's name: the base name of its executable, without a folder ("Cyberpunk2077.exe", "python3"). */
  name: string;
  /** Which GPU (the tool's index), or null when it does not say. */
  gpu: number | null;
  kind: GpuProcessKind | null;
  memoryMiB: number | null;
  /** Its share of the GPU's time, 0–100, where the tool says it. */
  utilizationPct: number | null;
}

export interface GpuSample {
  tool: GpuTool;
  gpus: GpuState[];
  /** Processes using a GPU; null when the tool cannot list them (not an empty list: that would say "nobody"). */
  processes: GpuProcess[] | null;
}

/**
 * Whether the tool's list of processes names the programs that draw (a game) and not only those that compute:
 * `rocm-smi` lists the kernel compute driver's (KFD) processes only. ioreg lists none at all (null processes).
 */
export function listsDrawingPrograms(sample: GpuSample): boolean {
  return sample.tool !== 'rocm-smi';
}

/** Caps on what one sample may hold: a tool that prints more is misbehaving, and the rest is dropped. */
export const MAX_GPUS = 16;
export const MAX_GPU_PROCESSES = 256;
export const MAX_NAME_CHARS = 128;

/** Sanity bounds: a reading beyond them is not a real GPU's, so every parser reads it as unknown. */
export const MAX_MEMORY_MIB = 16 * 1024 * 1024;
export const MAX_POWER_W = 10_000;
export const MAX_TEMPERATURE_C = 250;

/** Why a tool's output could not be read; the watcher counts these and switches a tool off after too many. */
export class GpuToolError extends Error {
  constructor(
    readonly code: 'unreadable' | 'too_large' | 'not_supported',
    message: string,
  ) {
    super(message);
    this.name = 'GpuToolError';
  }
}
