/**
 * What the fake GPU tools print, as tests set it: a state file the fakes read before every document
 * ($FAKE_GPU_STATE), and the GPU and processes of the owner-first scenes (an idle RTX 4090 with Ollama's model on
 * it, the desktop, a game).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FAKE_NVIDIA_SMI = join(import.meta.dirname, 'nvidia-smi');

export const IDLE_GPU = { name: 'NVIDIA GeForce RTX 4090', utilizationPct: 2, memoryUsedMiB: 9_000, memoryTotalMiB: 24_564, powerW: 35, powerLimitW: 450, temperatureC: 41 };
export const OLLAMA_ON_GPU = { pid: 4242, name: '/usr/local/bin/ollama', gpu: 0, kind: 'compute', memoryMiB: 8_200, utilizationPct: null };
export const DESKTOP = { pid: 1200, name: '/usr/lib/xorg/Xorg', gpu: 0, kind: 'graphics', memoryMiB: 400, utilizationPct: null };
export const GAME = { pid: 7777, name: 'C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe', gpu: 0, kind: 'graphics', memoryMiB: 9_500, utilizationPct: null };

/** Writes the state whole, then renames it over the old one: a fake never reads half a file. */
export function writeGpuState(path: string, processes: object[], gpu: object = IDLE_GPU): void {
  writeFileSync(`${path}.tmp`, JSON.stringify({ gpus: [gpu], processes }));
  renameSync(`${path}.tmp`, path);
}
