import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_GPU_PROCESSES,
  MAX_GPUS,
  MAX_NAME_CHARS,
  type GpuProcess,
  type GpuSample,
  type GpuState,
} from '@engine/owner/gpu/gpu-sample';
import { MAX_ROCM_JSON_CHARS, parseRocmSmiJson, rocmSmiArgs } from '@engine/owner/gpu/rocm-smi';
import { GpuSampleSchema } from '@engine/owner/owner-wire';
import { isLlmServerProcess } from '@engine/owner/programs/llm-server-processes';
import { ToolRunError, runTool } from '@engine/owner/tool-runner';
import { cleanupAfterEach } from '../../../support/cleanup';
import { capturedDir, capturedText, toolError } from '../../../support/gpu-tools/captured';
import { rocmDeep } from '../../../support/hostile-text';

const CAPTURED = capturedDir('rocm-smi');
const FAKE = resolve('tests/support/gpu-tools/rocm-smi');
const MIB = 1024 * 1024;
const cleanup = cleanupAfterEach();

const captured = (name: string) => capturedText('rocm-smi', name);
const parseCaptured = (name: string) => parseRocmSmiJson(captured(name));

function gpu(index: number, name: string, rest: Omit<GpuState, 'index' | 'name'>): GpuState {
  return { index, name, ...rest };
}

/** rocm-smi's one-line JSON for the given cards (and system object). */
const oneLine = (data: Record<string, Record<string, unknown>>) => JSON.stringify(data);

describe('rocmSmiArgs', () => {
  it('asks once for use, VRAM, power, power cap, temperature, product name and compute processes, as JSON', () => {
    expect(rocmSmiArgs()).toEqual([
      '--showuse',
      '--showmeminfo',
      'vram',
      '--showpower',
      '--showmaxpower',
      '--showtemp',
      '--showproductname',
      '--showpids',
      '--json',
    ]);
  });
});

describe('parseRocmSmiJson on captured outputs', () => {
  it('ROCm 4.3.0, RX 6700 XT: the vendor id as series and model names nothing, so a plain name', () => {
    expect(parseCaptured('rx6700xt-rocm-4.3.0.json')).toEqual<GpuSample>({
      tool: 'rocm-smi',
      gpus: [
        gpu(0, 'AMD GPU', {
          utilizationPct: 0,
          memoryUsedMiB: 1622728704 / MIB,
          memoryTotalMiB: 12272,
          powerW: 6,
          powerLimitW: 211,
          temperatureC: 45,
        }),
      ],
      processes: [],
    });
  });

  it('ROCm 5.7.1, six MI100s, pretty-printed after an empty line, with one KFD process', () => {
    const sample = parseCaptured('mi100-rocm-5.7.1-pids.json');
    const mi100 = (index: number, powerW: number, temperatureC: number) =>
      gpu(index, 'Arcturus GL-XL [Instinct MI100]', {
        utilizationPct: 0,
        memoryUsedMiB: 6782976 / MIB,
        memoryTotalMiB: 32752,
        powerW,
        powerLimitW: 290,
        temperatureC,
      });
    expect(sample.gpus).toEqual([
      mi100(0, 39, 31),
      mi100(1, 37, 30),
      mi100(2, 35, 31),
      mi100(3, 39, 33),
      mi100(4, 39, 32),
      mi100(5, 40, 33),
    ]);
    // "PID104225": "mlir-cpu-runner, 0, 0, 0, 0": on no GPU yet, no VRAM; which GPU the tool never says.
    expect(sample.processes).toEqual<GpuProcess[]>([
      { pid: 104225, name: 'mlir-cpu-runner', gpu: null, kind: 'compute', memoryMiB: 0, utilizationPct: null },
    ]);
  });

  it('ROCm 6.0.2, four MI100s: still the 5.x keys, no process', () => {
    const sample = parseCaptured('mi100-rocm-6.0.2.json');
    expect(sample.gpus.map((g) => [g.index, g.powerW, g.temperatureC])).toEqual([
      [0, 36, 53],
      [1, 44, 55],
      [2, 43, 54],
      [3, 39, 51],
    ]);
    expect(sample.gpus[0]).toEqual(
      gpu(0, 'Arcturus GL-XL [Instinct MI100]', {
        utilizationPct: 0,
        memoryUsedMiB: 6750208 / MIB,
        memoryTotalMiB: 32752,
        powerW: 36,
        powerLimitW: 290,
        temperatureC: 53,
      }),
    );
    expect(sample.processes).toEqual([]);
  });

  it('ROCm 6.1.2, RX 6700 XT: the capitalised "Card Series" with a PCI id as "Card Model"', () => {
    expect(parseCaptured('rx6700xt-rocm-6.1.2.json').gpus).toEqual([
      gpu(0, 'Navi 22 [Radeon RX 6700/6700 XT / 6800M]', {
        utilizationPct: 0,
        memoryUsedMiB: 1572745216 / MIB,
        memoryTotalMiB: 12272,
        powerW: 6,
        powerLimitW: 211,
        temperatureC: 45,
      }),
    ]);
  });

  it('ROCm 6.1 or later, Radeon 680M APU: "Current Socket" power, no cap, one line', () => {
    expect(parseCaptured('rembrandt-680m-rocm-6.1-or-later.json')).toEqual<GpuSample>({
      tool: 'rocm-smi',
      gpus: [
        gpu(0, 'Rembrandt [Radeon 680M]', {
          utilizationPct: 0,
          memoryUsedMiB: 445550592 / MIB,
          memoryTotalMiB: 512,
          powerW: 28.159,
          powerLimitW: null,
          temperatureC: 49,
        }),
      ],
      processes: [],
    });
  });

  it('gives samples the node accepts, for every capture', () => {
    for (const name of readdirSync(CAPTURED).filter((f) => f.endsWith('.json'))) {
      expect(GpuSampleSchema.safeParse(parseCaptured(name)).success, name).toBe(true);
    }
  });

  it('finds the JSON after warning lines printed on stdout before it', () => {
    const json = captured('rembrandt-680m-rocm-6.1-or-later.json');
    const warned = `WARNING: AMD GPU device(s) is/are in a low-power state. Check power control/runtime_status\n{not json either\n${json}`;
    expect(parseRocmSmiJson(warned)).toEqual(parseRocmSmiJson(json));
  });
});

describe('parseRocmSmiJson on odd and hostile input', () => {
  it('says unreadable for no output (the driver not loaded), text, broken JSON and JSON that is not an object', () => {
    for (const text of [
      '',
      '\n',
      'ERROR:root:Driver not initialized',
      '{"card0": {"GPU use (%)": "1"',
      '[1, 2]',
      'null',
      '{"card0": }',
    ]) {
      expect(toolError(() => parseRocmSmiJson(text)).code).toBe('unreadable');
    }
  });

  it('refuses more than MAX_ROCM_JSON_CHARS at once, without reading it', () => {
    const huge = `{"card0": {"Card Series": "${'x'.repeat(MAX_ROCM_JSON_CHARS)}"}}`;
    expect(toolError(() => parseRocmSmiJson(huge)).code).toBe('too_large');
    // Broken JSON of that size is "too large" too, not "unreadable": the size was judged before any parsing.
    expect(toolError(() => parseRocmSmiJson(`${huge.slice(0, -2)}`)).code).toBe('too_large');
    expect(toolError(() => parseRocmSmiJson(`${huge.slice(0, MAX_ROCM_JSON_CHARS)}`)).code).toBe('unreadable');
  });

  it('refuses JSON nested deeper than rocm-smi prints, closed or not, before parsing it', () => {
    // JSON.parse's time grows with the square of the nesting; how long the reader takes is measured by the parsers
    // bench.
    const e = toolError(() => parseRocmSmiJson(rocmDeep(400_000, true)));
    expect([e.code, e.message]).toEqual(['unreadable', 'rocm-smi printed JSON nested deeper than it ever does']);
    expect(toolError(() => parseRocmSmiJson(rocmDeep(400_000, false))).code).toBe('unreadable');
    const wide = `{"card0": {${Array.from({ length: 60_000 }, (_, i) => `"k${i}": 1`).join(', ')}}}`;
    expect(toolError(() => parseRocmSmiJson(wide)).message).toBe(
      'rocm-smi printed JSON with more values than it ever does',
    );
    // Eight levels is still read.
    expect(
      parseRocmSmiJson(`{"card0": {"GPU use (%)": "7", "x": ${'['.repeat(6)}${']'.repeat(6)}}}`).gpus[0]!
        .utilizationPct,
    ).toBe(7);
  });

  it('reads NaN, negative, out-of-range, "N/A", "None" and non-string values as unknown', () => {
    const sample = parseRocmSmiJson(
      oneLine({
        card0: {
          'GPU use (%)': '101',
          'VRAM Total Memory (B)': 'None',
          'VRAM Total Used Memory (B)': '-5',
          'Average Graphics Package Power (W)': 'N/A (Secondary die)',
          'Max Graphics Package Power (W)': 'NaN',
          'Temperature (Sensor edge) (C)': 'N/A',
          'Temperature (Sensor junction) (C)': '1e3',
          'Card Series': { nested: 'object' },
        },
        card1: {
          'GPU use (%)': 'Infinity',
          'Current Socket Graphics Package Power (W)': '  12.5  ',
          'Temperature (Sensor junction) (C)': '88.0',
          'Card series': 'N/A',
        },
      }),
    );
    expect(sample.gpus).toEqual([
      gpu(0, 'AMD GPU', {
        utilizationPct: null,
        memoryUsedMiB: null,
        memoryTotalMiB: null,
        powerW: null,
        powerLimitW: null,
        temperatureC: null,
      }),
      // The junction sensor stands in when the edge one is missing.
      gpu(1, 'AMD GPU', {
        utilizationPct: null,
        memoryUsedMiB: null,
        memoryTotalMiB: null,
        powerW: 12.5,
        powerLimitW: null,
        temperatureC: 88,
      }),
    ]);
  });

  it('strips control and bidi characters from names and caps their length', () => {
    const sample = parseRocmSmiJson(
      oneLine({
        card0: { 'Card Series': '\u202eRadeon\u0000 RX\u200b 7900\u001b[31m XTX\u2066' },
        card1: { 'Card Series': 'R'.repeat(5000) },
        system: { PID4242: `\u202egame\u0007, 1, ${512 * MIB}, 0, 0`, PID4343: `${'p'.repeat(5000)}, 0, 0, 0, 0` },
      }),
    );
    expect(sample.gpus[0]!.name).toBe('Radeon RX 7900[31m XTX');
    expect(sample.gpus[1]!.name).toBe('R'.repeat(MAX_NAME_CHARS));
    expect(sample.processes!.map((p) => p.name)).toEqual(['game', 'p'.repeat(MAX_NAME_CHARS)]);
  });

  it('cuts names by UTF-16 length, as the node checks them, without splitting a character', () => {
    const sample = parseRocmSmiJson(
      oneLine({
        card0: { 'Card Series': `A${'\u{1F525}'.repeat(200)}` },
        system: { PID9: `${'\u{1F525}'.repeat(200)}, 1, 0, 0, 0` },
      }),
    );
    expect(sample.gpus[0]!.name).toBe(`A${'\u{1F525}'.repeat((MAX_NAME_CHARS - 2) / 2)}`);
    expect(sample.processes![0]!.name).toBe('\u{1F525}'.repeat(MAX_NAME_CHARS / 2));
    expect(GpuSampleSchema.safeParse(sample).success).toBe(true);
  });

  it('orders cards by their index, keeps MAX_GPUS of them and ignores keys that are not cards', () => {
    const cards: Record<string, Record<string, unknown>> = {
      card10: { 'GPU use (%)': '10' },
      card2: { 'GPU use (%)': '2' },
      card99999: {},
      'card-1': {},
      cardX: {},
      system: {},
    };
    for (let i = 20; i < 40; i++) cards[`card${i}`] = { 'GPU use (%)': String(i) };
    const gpus = parseRocmSmiJson(oneLine(cards)).gpus;
    expect(gpus).toHaveLength(MAX_GPUS);
    expect(gpus.slice(0, 3).map((g) => [g.index, g.utilizationPct])).toEqual([
      [2, 2],
      [10, 10],
      [20, 20],
    ]);
    expect(parseRocmSmiJson('{"card0": "not an object", "card1": [1]}').gpus).toEqual([]);
  });

  it('takes the last of duplicated keys, as JSON does, and never lists a card twice', () => {
    const sample = parseRocmSmiJson(
      '{"card0": {"GPU use (%)": "10", "GPU use (%)": "20"}, "card0": {"GPU use (%)": "30"}, "system": {"PID7": "a, 1, 0, 0, 0", "PID7": "b, 1, 0, 0, 0"}}',
    );
    expect(sample.gpus.map((g) => g.utilizationPct)).toEqual([30]);
    expect(sample.processes!.map((p) => [p.pid, p.name])).toEqual([[7, 'b']]);
  });

  it('reads process rows: names with spaces, folders, the one GPU there is, and skips malformed rows', () => {
    const sample = parseRocmSmiJson(
      oneLine({
        card0: { 'GPU use (%)': '5' },
        system: {
          'Driver version': '6.3.6',
          PID100: `web, content, 1, ${2048 * MIB}, 0, unknown`,
          PID101: '/usr/bin/python3, 1, unknown, unknown, unknown',
          PID102: 'unknown, 0, 0, 0, 0',
          PID0: 'idle, 1, 0, 0, 0',
          PID103: 'too, few',
          PID104: 42,
          PID99999999999: 'x, 1, 0, 0, 0',
        },
      }),
    );
    expect(sample.processes).toEqual<GpuProcess[]>([
      { pid: 100, name: 'web content', gpu: 0, kind: 'compute', memoryMiB: 2048, utilizationPct: null },
      { pid: 101, name: 'python3', gpu: 0, kind: 'compute', memoryMiB: null, utilizationPct: null },
      { pid: 102, name: '', gpu: null, kind: 'compute', memoryMiB: 0, utilizationPct: null },
    ]);
  });

  it('keeps at most MAX_GPU_PROCESSES processes', () => {
    const system: Record<string, string> = {};
    for (let pid = 1; pid <= MAX_GPU_PROCESSES + 50; pid++) system[`PID${pid}`] = 'worker, 1, 0, 0, 0';
    expect(parseRocmSmiJson(oneLine({ card0: {}, system })).processes).toHaveLength(MAX_GPU_PROCESSES);
  });
});

describe('the fake rocm-smi', () => {
  function stateFile(state: unknown): string {
    const dir = mkdtempSync(join(tmpdir(), 'iicp-rocm-smi-'));
    cleanup.defer(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'state.json');
    writeFileSync(path, JSON.stringify(state));
    return path;
  }

  function runFake(
    statePath: string,
    args: string[],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [FAKE, ...args], {
        env: { ...process.env, FAKE_GPU_STATE: statePath },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    });
  }

  const gpus = [
    {
      name: 'Radeon RX 7900 XTX',
      utilizationPct: 37,
      memoryUsedMiB: 2048,
      memoryTotalMiB: 24560,
      powerW: 212.5,
      powerLimitW: 327,
      temperatureC: 61,
    },
  ];

  it('prints one line of JSON that parses back to the state', async () => {
    const processes: GpuProcess[] = [
      { pid: 4242, name: 'python3', gpu: 0, kind: 'compute', memoryMiB: 1024, utilizationPct: null },
    ];
    const run = await runFake(stateFile({ gpus, processes, failure: null }), rocmSmiArgs());
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(parseRocmSmiJson(run.stdout)).toEqual<GpuSample>({
      tool: 'rocm-smi',
      gpus: gpus.map((g, index) => ({ index, ...g })),
      processes,
    });
  });

  it('names a process as `ps -o comm=` does, which Linux cuts to 15 characters, and lists no program that draws', async () => {
    const processes = [
      {
        pid: 4242,
        name: '/tmp/ollama1680167563/runners/rocm_v6/ollama_llama_server',
        gpu: 0,
        kind: 'compute',
        memoryMiB: 8_200,
        utilizationPct: null,
      },
      {
        pid: 7777,
        name: 'C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe',
        gpu: 0,
        kind: 'graphics',
        memoryMiB: 9_500,
        utilizationPct: null,
      },
    ];
    const run = await runFake(stateFile({ gpus, processes, failure: null }), rocmSmiArgs());
    const sample = parseRocmSmiJson(run.stdout);
    expect(sample.processes).toEqual<GpuProcess[]>([
      { pid: 4242, name: 'ollama_llama_se', gpu: 0, kind: 'compute', memoryMiB: 8_200, utilizationPct: null },
    ]);
    // The node still knows it for the LLM server's runner.
    expect(isLlmServerProcess(sample.processes![0]!.name)).toBe(true);
  });

  it('leaves out what is null, as the tool does, and escapes non-ASCII like Python', async () => {
    const state = {
      gpus: [
        { ...gpus[0], name: 'Radeon Pro W7900 “Dual”' },
        {
          name: 'AMD Radeon Graphics',
          utilizationPct: null,
          memoryUsedMiB: 512,
          memoryTotalMiB: null,
          powerW: null,
          powerLimitW: null,
          temperatureC: null,
        },
      ],
      processes: [],
    };
    const run = await runFake(stateFile(state), rocmSmiArgs());
    expect(run.stdout).toContain('"Card Series": "Radeon Pro W7900 \\u201cDual\\u201d"');
    expect(run.stdout).toContain(
      '"card1": {"VRAM Total Used Memory (B)": "536870912", "Card Series": "AMD Radeon Graphics"',
    );
    expect(parseRocmSmiJson(run.stdout).gpus.map((g) => g.name)).toEqual([
      'Radeon Pro W7900 “Dual”',
      'AMD Radeon Graphics',
    ]);
    expect(parseRocmSmiJson(run.stdout).gpus[1]).toEqual(
      gpu(1, 'AMD Radeon Graphics', {
        utilizationPct: null,
        memoryUsedMiB: 512,
        memoryTotalMiB: null,
        powerW: null,
        powerLimitW: null,
        temperatureC: null,
      }),
    );
  });

  it('fails like rocm-smi without the amdgpu driver: its message on stderr, nothing on stdout, exit code 0', async () => {
    const run = await runFake(stateFile({ gpus, processes: [], failure: 'driver' }), rocmSmiArgs());
    expect(run).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'cat: /sys/module/amdgpu/initstate: No such file or directory\nERROR:root:Driver not initialized (amdgpu not found in modules)\n',
    });
    expect(toolError(() => parseRocmSmiJson(run.stdout)).code).toBe('unreadable');
  });

  it('prints text that is not JSON for "garbage", and rejects flags the tool does not have', async () => {
    const garbage = await runFake(stateFile({ gpus, processes: [], failure: 'garbage' }), rocmSmiArgs());
    expect(toolError(() => parseRocmSmiJson(garbage.stdout)).code).toBe('unreadable');
    const bad = await runFake(stateFile({ gpus, processes: [] }), ['--showfoo', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unrecognized arguments: --showfoo');
  });

  it('never answers for "hang", so the runner gives up on it', async () => {
    const statePath = stateFile({ gpus, processes: [], failure: 'hang' });
    const env = { ...process.env, FAKE_GPU_STATE: statePath };
    const failure = await runTool(process.execPath, [FAKE, ...rocmSmiArgs()], {
      timeoutMs: 300,
      maxBytes: 1024,
      env,
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ToolRunError);
    expect((failure as ToolRunError).code).toBe('timeout');
  });
});
