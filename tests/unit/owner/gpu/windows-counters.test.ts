import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_GPU_PROCESSES,
  MAX_GPUS,
  MAX_NAME_CHARS,
  type GpuProcess,
  type GpuSample,
  type GpuState,
} from '@engine/owner/gpu/gpu-sample';
import { MAX_TYPEPERF_CHARS, parseTypeperfCsv, typeperfArgs } from '@engine/owner/gpu/windows-counters';
import { GpuSampleSchema } from '@engine/owner/owner-wire';
import { toolError } from '../../../support/gpu-tools/captured';

const CAPTURED = resolve('tests/support/gpu-tools/captured/typeperf/constructed-two-adapters.csv');
const A = '0x00000000_0x0000D1C8';
const B = '0x00000000_0x00010E5A';

function gpu(index: number, luid: string, utilizationPct: number | null): GpuState {
  return {
    index,
    name: `GPU luid ${luid.toLowerCase()}`,
    utilizationPct,
    memoryUsedMiB: null,
    memoryTotalMiB: null,
    powerW: null,
    powerLimitW: null,
    temperatureC: null,
  };
}

const engine = (pid: number, luid: string, eng: number, type: string) =>
  `\\GPU Engine(pid_${pid}_luid_${luid}_phys_0_eng_${eng}_engtype_${type})\\Utilization Percentage`;
const memory = (pid: number, luid: string) => `\\GPU Process Memory(pid_${pid}_luid_${luid}_phys_0)\\Dedicated Usage`;
const adapterMemory = (luid: string, phys = 0) => `\\GPU Adapter Memory(luid_${luid}_phys_${phys})\\Dedicated Usage`;

/** typeperf's output for one sample of the given counter paths and values. */
function csv(columns: [path: string, value: string][]): string {
  const header = [
    '"(PDH-CSV 4.0) (Coordinated Universal Time)(0)"',
    ...columns.map(([path]) => `"\\\\PC${path}"`),
  ].join(',');
  const row = ['"01/15/2025 20:41:05.837"', ...columns.map(([, value]) => `"${value}"`)].join(',');
  return `\r\n${header}\r\n${row}\r\n\r\nThe command completed successfully.\r\n`;
}

const noNames = new Map<number, string>();

describe('typeperfArgs', () => {
  it('asks for one sample, over one second, of every process’s engine use and dedicated memory and every adapter’s', () => {
    expect(typeperfArgs()).toEqual([
      '\\GPU Engine(*)\\Utilization Percentage',
      '\\GPU Process Memory(*)\\Dedicated Usage',
      '\\GPU Adapter Memory(*)\\Dedicated Usage',
      '-si',
      '1',
      '-sc',
      '1',
    ]);
  });
});

describe('parseTypeperfCsv on the constructed capture', () => {
  it('two adapters, a game, a compute job, the compositor on both and an unnamed video decoder', () => {
    const names = new Map([
      [4120, 'Cyberpunk2077.exe'],
      [7788, 'C:\\Python312\\python.exe'],
      [1312, 'dwm.exe'],
      [9001, 'notepad.exe'],
    ]);
    const sample = parseTypeperfCsv(readFileSync(CAPTURED, 'utf8'), names);
    expect(GpuSampleSchema.safeParse(sample).success).toBe(true);
    expect(sample).toEqual<GpuSample>({
      tool: 'windows-counters',
      // Adapter …D1C8: its 3D engine 62.5 + 0 + 4 + 0 = 66.5 beats Copy 3 and Compute_0 30.25.
      // Adapter …10E5A: 3D 1.5 + 0, VideoDecode 12.
      gpus: [gpu(0, A, 66.5), gpu(1, B, 12)],
      processes: [
        { pid: 4120, name: 'Cyberpunk2077.exe', gpu: 0, kind: 'graphics', memoryMiB: 6144, utilizationPct: 62.5 },
        { pid: 7788, name: 'python.exe', gpu: 0, kind: 'compute', memoryMiB: 2048, utilizationPct: 30.25 },
        // 3D on both adapters, 4 + 1.5; its GPU is the busier one.
        { pid: 1312, name: 'dwm.exe', gpu: 0, kind: 'graphics', memoryMiB: 256, utilizationPct: 5.5 },
        // Busy only on video decoding: listed, no share of 3D or compute, no kind, no name in the map.
        { pid: 6060, name: '', gpu: 1, kind: null, memoryMiB: 50, utilizationPct: 0 },
      ],
    });
  });
});

describe('parseTypeperfCsv on odd and hostile input', () => {
  it('marks a process busy on 3D and compute as both, its share the larger', () => {
    const text = csv([
      [engine(10, A, 0, '3D'), '10.0'],
      [engine(10, A, 8, 'Compute_0'), '20.0'],
      [engine(10, A, 9, 'Compute_1'), '5.0'],
    ]);
    expect(parseTypeperfCsv(text, noNames).processes).toEqual<GpuProcess[]>([
      { pid: 10, name: '', gpu: 0, kind: 'both', memoryMiB: null, utilizationPct: 25 },
    ]);
  });

  it('caps sums at 100 %', () => {
    const text = csv([
      [engine(1, A, 0, '3D'), '60'],
      [engine(2, A, 0, '3D'), '70'],
      [engine(1, A, 1, '3D'), '60'],
    ]);
    const sample = parseTypeperfCsv(text, noNames);
    expect(sample.gpus[0]!.utilizationPct).toBe(100);
    expect(sample.processes!.map((p) => [p.pid, p.utilizationPct])).toEqual([
      [1, 100],
      [2, 70],
    ]);
  });

  it('ignores blank, negative, NaN and glitched values, and reads a decimal comma', () => {
    const text = csv([
      [engine(1, A, 0, '3D'), ' '],
      [engine(2, A, 0, '3D'), '-1'],
      [engine(3, A, 0, '3D'), 'NaN'],
      [engine(4, A, 0, '3D'), '13000000000000.000000'],
      [engine(5, A, 0, '3D'), '12,5'],
      [memory(6, A), '-1048576'],
      [memory(7, A), '1e10'],
    ]);
    const sample = parseTypeperfCsv(text, noNames);
    expect(sample.gpus).toEqual([gpu(0, A, 12.5)]);
    expect(sample.processes!.map((p) => [p.pid, p.utilizationPct])).toEqual([[5, 12.5]]);
  });

  it('reads lower-case paths, instance suffixes like "#1", and counts a repeated instance once', () => {
    const text = csv([
      [engine(1, A.toLowerCase(), 0, '3d'), '10'],
      [engine(1, A, 0, '3D'), '10'],
      [`\\GPU Engine(pid_2_luid_${A}_phys_0_eng_0_engtype_3D#1)\\Utilization Percentage`, '5'],
      [`\\gpu process memory(pid_2_luid_${A}_phys_0#1)\\dedicated usage`, '1048576'],
    ]);
    expect(parseTypeperfCsv(text, noNames).processes).toEqual<GpuProcess[]>([
      { pid: 1, name: '', gpu: 0, kind: 'graphics', memoryMiB: null, utilizationPct: 10 },
      { pid: 2, name: '', gpu: 0, kind: 'graphics', memoryMiB: 1, utilizationPct: 5 },
    ]);
  });

  it('reads an adapter’s dedicated memory in use, summed over its parts, capped, and unknown where blank', () => {
    const text = csv([
      [engine(1, A, 0, '3D'), '10'],
      [adapterMemory(A), '9437184000.000000'],
      [adapterMemory(A, 1), '1048576'],
      [adapterMemory(A), '1'],
      [adapterMemory(B), ''],
      [adapterMemory('0x00000000_0x00020000'), '-5'],
    ]);
    const sample = parseTypeperfCsv(text, noNames);
    expect(GpuSampleSchema.safeParse(sample).success).toBe(true);
    // The repeated …D1C8 phys_0 column counts once; an adapter known only from its memory is listed, its use unknown.
    expect(sample.gpus).toEqual<GpuState[]>([
      { ...gpu(0, A, 10), memoryUsedMiB: 9001 },
      { ...gpu(1, B, null), memoryUsedMiB: null },
      { ...gpu(2, '0x00000000_0x00020000', null), memoryUsedMiB: null },
    ]);
    // Adapter memory alone is enough to read the text as GPU counters.
    expect(parseTypeperfCsv(csv([[adapterMemory(A), '1048576']]), noNames).gpus).toEqual([
      { ...gpu(0, A, null), memoryUsedMiB: 1 },
    ]);
  });

  it('keeps pid 0 out of the processes but in the adapter, and skips idle processes without memory', () => {
    const text = csv([
      [engine(0, A, 0, '3D'), '7'],
      [engine(5, A, 0, '3D'), '0'],
      [memory(5, A), '0'],
    ]);
    expect(parseTypeperfCsv(text, noNames)).toEqual<GpuSample>({
      tool: 'windows-counters',
      gpus: [gpu(0, A, 7)],
      processes: [],
    });
  });

  it('cleans names from the map and caps them', () => {
    const names = new Map([
      [1, '\u202egame\u0000.exe\u200f'],
      [2, `${'n'.repeat(5000)}.exe`],
      [3, 'C:/Games/Foo/bar.exe'],
    ]);
    const text = csv([1, 2, 3].map((pid) => [engine(pid, A, 0, '3D'), String(pid)]));
    expect(parseTypeperfCsv(text, names).processes!.map((p) => p.name)).toEqual([
      'bar.exe',
      'n'.repeat(MAX_NAME_CHARS),
      'game.exe',
    ]);
  });

  it('keeps the MAX_GPU_PROCESSES busiest processes and MAX_GPUS adapters', () => {
    const columns: [string, string][] = [];
    for (let pid = 1; pid <= MAX_GPU_PROCESSES + 20; pid++)
      columns.push([engine(pid, A, 0, '3D'), (pid / 1000).toFixed(6)]);
    for (let i = 0; i < MAX_GPUS + 4; i++)
      columns.push([engine(99_999, `0x00000000_0x${(0x100 + i).toString(16).padStart(8, '0')}`, 0, '3D'), '1']);
    const sample = parseTypeperfCsv(csv(columns), noNames);
    expect(sample.gpus).toHaveLength(MAX_GPUS);
    expect(sample.processes).toHaveLength(MAX_GPU_PROCESSES);
    expect(sample.processes![0]!.pid).toBe(99_999);
    expect(Math.min(...sample.processes!.filter((p) => p.pid !== 99_999).map((p) => p.pid))).toBe(22);
  });

  it('keeps columns aligned past a quoted quote in another counter’s path', () => {
    const text = csv([
      ['\\Odd""Object(x)\\Counter', '1'],
      [engine(1, A, 0, '3D'), '42'],
    ]);
    expect(parseTypeperfCsv(text, noNames).gpus).toEqual([gpu(0, A, 42)]);
  });

  it('says not_supported when no column is a GPU counter (another language, or other counters)', () => {
    expect(toolError(() => parseTypeperfCsv(csv([['\\Processor(_Total)\\% Processor Time', '5']]), noNames)).code).toBe(
      'not_supported',
    );
    const german = csv([
      ['\\GPU-Modul(pid_1_luid_0x00000000_0x0000D1C8_phys_0_eng_0_engtype_3D)\\Auslastung in Prozent', '5'],
    ]);
    expect(toolError(() => parseTypeperfCsv(german, noNames)).code).toBe('not_supported');
  });

  it('says unreadable for an error message, a header alone or nothing, and too_large for too much', () => {
    for (const text of [
      '',
      'Error: No valid counters.\r\n',
      csv([[engine(1, A, 0, '3D'), '1']])
        .split('\r\n')
        .slice(0, 2)
        .join('\r\n'),
    ]) {
      expect(toolError(() => parseTypeperfCsv(text, noNames)).code).toBe('unreadable');
    }
    expect(toolError(() => parseTypeperfCsv(' '.repeat(MAX_TYPEPERF_CHARS + 1), noNames)).code).toBe('too_large');
  });
});
