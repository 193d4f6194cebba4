/**
 * The owner watcher's real thread on Windows without nvidia-smi: it reads the GPU counters with a fake `typeperf`
 * (typeperf's CSV, one sample per look) and names their pids with a fake `tasklist`, both driven by $FAKE_GPU_STATE.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { parseTypeperfCsv, typeperfArgs } from '@engine/owner/gpu/windows-counters';
import { OwnerThread } from '@engine/owner/owner-thread';
import { ownerGpuProgram } from '@engine/owner/owner-triggers';
import { OwnerReplySchema, type OwnerLookMessage, type OwnerToolPaths } from '@engine/owner/owner-wire';
import { tempDir } from '../../support/tmp';

const FAKE_TYPEPERF = resolve('tests/support/gpu-tools/typeperf');
const FAKE_TASKLIST = resolve('tests/support/gpu-tools/tasklist');
const LOOK_MS = 150;

const gpu = {
  name: 'NVIDIA GeForce RTX 4070',
  utilizationPct: null,
  memoryUsedMiB: 9_000,
  memoryTotalMiB: null,
  powerW: null,
  powerLimitW: null,
  temperatureC: null,
};
const desktop = { pid: 1312, name: 'dwm.exe', gpu: 0, kind: 'graphics', memoryMiB: 256, utilizationPct: 4 };
const ollama = {
  pid: 4242,
  name: 'C:\\Users\\me\\AppData\\Local\\Programs\\Ollama\\ollama.exe',
  gpu: 0,
  kind: 'compute',
  memoryMiB: 8_200,
  utilizationPct: 30,
};
const game = {
  pid: 7777,
  name: 'C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe',
  gpu: 0,
  kind: 'graphics',
  memoryMiB: 6_144,
  utilizationPct: 62.5,
};

let dir: { dir: string; cleanup(): void };
let statePath: string;
const threads: OwnerThread[] = [];

function state(s: object): void {
  // The fakes read the file once per run; a short wait stands in for typeperf's one-second sample.
  writeFileSync(statePath, JSON.stringify({ gpus: [gpu], sampleDelayMs: 20, ...s }));
}

/** Starts the real thread on the fakes, as Windows; resolves each look as the node receives it (checked). */
function startThread(
  tools: Partial<OwnerToolPaths>,
  platform: NodeJS.Platform = 'win32',
  programs: string[] = [],
): OwnerLookMessage[] {
  const looks: OwnerLookMessage[] = [];
  const thread = new OwnerThread(
    {
      intervalMs: LOOK_MS,
      tools: {
        nvidiaSmi: null,
        rocmSmi: null,
        ioreg: null,
        xprop: null,
        typeperf: FAKE_TYPEPERF,
        tasklist: FAKE_TASKLIST,
        ...tools,
      },
      raplRoot: null,
      procRoot: '/proc',
      platform,
      display: null,
    },
    { look: (m) => looks.push(m), off: () => undefined },
  );
  threads.push(thread);
  thread.start();
  thread.configure(programs, false);
  return looks;
}

async function until<T>(what: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(() => {
  dir = tempDir('iicp-typeperf-');
  statePath = join(dir.dir, 'gpu.json');
  // The thread passes its environment on to the tools it runs.
  process.env.FAKE_GPU_STATE = statePath;
});

afterEach(() => {
  for (const t of threads.splice(0)) t.stop();
});

afterAll(() => {
  delete process.env.FAKE_GPU_STATE;
  dir?.cleanup();
});

describe('the fake typeperf', () => {
  it('prints the CSV typeperf prints, which the parser reads back to the state', async () => {
    state({ processes: [desktop, game] });
    const child = spawn(FAKE_TYPEPERF, typeperfArgs(), {
      env: { ...process.env, FAKE_GPU_STATE: statePath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toMatch(
      /^\r\n"\(PDH-CSV 4\.0\) \([^)]*\)\(-?\d+\)","\\\\FAKE-PC\\GPU Engine\(pid_1312_luid_0x00000000_0x0000D1C8_phys_0_eng_0_engtype_3D\)\\Utilization Percentage",/,
    );
    expect(out).toMatch(/\r\n"\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d\.\d{3}","4\.000000",/);
    expect(out.endsWith('\r\n\r\nThe command completed successfully.\r\n')).toBe(true);
    const sample = parseTypeperfCsv(out, new Map([[7777, 'Cyberpunk2077.exe']]));
    expect(sample.gpus).toEqual([expect.objectContaining({ index: 0, utilizationPct: 66.5, memoryUsedMiB: 9_000 })]);
    expect(sample.processes).toEqual([
      { pid: 7777, name: 'Cyberpunk2077.exe', gpu: 0, kind: 'graphics', memoryMiB: 6_144, utilizationPct: 62.5 },
      { pid: 1312, name: '', gpu: 0, kind: 'graphics', memoryMiB: 256, utilizationPct: 4 },
    ]);
  });
});

describe('the owner thread on Windows without nvidia-smi', () => {
  it('reads the GPU counters through typeperf and names the processes from tasklist', async () => {
    state({ processes: [desktop, ollama, game] });
    const looks = startThread({});
    const look = await until(() => looks.find((m) => m.gpu !== null));
    // The node checked it: the message passed its schema.
    expect(OwnerReplySchema.safeParse(look).success).toBe(true);
    expect(look.tools).toEqual([{ tool: 'typeperf', state: 'ok', reason: null }]);
    expect(look.gpu).toEqual({
      tool: 'windows-counters',
      // 3D: 62.5 + 4; Compute_0: 30.
      gpus: [
        {
          index: 0,
          name: 'GPU luid 0x00000000_0x0000d1c8',
          utilizationPct: 66.5,
          memoryUsedMiB: 9_000,
          memoryTotalMiB: null,
          powerW: null,
          powerLimitW: null,
          temperatureC: null,
        },
      ],
      processes: [
        { pid: 7777, name: 'Cyberpunk2077.exe', gpu: 0, kind: 'graphics', memoryMiB: 6_144, utilizationPct: 62.5 },
        { pid: 4242, name: 'ollama.exe', gpu: 0, kind: 'compute', memoryMiB: 8_200, utilizationPct: 30 },
        { pid: 1312, name: 'dwm.exe', gpu: 0, kind: 'graphics', memoryMiB: 256, utilizationPct: 4 },
      ],
    });
    // The game is the owner's; the LLM server and the desktop are not.
    expect(ownerGpuProgram(look.gpu!)).toBe('Cyberpunk2077.exe');
    // Programs were not asked for: the list that named the pids is not sent.
    expect(look.programs).toBeNull();
  });

  it('shares one tasklist run between the names and the programs condition', async () => {
    const log = join(dir.dir, 'tasklist-runs.log');
    state({ processes: [desktop, game], tasklistLog: log });
    const looks = startThread({}, 'win32', ['Cyberpunk2077.exe', 'notepad.exe']);
    const look = await until(() => looks.find((m) => m.gpu !== null && m.programs !== null));
    await until(() => (looks.length >= 4 ? true : undefined));
    threads.pop()!.stop();
    const seen = looks.length;
    await new Promise((r) => setTimeout(r, 300));
    // One run per look, not one for each use. A look under way at the stop, and one whose message was still on its
    // way, ran tasklist without being counted here.
    const runs = readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
    expect(runs).toBeGreaterThanOrEqual(seen);
    expect(runs).toBeLessThanOrEqual(seen + 2);
    // Only the picked programs that run come back to the node.
    expect(look.programs).toEqual([{ pid: 7777, name: 'Cyberpunk2077.exe' }]);
    expect(look.gpu!.processes!.map((p) => p.name)).toEqual(['Cyberpunk2077.exe', 'dwm.exe']);
  });

  it('lists no processes (unknown) when tasklist fails, never nameless ones our own server could hide among', async () => {
    state({ processes: [desktop, ollama, game], tasklistFailure: 'error' });
    const looks = startThread({});
    const look = await until(() => looks.find((m) => m.gpu !== null));
    expect(look.gpu).toMatchObject({ tool: 'windows-counters', gpus: [{ utilizationPct: 66.5 }], processes: null });
    expect(look.tools).toEqual([{ tool: 'typeperf', state: 'ok', reason: null }]);
  });

  it('switches typeperf off after 5 failures in a row, and says why in plain words', async () => {
    state({ processes: [game], failure: 'no-counters' });
    const looks = startThread({});
    await until(() => (looks.length >= 6 ? true : undefined));
    // Each look ran typeperf once: four failures are tolerated, the fifth switches it off, and it stays off.
    expect(looks.slice(0, 4).map((m) => m.tools)).toEqual(
      Array(4).fill([{ tool: 'typeperf', state: 'ok', reason: null }]),
    );
    for (const m of looks.slice(4)) {
      expect(m.tools).toEqual([
        {
          tool: 'typeperf',
          state: 'off',
          reason:
            'typeperf failed 5 times in a row (typeperf printed no CSV header); GPU watching is off until the app restarts.',
        },
      ]);
    }
    expect(looks.every((m) => m.gpu === null)).toBe(true);
  });

  it('counts text that is not typeperf’s CSV as a failure too', async () => {
    state({ processes: [game], failure: 'garbage' });
    const looks = startThread({});
    await until(() => looks.find((m) => m.tools[0]?.state === 'off'));
    expect(looks.findIndex((m) => m.tools[0]?.state === 'off')).toBe(4);
    expect(looks.find((m) => m.tools[0]?.state === 'off')!.tools[0]!.reason).toMatch(
      /^typeperf failed 5 times in a row \(typeperf printed no CSV header\)/,
    );
  });

  it('uses typeperf only on Windows, and nvidia-smi first where there is one', async () => {
    state({ processes: [game] });
    const linux = startThread({}, 'linux');
    await until(() => (linux.length >= 2 ? true : undefined));
    expect(linux.every((m) => m.gpu === null && m.tools.length === 0)).toBe(true);
    const nvidia = startThread({ nvidiaSmi: resolve('tests/support/gpu-tools/nvidia-smi') });
    const look = await until(() => nvidia.find((m) => m.gpu !== null));
    expect(look.gpu!.tool).toBe('nvidia-smi');
    expect(look.tools.map((t) => t.tool)).toEqual(['nvidia-smi']);
  });
});
