import { describe, expect, it } from 'vitest';
import { MAX_GPUS, MAX_NAME_CHARS, type GpuSample, type GpuState } from '@engine/owner/gpu/gpu-sample';
import { ioregArgs, MAX_IOREG_CHARS, parseIoreg } from '@engine/owner/gpu/ioreg';
import { GpuSampleSchema } from '@engine/owner/owner-wire';
import { capturedText, toolError } from '../../../support/gpu-tools/captured';
import { ioregDeep, ioregEntry as entry, ioregLongLegend } from '../../../support/hostile-text';

const MIB = 1024 * 1024;

const captured = (name: string) => capturedText('ioreg', name);

function gpu(index: number, name: string, rest: Partial<Omit<GpuState, 'index' | 'name'>> = {}): GpuState {
  return {
    index,
    name,
    utilizationPct: null,
    memoryUsedMiB: null,
    memoryTotalMiB: null,
    powerW: null,
    powerLimitW: null,
    temperatureC: null,
    ...rest,
  };
}

const stats = (dict: string) => `"PerformanceStatistics" = {${dict}}`;

describe('ioregArgs', () => {
  it('lists every IOAccelerator, one level deep, lines not cut', () => {
    expect(ioregArgs()).toEqual(['-r', '-d', '1', '-w', '0', '-c', 'IOAccelerator']);
  });
});

describe('parseIoreg on captured outputs', () => {
  it('Apple M5 Pro: device utilization and the unified memory in use, no total, no processes', () => {
    expect(parseIoreg(captured('apple-m5-pro.txt'))).toEqual<GpuSample>({
      tool: 'ioreg',
      gpus: [gpu(0, 'Apple M5 Pro', { utilizationPct: 21, memoryUsedMiB: 1639071744 / MIB })],
      processes: null,
    });
  });

  it('gives samples the node accepts', () => {
    for (const name of ['apple-m5-pro.txt', 'constructed-intel-mac-amd-navi14.txt'])
      expect(GpuSampleSchema.safeParse(parseIoreg(captured(name))).success, name).toBe(true);
  });

  it('reads the M5 Pro the same with its IOReportLegend line at the original 42 kB', () => {
    // How long it takes, at this size and twice it, is measured by the parsers bench.
    const { text, plain, legendChars } = ioregLongLegend(100);
    expect(legendChars).toBeGreaterThan(42_000);
    expect(parseIoreg(text)).toEqual(parseIoreg(plain));
  });

  it('an Intel Mac with an AMD card: its own memory (used + free), "GPU Activity(%)", not the Accum dictionary', () => {
    expect(parseIoreg(captured('constructed-intel-mac-amd-navi14.txt'))).toEqual<GpuSample>({
      tool: 'ioreg',
      gpus: [
        gpu(0, 'AMDRadeonX6000_AMDNavi14GraphicsAccelerator', {
          utilizationPct: 0,
          memoryUsedMiB: 435888128 / MIB,
          memoryTotalMiB: (435888128 + 7461748736) / MIB,
        }),
        gpu(1, 'IntelAccelerator'),
      ],
      processes: null,
    });
  });
});

describe('parseIoreg on odd and hostile input', () => {
  it('reads AMD temperature and power, and prefers vramUsedBytes and Device Utilization % when present', () => {
    const text = entry(
      'AMDRadeonX5000_AMDEllesmereGraphicsAccelerator',
      stats(
        '"Core Clock(MHz)"=48,"GPU Activity(%)"=2,"Device Utilization %"=3,"Temperature(C)"=57,"Total Power(W)"=15,"vramUsedBytes"=1073741824,"inUseVidMemoryBytes"=5,"vramFreeBytes"=3221225472',
      ),
      '"model" = <"AMD Radeon Pro 580">',
    );
    expect(parseIoreg(text).gpus).toEqual([
      gpu(0, 'AMD Radeon Pro 580', {
        utilizationPct: 3,
        memoryUsedMiB: 1024,
        memoryTotalMiB: 4096,
        powerW: 15,
        temperatureC: 57,
      }),
    ]);
  });

  it('steps over strings, lists, data and nested dictionaries inside the statistics', () => {
    const dict =
      '"Nested"={"Device Utilization %"=99,"x"=(1,2)},"list"=(1,{"q"=2}),"s"="x,}y=","d"=<0a0b>,"b"=Yes,"HWChannel GFX | Commands Completed"=7,"Device Utilization %"=5';
    expect(parseIoreg(entry('AGXAcceleratorG13X', stats(dict))).gpus[0]!.utilizationPct).toBe(5);
  });

  it('reads out-of-range, negative and non-number counters as unknown, falling back to the next key', () => {
    const text = entry(
      'AGXAcceleratorG13X',
      stats(
        '"Device Utilization %"=150,"GPU Activity(%)"=40,"In use system memory"=-5,"Temperature(C)"=-1,"Total Power(W)"=1e9,"vramFreeBytes"="lots"',
      ),
    );
    expect(parseIoreg(text).gpus).toEqual([gpu(0, 'AGXAcceleratorG13X', { utilizationPct: 40 })]);
  });

  it('decodes the model from a string, printable data or hex data, and cleans it', () => {
    const names = [
      '"model" = "\u202eApple\u0007 M9\u200b"',
      '"model" = <"Intel UHD Graphics 630">',
      '"model" = <4170706c65204d3100>',
      `"model" = "${'M'.repeat(5000)}"`,
      '"model" = <ff00>',
    ];
    const text = names.map((m, i) => entry(`AGXAccelerator${i}`, m)).join('');
    expect(parseIoreg(text).gpus.map((g) => g.name)).toEqual([
      'Apple M9',
      'Intel UHD Graphics 630',
      'Apple M1',
      'M'.repeat(MAX_NAME_CHARS),
      'AGXAccelerator4',
    ]);
  });

  it('keeps the first of duplicated properties and keys', () => {
    const text = entry(
      'AGXAcceleratorG13X',
      stats('"Device Utilization %"=10,"Device Utilization %"=90'),
      stats('"Device Utilization %"=70'),
      '"model" = "First"',
      '"model" = "Second"',
    );
    expect(parseIoreg(text).gpus).toEqual([gpu(0, 'First', { utilizationPct: 10 })]);
  });

  it('keeps what came before a cut or endlessly nested dictionary', () => {
    const cut = entry(
      'AGXAcceleratorG13X',
      '"PerformanceStatistics" = {"Device Utilization %"=12,"In use system memory"=10485760,"Tiler',
    );
    expect(parseIoreg(cut).gpus[0]).toEqual(gpu(0, 'AGXAcceleratorG13X', { utilizationPct: 12, memoryUsedMiB: 10 }));
    expect(parseIoreg(ioregDeep(200_000)).gpus[0]!.utilizationPct).toBe(8);
  });

  it('ignores the properties of an indented child object', () => {
    const text = [
      '+-o AGXAcceleratorG13X  <class AGXAcceleratorG13X, id 0x1>',
      '  | {',
      '  |   "model" = "Apple M1"',
      '  | }',
      '  | ',
      '  +-o AGXDeviceUserClient  <class AGXDeviceUserClient, id 0x2>',
      '      {',
      '        "PerformanceStatistics" = {"Device Utilization %"=99}',
      '        "IOClass" = "AGXDeviceUserClient"',
      '      }',
      '',
    ].join('\n');
    expect(parseIoreg(text).gpus).toEqual([gpu(0, 'Apple M1')]);
  });

  it('keeps MAX_GPUS accelerators', () => {
    const text = Array.from({ length: MAX_GPUS + 10 }, (_, i) =>
      entry(`Accel${i}`, stats(`"Device Utilization %"=${i}`)),
    ).join('');
    const gpus = parseIoreg(text).gpus;
    expect(gpus).toHaveLength(MAX_GPUS);
    expect(gpus.at(-1)).toEqual(gpu(MAX_GPUS - 1, `Accel${MAX_GPUS - 1}`, { utilizationPct: MAX_GPUS - 1 }));
  });

  it('reads no output as no GPU, text without an entry as unreadable, and refuses too much text', () => {
    expect(parseIoreg('')).toEqual<GpuSample>({ tool: 'ioreg', gpus: [], processes: null });
    expect(parseIoreg('\n  \n')).toEqual<GpuSample>({ tool: 'ioreg', gpus: [], processes: null });
    expect(toolError(() => parseIoreg('ioreg: illegal option -- z\nusage: ioreg [-abfilrtxy]')).code).toBe(
      'unreadable',
    );
    expect(toolError(() => parseIoreg('x'.repeat(MAX_IOREG_CHARS + 1))).code).toBe('too_large');
  });
});
