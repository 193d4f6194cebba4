/** What the GPU tools' parser tests share: the captured real outputs, and the error a parser must throw. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { GpuToolError } from '@engine/owner/gpu/gpu-sample';

/** The folder of one tool's captured outputs (each folder's SOURCES.md says where they come from). */
export const capturedDir = (tool: 'nvidia-smi' | 'rocm-smi' | 'ioreg' | 'typeperf') =>
  resolve('tests/support/gpu-tools/captured', tool);

/** One captured output, as the tool printed it. */
export const capturedText = (tool: Parameters<typeof capturedDir>[0], name: string) =>
  readFileSync(join(capturedDir(tool), name), 'utf8');

/** The error `fn` throws, for asserting its code; fails when it throws nothing or something else. */
export function toolError(fn: () => unknown): GpuToolError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GpuToolError);
    return err as GpuToolError;
  }
  throw new Error('expected a GpuToolError');
}
