import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_GPU_PROCESSES,
  MAX_GPUS,
  MAX_NAME_CHARS,
  type GpuSample,
  type GpuState,
} from '@engine/owner/gpu/gpu-sample';
import {
  MAX_NVIDIA_DOC_CHARS,
  NvidiaXmlSplitter,
  nvidiaSmiArgs,
  parseNvidiaSmiXml,
  programName,
} from '@engine/owner/gpu/nvidia-smi';
import { cleanupAfterEach } from '../../../support/cleanup';
import { eventually } from '../../../support/eventually';
import { capturedText, toolError } from '../../../support/gpu-tools/captured';
// doc: a small document in the 5xx shape, with the given text spliced into the first GPU.
import { nvidiaDeep, nvidiaDoc as doc, nvidiaLongName } from '../../../support/hostile-text';

const FAKE = resolve('tests/support/gpu-tools/nvidia-smi');
const cleanup = cleanupAfterEach();

const captured = (name: string) => capturedText('nvidia-smi', name);
const parseCaptured = (name: string) => parseNvidiaSmiXml(captured(name));

function gpu(index: number, name: string, rest: Omit<GpuState, 'index' | 'name'>): GpuState {
  return { index, name, ...rest };
}

describe('nvidiaSmiArgs', () => {
  it('asks for the full XML query in a millisecond loop, without -d (which does not apply to -x)', () => {
    expect(nvidiaSmiArgs(1500)).toEqual(['-q', '-x', '-lms', '1500']);
    expect(nvidiaSmiArgs(1)).toEqual(['-q', '-x', '-lms', '50']);
    expect(nvidiaSmiArgs(Number.NaN)).toEqual(['-q', '-x', '-lms', '1500']);
    expect(nvidiaSmiArgs(10 * 60_000)).toEqual(['-q', '-x', '-lms', '60000']);
  });
});

describe('parseNvidiaSmiXml on captured outputs', () => {
  it('418.43, Quadro P400: old <power_readings> all N/A, an empty process list', () => {
    expect(parseCaptured('quadro-p400-418.43-power-na.xml')).toEqual<GpuSample>({
      tool: 'nvidia-smi',
      gpus: [
        gpu(0, 'Quadro P400', {
          utilizationPct: 0,
          memoryUsedMiB: 0,
          memoryTotalMiB: 1998,
          powerW: null,
          powerLimitW: null,
          temperatureC: 33,
        }),
      ],
      processes: [],
    });
  });

  it('515.105.01, Tesla T4: <power_readings> with enforced limit, a graphics and a compute process', () => {
    expect(parseCaptured('tesla-t4-515.105.01-graphics-and-compute.xml')).toEqual<GpuSample>({
      tool: 'nvidia-smi',
      gpus: [
        gpu(0, 'Tesla T4', {
          utilizationPct: 0,
          memoryUsedMiB: 1032,
          memoryTotalMiB: 15360,
          powerW: 26.78,
          powerLimitW: 70,
          temperatureC: 40,
        }),
      ],
      processes: [
        { pid: 675, name: 'Xorg', gpu: 0, kind: 'graphics', memoryMiB: 22, utilizationPct: null },
        { pid: 5762, name: 'python', gpu: 0, kind: 'compute', memoryMiB: 1005, utilizationPct: null },
      ],
    });
  });

  it('516.59, Windows: full paths with spaces, C+G, empty names and N/A memory', () => {
    const sample = parseCaptured('rtx-2080-516.59-windows.xml');
    expect(sample.gpus).toEqual([
      gpu(0, 'NVIDIA GeForce RTX 2080', {
        utilizationPct: 2,
        memoryUsedMiB: 862,
        memoryTotalMiB: 8192,
        powerW: 14.5,
        powerLimitW: 275,
        temperatureC: 29,
      }),
    ]);
    const processes = sample.processes!;
    expect(processes).toHaveLength(26);
    expect(processes.every((p) => p.kind === 'both' && p.memoryMiB === null && p.gpu === 0)).toBe(true);
    const byPid = new Map(processes.map((p) => [p.pid, p.name]));
    expect(byPid.get(7724)).toBe('PhoneExperienceHost.exe');
    expect(byPid.get(10808)).toBe('');
    expect(byPid.get(14296)).toBe('explorer.exe');
    expect(byPid.get(21036)).toBe('CefSharp.BrowserSubprocess.exe');
    expect(byPid.get(21472)).toBe('chrome.exe');
    expect(byPid.get(30212)).toBe('msedgewebview2.exe');
  });

  it('535.54.03, A100 in MIG mode: <gpu_power_readings><power_draw>, N/A utilization, MIG memory not mistaken for the GPU', () => {
    expect(parseCaptured('a100-sxm4-535.54.03-mig.xml')).toEqual<GpuSample>({
      tool: 'nvidia-smi',
      gpus: [
        gpu(0, 'NVIDIA A100-SXM4-80GB', {
          utilizationPct: null,
          memoryUsedMiB: 50,
          memoryTotalMiB: 81920,
          powerW: 67.03,
          powerLimitW: 500,
          temperatureC: 27,
        }),
      ],
      processes: [],
    });
  });

  it('536.40: Chromium and Electron names that carry their whole command line', () => {
    const sample = parseCaptured('rtx-3080-536.40-chromium-command-lines.xml');
    expect(sample.gpus).toEqual([
      gpu(0, 'NVIDIA GeForce RTX 3080', {
        utilizationPct: 0,
        memoryUsedMiB: 1128,
        memoryTotalMiB: 10240,
        powerW: 22.78,
        powerLimitW: 336,
        temperatureC: 31,
      }),
    ]);
    expect(sample.processes!.map((p) => [p.pid, p.name, p.kind, p.memoryMiB])).toEqual([
      [835, 'Xorg', 'graphics', 550],
      [1481, 'gnome-shell', 'graphics', 18],
      [2214, 'msedge', 'graphics', 79],
      [4044, 'firefox', 'graphics', 541],
      [42416, 'code', 'graphics', 159],
    ]);
  });

  it('590.44.01, two RTX A5000: index is the order printed (minor numbers are swapped), one process on both', () => {
    expect(parseCaptured('dual-rtx-a5000-590.44.01-llama-server.xml')).toEqual<GpuSample>({
      tool: 'nvidia-smi',
      gpus: [
        gpu(0, 'NVIDIA RTX A5000', {
          utilizationPct: 0,
          memoryUsedMiB: 22437,
          memoryTotalMiB: 24564,
          powerW: 6.52,
          powerLimitW: 230,
          temperatureC: 13,
        }),
        gpu(1, 'NVIDIA RTX A5000', {
          utilizationPct: 0,
          memoryUsedMiB: 17253,
          memoryTotalMiB: 24564,
          powerW: 13.59,
          powerLimitW: 230,
          temperatureC: 15,
        }),
      ],
      processes: [
        { pid: 100477, name: 'llama-server', gpu: 0, kind: 'compute', memoryMiB: 22430, utilizationPct: null },
        { pid: 100477, name: 'llama-server', gpu: 1, kind: 'compute', memoryMiB: 17246, utilizationPct: null },
      ],
    });
  });

  it('595.58.03 (schema v13): instant draw preferred to the average, "deprecated" texts ignored', () => {
    expect(parseCaptured('rtx-3080-595.58.03-v13-busy.xml')).toEqual<GpuSample>({
      tool: 'nvidia-smi',
      gpus: [
        gpu(0, 'NVIDIA GeForce RTX 3080', {
          utilizationPct: 65,
          memoryUsedMiB: 9184,
          memoryTotalMiB: 10240,
          powerW: 142.33,
          powerLimitW: 320,
          temperatureC: 27,
        }),
      ],
      processes: [],
    });
  });

  it('595.84 (schema v13): graphics, compute and C+G processes', () => {
    const sample = parseCaptured('rtx-4000-sff-ada-595.84-v13-c-g-both.xml');
    expect(sample.gpus).toEqual([
      gpu(0, 'NVIDIA RTX 4000 SFF Ada Generation', {
        utilizationPct: 0,
        memoryUsedMiB: 3534,
        memoryTotalMiB: 20475,
        powerW: 8.44,
        powerLimitW: 70,
        temperatureC: 38,
      }),
    ]);
    expect(sample.processes!.map((p) => [p.pid, p.name, p.kind, p.memoryMiB])).toEqual([
      [1842, 'cosmic-comp', 'graphics', 410],
      [3190, 'code', 'graphics', 451],
      [4937, 'python', 'compute', 160],
      [34626, 'chromium', 'both', 183],
    ]);
  });
});

describe('parseNvidiaSmiXml on schema variants', () => {
  it('reads processes as null when the tool says it cannot list them, or does not say', () => {
    expect(parseNvidiaSmiXml(doc('<product_name>X</product_name><processes>N/A</processes>')).processes).toBeNull();
    expect(parseNvidiaSmiXml(doc('<product_name>X</product_name>')).processes).toBeNull();
    // One GPU listing its programs and one that cannot: a partial list would hide the second GPU's users.
    const listed =
      '<processes><process_info><pid>7</pid><type>G</type><process_name>/usr/bin/game</process_name></process_info></processes>';
    expect(parseNvidiaSmiXml(doc(listed, '<gpu><processes>[Not Supported]</processes></gpu>')).processes).toBeNull();
    expect(parseNvidiaSmiXml(doc('<processes></processes>', '<gpu><processes/></gpu>')).processes).toEqual([]);
  });

  it('reads the 340-era <compute_processes> (no type) as compute and <memory_usage> in MB', () => {
    const xml = doc(
      '<product_name>Tesla K20m</product_name><memory_usage><total>4799 MB</total><used>828 MB</used></memory_usage>' +
        '<utilization><gpu_util>04 %</gpu_util></utilization><power_readings><power_draw>48.05 W</power_draw><power_limit>225.00 W</power_limit>' +
        '<enforced_power_limit>225.00 W</enforced_power_limit></power_readings><compute_processes><process_info><pid>5495</pid>' +
        '<process_name>/.opt/ansys_inc/v150/ansys/bin/linx64/ansys.e150</process_name><used_memory>98 MiB</used_memory></process_info></compute_processes>',
    );
    expect(parseNvidiaSmiXml(xml)).toEqual<GpuSample>({
      tool: 'nvidia-smi',
      gpus: [
        gpu(0, 'Tesla K20m', {
          utilizationPct: 4,
          memoryUsedMiB: 828,
          memoryTotalMiB: 4799,
          powerW: 48.05,
          powerLimitW: 225,
          temperatureC: null,
        }),
      ],
      processes: [{ pid: 5495, name: 'ansys.e150', gpu: 0, kind: 'compute', memoryMiB: 98, utilizationPct: null }],
    });
  });

  it('takes the first power reading that is a number (580 prints power_draw N/A beside instant_power_draw)', () => {
    const xml = doc(
      '<gpu_power_readings><power_draw> N/A </power_draw><average_power_draw>[N/A]</average_power_draw><instant_power_draw> 66.84 W </instant_power_draw></gpu_power_readings>',
    );
    expect(parseNvidiaSmiXml(xml).gpus[0]!.powerW).toBe(66.84);
  });

  it('reads an unescaped & in a path as itself', () => {
    const xml = doc(
      '<processes><process_info><pid>5</pid><type>G</type><process_name>C:\\Games\\Command & Conquer\\CnC&Co.exe</process_name></process_info></processes>',
    );
    expect(parseNvidiaSmiXml(xml).processes).toEqual([
      { pid: 5, name: 'CnC&Co.exe', gpu: 0, kind: 'graphics', memoryMiB: null, utilizationPct: null },
    ]);
  });

  it('names the program, not its folder or arguments', () => {
    expect(programName('C:\\Program Files (x86)\\Steam\\steamapps\\common\\Half-Life 2 - Episode\\hl2.exe')).toBe(
      'hl2.exe',
    );
    expect(programName('D:/Games/Game.exe')).toBe('Game.exe');
    expect(programName('\\\\?\\C:\\Games\\x.exe')).toBe('x.exe');
    expect(programName('/usr/lib/plexmediaserver/Plex Transcoder')).toBe('Plex Transcoder');
    expect(programName('/home/me/Games/Foo - Bar/game.x86_64')).toBe('game.x86_64');
    expect(programName('/usr/bin/python3 /home/me/train.py')).toBe('python3');
    expect(programName('python')).toBe('python');
    expect(programName('N/A')).toBe('');
    expect(programName('[Not Supported]')).toBe('');
  });
});

describe('parseNvidiaSmiXml on hostile input', () => {
  // What the reader makes of these; how long it takes is measured by the parsers bench.

  it('does not expand entities a document declares (billion laughs)', () => {
    const entities = [
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i ? i : ''};`.repeat(10)}">`),
    ];
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE nvidia_smi_log [${entities.join('')}]>\n<nvidia_smi_log><gpu><product_name>&lol9;</product_name><processes/></gpu></nvidia_smi_log>`;
    const name = parseNvidiaSmiXml(xml).gpus[0]!.name;
    expect(name).not.toContain('lollol');
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_CHARS);
  });

  it('refuses deep nesting, a huge document and too many elements', () => {
    expect(toolError(() => parseNvidiaSmiXml(nvidiaDeep(100_000))).code).toBe('unreadable');
    expect(
      toolError(() => parseNvidiaSmiXml(doc(`<product_name>${'A'.repeat(10 * 1024 * 1024)}</product_name>`))).code,
    ).toBe('too_large');
    expect(toolError(() => parseNvidiaSmiXml(doc('<x/>'.repeat(200_000)))).code).toBe('too_large');
  });

  it('caps a long name and the numbers of GPUs and processes', () => {
    expect(parseNvidiaSmiXml(nvidiaLongName(900_000)).gpus[0]!.name).toBe('A'.repeat(MAX_NAME_CHARS));
    const process = (pid: number) =>
      `<process_info><pid>${pid}</pid><type>C</type><process_name>p</process_name></process_info>`;
    const many = doc(
      `<processes>${Array.from({ length: 300 }, (_, i) => process(i + 1)).join('')}</processes>`,
      '<gpu><processes/></gpu>'.repeat(25),
    );
    const sample = parseNvidiaSmiXml(many);
    expect(sample.gpus).toHaveLength(MAX_GPUS);
    expect(sample.processes).toHaveLength(MAX_GPU_PROCESSES);
  });

  it('strips control, bidi and zero-width characters from names', () => {
    const name = '/tmp/gam\u202Eexe.\u200Bevil\u0007\u001b[2J\u2066x';
    const xml = doc(
      `<product_name>GPU\u202E\u0009</product_name><processes><process_info><pid>9</pid><type>G</type><process_name>${name}</process_name></process_info></processes>`,
    );
    const sample = parseNvidiaSmiXml(xml);
    expect(sample.gpus[0]!.name).toBe('GPU');
    expect(sample.processes![0]!.name).toBe('gamexe.evil[2Jx');
  });

  it('reads negative, NaN, infinite and absurd numbers as unknown, and drops processes without a usable pid', () => {
    const xml = doc(
      '<fb_memory_usage><total>1e309 MiB</total><used>NaN MiB</used></fb_memory_usage><utilization><gpu_util>150 %</gpu_util></utilization>' +
        '<temperature><gpu_temp>-5 C</gpu_temp></temperature><gpu_power_readings><instant_power_draw>-31.25 W</instant_power_draw>' +
        '<current_power_limit>320 kW</current_power_limit></gpu_power_readings><processes>' +
        '<process_info><pid>-1</pid><process_name>a</process_name></process_info><process_info><pid>abc</pid></process_info>' +
        '<process_info><pid>99999999999</pid></process_info><process_info><pid>12</pid><type>X</type><used_memory>-3 MiB</used_memory></process_info></processes>',
    );
    expect(parseNvidiaSmiXml(xml)).toEqual<GpuSample>({
      tool: 'nvidia-smi',
      gpus: [
        gpu(0, '', {
          utilizationPct: null,
          memoryUsedMiB: null,
          memoryTotalMiB: null,
          powerW: null,
          powerLimitW: null,
          temperatureC: null,
        }),
      ],
      processes: [{ pid: 12, name: '', gpu: 0, kind: null, memoryMiB: null, utilizationPct: null }],
    });
  });

  it('throws GpuToolError("unreadable") for text that is not an nvidia-smi document', () => {
    for (const text of [
      '',
      'NVIDIA-SMI has failed because it could not communicate',
      '<html><body/></html>',
      '<nvidia_smi_log><gpu>',
      '<<<<'.repeat(100),
    ]) {
      expect(toolError(() => parseNvidiaSmiXml(text)).code).toBe('unreadable');
    }
  });
});

describe('NvidiaXmlSplitter', () => {
  const first = captured('tesla-t4-515.105.01-graphics-and-compute.xml');
  const second = captured('rtx-2080-516.59-windows.xml');

  it('finds documents split at any chunk boundary, the end tag included', () => {
    const stream = `${first}\n${second}\n`;
    for (const size of [1, 3, 7, 17, 4096, stream.length]) {
      const splitter = new NvidiaXmlSplitter();
      const docs: string[] = [];
      for (let i = 0; i < stream.length; i += size) docs.push(...splitter.push(stream.slice(i, i + size)));
      expect(docs).toEqual([first.trim(), second.trim()]);
    }
  });

  it('returns two documents that arrive in one chunk, and keeps the start of a third', () => {
    const splitter = new NvidiaXmlSplitter();
    expect(splitter.push(`${first}${second}<?xml version="1.0" ?>\n<nvidia_smi_log>`)).toEqual([
      first.trim(),
      second.trim(),
    ]);
    expect(splitter.push('</nvidia_smi_log>')).toEqual(['<?xml version="1.0" ?>\n<nvidia_smi_log></nvidia_smi_log>']);
  });

  it('throws too_large and drops what it held when a document never ends, then reads the next', () => {
    const splitter = new NvidiaXmlSplitter();
    expect(splitter.push('<nvidia_smi_log>')).toEqual([]);
    expect(toolError(() => splitter.push('x'.repeat(MAX_NVIDIA_DOC_CHARS))).code).toBe('too_large');
    expect(splitter.push(first)).toEqual([first.trim()]);
    expect(
      toolError(() => splitter.push(`<nvidia_smi_log>${'y'.repeat(MAX_NVIDIA_DOC_CHARS)}</nvidia_smi_log>`)).code,
    ).toBe('too_large');
    expect(splitter.push(second)).toEqual([second.trim()]);
  });
});

describe('the fake nvidia-smi', () => {
  const RTX = {
    name: 'NVIDIA GeForce RTX 4070',
    utilizationPct: 3,
    memoryUsedMiB: 512,
    memoryTotalMiB: 12282,
    powerW: 18.5,
    powerLimitW: 200,
    temperatureC: 38,
  };

  function stateFile(state: unknown): { path: string; write(next: unknown): void } {
    const dir = mkdtempSync(join(tmpdir(), 'fake-nvidia-smi-'));
    cleanup.defer(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'state.json');
    // Written aside and renamed, so the fake never reads half a file.
    const write = (next: unknown) => {
      writeFileSync(`${path}.tmp`, JSON.stringify(next));
      renameSync(`${path}.tmp`, path);
    };
    write(state);
    return { path, write };
  }

  function start(statePath: string): {
    child: ChildProcess;
    docs: string[];
    stdout: () => string;
    exited: Promise<number | null>;
  } {
    const child = spawn(process.execPath, [FAKE, ...nvidiaSmiArgs(50)], {
      env: { ...process.env, FAKE_GPU_STATE: statePath },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // 'close' comes after stdout has been read to its end.
    const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
    cleanup.defer(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    });
    const splitter = new NvidiaXmlSplitter();
    const docs: string[] = [];
    let text = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      text += chunk;
      docs.push(...splitter.push(chunk));
    });
    return { child, docs, stdout: () => text, exited };
  }

  it('prints a document every interval and follows the state file as it changes', async () => {
    const state = stateFile({ gpus: [RTX], processes: [] });
    const fake = start(state.path);
    const firstSample = await eventually(() => {
      expect(fake.docs.length).toBeGreaterThan(0);
      return parseNvidiaSmiXml(fake.docs[0]!);
    });
    expect(firstSample).toEqual<GpuSample>({ tool: 'nvidia-smi', gpus: [{ index: 0, ...RTX }], processes: [] });

    state.write({
      gpus: [
        { ...RTX, utilizationPct: 97, powerW: 187.25 },
        { ...RTX, name: 'NVIDIA GeForce GTX 1060 6GB', powerW: null, powerLimitW: null },
      ],
      processes: [
        {
          pid: 4242,
          name: 'C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe',
          gpu: 0,
          kind: 'graphics',
          memoryMiB: 7000,
          utilizationPct: 90,
        },
      ],
    });
    const seen = fake.docs.length;
    const changed = await eventually(() => {
      const sample = parseNvidiaSmiXml(fake.docs[fake.docs.length - 1]!);
      expect(fake.docs.length).toBeGreaterThan(seen);
      expect(sample.gpus).toHaveLength(2);
      return sample;
    });
    expect(changed.gpus[0]).toMatchObject({ utilizationPct: 97, powerW: 187.25 });
    expect(changed.gpus[1]).toMatchObject({
      index: 1,
      name: 'NVIDIA GeForce GTX 1060 6GB',
      powerW: null,
      powerLimitW: null,
    });
    // The XML carries no per-process utilization.
    expect(changed.processes).toEqual([
      { pid: 4242, name: 'Cyberpunk2077.exe', gpu: 0, kind: 'graphics', memoryMiB: 7000, utilizationPct: null },
    ]);
  });

  it('says the driver is not loaded and exits 9 when failure is "driver"', async () => {
    const state = stateFile({ gpus: [RTX], processes: [], failure: 'driver' });
    const fake = start(state.path);
    expect(await fake.exited).toBe(9);
    expect(fake.stdout()).toContain("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.");
    expect(fake.docs).toEqual([]);
  });
});
