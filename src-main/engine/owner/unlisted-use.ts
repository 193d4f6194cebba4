/**
 * The owner's GPU use that the driver's tool cannot name. `rocm-smi` lists only the processes of the kernel's compute
 * driver (KFD): the LLM server, which computes, but never a game, which draws. On such a tool the owner's use is read
 * from the card's own figures instead: the memory in use beyond what the LLM server's processes hold (this module),
 * and the card's busy share while the node runs no task (`gpuBusyByOthers` in owner-triggers.ts).
 */
import type { OwnerTrigger } from '@shared/contract';
import { listsDrawingPrograms, type GpuSample } from './gpu/gpu-sample';
import { GPU_PROGRAM_MIN_MIB } from './owner-triggers';
import { isLlmServerProcess } from './programs/llm-server-processes';

/**
 * The desktop's own share of the memory (the compositor, the screen's buffers, a browser) is learnt as the least seen
 * beyond the server's, but never taken above this: were a game already running when the node started, the least seen
 * would be the game's. A desktop on an RX 6700 XT holds about 1.5 GB (captured/rocm-smi/rx6700xt-rocm-6.1.2.json).
 */
export const DESKTOP_MAX_MIB = 2048;

/**
 * The server's memory must move less than this from one look to the next for the look to be judged: `rocm-smi` reads
 * the processes a moment before the card's total, so while a model loads or unloads the total runs ahead of (or
 * behind) the server's own figure, by up to a few hundred MiB.
 */
const SERVER_STEADY_MIB = 128;

/** "Other programs hold this much of the GPU's memory": a reading of one look, for the yield's words. */
export type UnlistedTrigger = Extract<OwnerTrigger, { kind: 'gpu_memory' }>;

/**
 * Judges each look's memory on a tool that does not list drawing programs. The verdict of a look that cannot be
 * judged (the server's memory moving, a figure missing) is the previous one, so a model loading neither starts nor
 * ends a yield.
 */
export class UnlistedMemory {
  private lastServerMiB: number | null = null;
  private desktopMiB: number | null = null;
  private verdict: UnlistedTrigger | null = null;

  look(sample: GpuSample | null): UnlistedTrigger | null {
    if (!sample || listsDrawingPrograms(sample) || !sample.processes) {
      this.forget();
      return null;
    }
    const used = usedMiB(sample);
    const server = serverMiB(sample.processes);
    const last = this.lastServerMiB;
    this.lastServerMiB = server;
    if (used === null || server === null || last === null || Math.abs(server - last) >= SERVER_STEADY_MIB)
      return this.verdict;
    const others = Math.max(0, used - server);
    this.desktopMiB = Math.min(this.desktopMiB ?? DESKTOP_MAX_MIB, others);
    const beyond = others - this.desktopMiB;
    // As much beyond the desktop's own as makes a listed program count.
    this.verdict = beyond >= GPU_PROGRAM_MIN_MIB ? { kind: 'gpu_memory', usedMiB: Math.round(beyond) } : null;
    return this.verdict;
  }

  private forget(): void {
    this.lastServerMiB = null;
    this.verdict = null;
  }
}

/** The memory in use on all cards, or null when a card does not say. */
function usedMiB(sample: GpuSample): number | null {
  let sum = 0;
  for (const g of sample.gpus) {
    if (g.memoryUsedMiB === null || !Number.isFinite(g.memoryUsedMiB)) return null;
    sum += g.memoryUsedMiB;
  }
  return sample.gpus.length ? sum : null;
}

/** What the LLM server's processes hold, or null when one of them does not say (its share is then unknown). */
function serverMiB(processes: NonNullable<GpuSample['processes']>): number | null {
  let sum = 0;
  for (const p of processes) {
    if (!isLlmServerProcess(p.name)) continue;
    if (p.memoryMiB === null) return null;
    sum += p.memoryMiB;
  }
  return sum;
}
