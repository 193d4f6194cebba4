/**
 * The owner's GPU memory where the tool names no program that draws (rocm-smi): the memory in use beyond what the LLM
 * server's processes hold and the desktop's own counts within one look; the server's own memory (a loaded model, a
 * model loading or being let go) never does.
 */
import { describe, expect, it } from 'vitest';
import type { GpuProcess, GpuSample } from '@engine/owner/gpu/gpu-sample';
import { DESKTOP_MAX_MIB, UnlistedMemory } from '@engine/owner/unlisted-use';

const server = (memoryMiB: number | null, name = 'ollama'): GpuProcess => ({
  pid: 4242,
  name,
  gpu: 0,
  kind: 'compute',
  memoryMiB,
  utilizationPct: null,
});
/** What rocm-smi says: the card's memory in use, and the compute processes only. */
const amd = (usedMiB: number | null, processes: GpuProcess[]): GpuSample => ({
  tool: 'rocm-smi',
  gpus: [
    {
      index: 0,
      name: 'AMD Radeon RX 7900 XTX',
      utilizationPct: 2,
      memoryUsedMiB: usedMiB,
      memoryTotalMiB: 24_560,
      powerW: 35,
      powerLimitW: 327,
      temperatureC: 41,
    },
  ],
  processes,
});
/** The desktop's own 800 MiB, Ollama's 8 200 MiB model, and a game's memory when it runs. */
const scene = (gameMiB = 0, serverMiB = 8_200) =>
  amd(800 + serverMiB + gameMiB, serverMiB > 0 ? [server(serverMiB)] : []);

describe('memory nobody is named for, on rocm-smi', () => {
  it('a game appearing counts with the next look, as its memory beyond the server and the desktop', () => {
    const u = new UnlistedMemory();
    expect(u.look(scene())).toBeNull();
    expect(u.look(scene())).toBeNull();
    expect(u.look(scene(9_500))).toEqual({ kind: 'gpu_memory', usedMiB: 9_500 });
    expect(u.look(scene(9_600))).toEqual({ kind: 'gpu_memory', usedMiB: 9_600 });
    expect(u.look(scene())).toBeNull();
  });

  it('less than a listed program needs (512 MiB) beyond the desktop does not count', () => {
    const u = new UnlistedMemory();
    u.look(scene());
    u.look(scene());
    expect(u.look(scene(400))).toBeNull();
    expect(u.look(scene(600))).toEqual({ kind: 'gpu_memory', usedMiB: 600 });
  });

  it("the LLM server's own model never counts: loading it, holding it, or letting it go", () => {
    const u = new UnlistedMemory();
    u.look(scene(0, 0));
    u.look(scene(0, 0));
    // rocm-smi reads the processes a moment before the card's total: while the model loads, the total runs ahead.
    for (const [serverMiB, ahead] of [
      [2_000, 1_500],
      [5_000, 1_800],
      [8_200, 0],
      [8_200, 0],
    ] as const) {
      expect(u.look(amd(800 + serverMiB + ahead, [server(serverMiB)]))).toBeNull();
    }
    // Its runner as rocm-smi names it, cut to the 15 characters Linux keeps.
    expect(u.look(amd(800 + 8_200, [server(8_200, 'ollama_llama_se')]))).toBeNull();
    // And let go again: the total lags behind the server's figure for a look.
    expect(u.look(amd(800 + 3_000, []))).toBeNull();
    expect(u.look(amd(800, []))).toBeNull();
  });

  it('keeps its verdict through a look it cannot judge, so freeing the model does not end the yield', () => {
    const u = new UnlistedMemory();
    u.look(scene());
    u.look(scene());
    expect(u.look(scene(9_500))).not.toBeNull();
    // The node asks the server to let go of its model: the server's figure moves, the game is still there.
    expect(u.look(scene(9_500, 0))).toEqual({ kind: 'gpu_memory', usedMiB: 9_500 });
    expect(u.look(scene(9_500, 0))).toEqual({ kind: 'gpu_memory', usedMiB: 9_500 });
    expect(u.look(scene(0, 0))).toBeNull();
    // A card that does not say its memory, or a server process that does not say its own, changes nothing either.
    expect(u.look(amd(null, []))).toBeNull();
    u.look(scene(9_500, 0));
    expect(u.look(amd(null, []))).not.toBeNull();
    expect(u.look(amd(20_000, [server(null)]))).not.toBeNull();
  });

  it('a game already running when the node starts counts too: the desktop is never taken to hold more than 2 GB', () => {
    const u = new UnlistedMemory();
    // The first look has nothing to compare the server's figure with.
    expect(u.look(scene(9_500))).toBeNull();
    expect(u.look(scene(9_500))).toEqual({ kind: 'gpu_memory', usedMiB: 800 + 9_500 - DESKTOP_MAX_MIB });
    // Once it ends, the desktop's own 800 MiB is learnt, and a new game is measured from there.
    expect(u.look(scene())).toBeNull();
    expect(u.look(scene(9_500))).toEqual({ kind: 'gpu_memory', usedMiB: 9_500 });
  });

  it('a desktop that holds 1.5 GB on its own (as captured on an RX 6700 XT) does not count', () => {
    const u = new UnlistedMemory();
    for (let i = 0; i < 5; i++) expect(u.look(amd(1_500, []))).toBeNull();
  });

  it('judges nothing on a tool that names the programs that draw, or lists no process at all', () => {
    const u = new UnlistedMemory();
    const nvidia: GpuSample = { ...scene(9_500), tool: 'nvidia-smi' };
    u.look(nvidia);
    expect(u.look(nvidia)).toBeNull();
    expect(u.look({ ...scene(9_500), processes: null })).toBeNull();
    expect(u.look(null)).toBeNull();
  });
});
