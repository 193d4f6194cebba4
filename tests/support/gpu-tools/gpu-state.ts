/**
 * What the fake GPU tools print, as tests set it: a state file the fakes read before every document
 * ($FAKE_GPU_STATE), and the GPU and processes of the owner-first scenes (an idle RTX 4090 or RX 7900 XTX with
 * Ollama's model on it, the desktop, a game), with the card's figures following the processes on it.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FAKE_NVIDIA_SMI = join(import.meta.dirname, 'nvidia-smi');
export const FAKE_ROCM_SMI = join(import.meta.dirname, 'rocm-smi');

export const IDLE_GPU = {
  name: 'NVIDIA GeForce RTX 4090',
  utilizationPct: 2,
  memoryUsedMiB: 9_000,
  memoryTotalMiB: 24_564,
  powerW: 35,
  powerLimitW: 450,
  temperatureC: 41,
};
export const OLLAMA_ON_GPU = {
  pid: 4242,
  name: '/usr/local/bin/ollama',
  gpu: 0,
  kind: 'compute',
  memoryMiB: 8_200,
  utilizationPct: null,
};
export const DESKTOP = {
  pid: 1200,
  name: '/usr/lib/xorg/Xorg',
  gpu: 0,
  kind: 'graphics',
  memoryMiB: 400,
  utilizationPct: null,
};
export const GAME = {
  pid: 7777,
  name: 'C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe',
  gpu: 0,
  kind: 'graphics',
  memoryMiB: 9_500,
  utilizationPct: null,
};

/** The same idle scene on AMD: the card's own figures; rocm-smi lists only Ollama (it computes), never the desktop. */
export const IDLE_AMD_GPU = {
  name: 'AMD Radeon RX 7900 XTX',
  utilizationPct: 2,
  memoryUsedMiB: 9_000,
  memoryTotalMiB: 24_560,
  powerW: 35,
  powerLimitW: 327,
  temperatureC: 41,
};

/**
 * Memory in use that no process is charged with (the driver's own, the screen's buffers): IDLE_GPU's 9 000 MiB less its
 * processes'.
 */
const UNCHARGED_MIB = IDLE_GPU.memoryUsedMiB - DESKTOP.memoryMiB - OLLAMA_ON_GPU.memoryMiB;
/** How busy a running game keeps the GPU. */
const GAME_BUSY_PCT = 97;

/**
 * The card as these processes leave it: its memory in use is theirs and the uncharged rest, and the game, when it
 * runs, keeps it busy. So a tool that names no drawing program (rocm-smi) still shows the game in the card's figures.
 */
export function gpuWith(
  processes: readonly { name: string; memoryMiB: number | null }[],
  idle: typeof IDLE_GPU = IDLE_GPU,
): typeof IDLE_GPU {
  const held = processes.reduce((sum, p) => sum + (p.memoryMiB ?? 0), 0);
  const game = processes.some((p) => p.name === GAME.name);
  return { ...idle, memoryUsedMiB: UNCHARGED_MIB + held, utilizationPct: game ? GAME_BUSY_PCT : idle.utilizationPct };
}

/** Writes the state whole, then renames it over the old one: a fake never reads half a file. */
export function writeGpuState(path: string, processes: object[], gpu: object = IDLE_GPU): void {
  writeFileSync(`${path}.tmp`, JSON.stringify({ gpus: [gpu], processes }));
  renameSync(`${path}.tmp`, path);
}
