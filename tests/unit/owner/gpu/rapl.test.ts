import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_PLAUSIBLE_WATTS,
  MAX_RAPL_ZONES,
  RaplMeter,
  readRaplZones,
  type RaplReading,
} from '@engine/owner/gpu/rapl';
import { cleanupAfterEach } from '../../../support/cleanup';
import {
  makeFakeRapl,
  removeZone,
  setEnergy,
  TYPICAL_MAX_ENERGY_RANGE_UJ,
  type FakeRaplZone,
} from '../../../support/gpu-tools/fake-rapl';

const cleanup = cleanupAfterEach();

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iicp-rapl-'));
  cleanup.defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const fakeRapl = (zones: FakeRaplZone[]) => makeFakeRapl(tempDir(), zones);

/** A desktop's tree: one package with its core and dram subzones, and the MMIO copy of the package. */
const DESKTOP: FakeRaplZone[] = [
  { id: 'intel-rapl:0', name: 'package-0', energyUj: 1_000_000 },
  { id: 'intel-rapl:0:0', name: 'core', energyUj: 600_000 },
  { id: 'intel-rapl:0:1', name: 'dram', energyUj: 300_000 },
  { id: 'intel-rapl-mmio:0', name: 'package-0', energyUj: 1_000_000 },
];

describe('readRaplZones', () => {
  it('reads only the top-level package zone: subzones and the MMIO copy would count twice', () => {
    expect(readRaplZones(fakeRapl(DESKTOP))).toEqual<RaplReading>({
      zones: [
        {
          id: 'intel-rapl:0',
          name: 'package-0',
          energyUj: 1_000_000,
          maxEnergyRangeUj: TYPICAL_MAX_ENERGY_RANGE_UJ,
          readable: true,
        },
      ],
      readable: true,
    });
  });

  it('sums every socket of a two-socket machine, in zone order', () => {
    const root = fakeRapl([
      { id: 'intel-rapl:1', name: 'package-1', energyUj: 20 },
      { id: 'intel-rapl:0', name: 'package-0', energyUj: 10 },
    ]);
    expect(readRaplZones(root)!.zones.map((z) => [z.id, z.energyUj])).toEqual([
      ['intel-rapl:0', 10],
      ['intel-rapl:1', 20],
    ]);
  });

  it('uses psys alone when it is readable, since it covers the packages too', () => {
    const root = fakeRapl([
      ...DESKTOP,
      { id: 'intel-rapl:1', name: 'psys', energyUj: 5_000_000, maxEnergyRangeUj: 4_294_967_295 },
    ]);
    expect(readRaplZones(root)!.zones.map((z) => z.name)).toEqual(['psys']);
  });

  it('falls back to the packages when psys cannot be read', () => {
    const root = fakeRapl([...DESKTOP, { id: 'intel-rapl:1', name: 'psys', energyUj: 5, unreadable: true }]);
    expect(readRaplZones(root)).toMatchObject({ zones: [{ name: 'package-0' }], readable: true });
  });

  it('reports a root-only energy_uj as not readable instead of throwing', () => {
    const root = fakeRapl([{ id: 'intel-rapl:0', name: 'package-0', energyUj: 1, unreadable: true }]);
    expect(readRaplZones(root)).toEqual<RaplReading>({
      zones: [
        {
          id: 'intel-rapl:0',
          name: 'package-0',
          energyUj: null,
          maxEnergyRangeUj: TYPICAL_MAX_ENERGY_RANGE_UJ,
          readable: false,
        },
      ],
      readable: false,
    });
  });

  it('gives null when there is no powercap folder or no package zone in it', () => {
    const dir = tempDir();
    expect(readRaplZones(join(dir, 'missing'))).toBeNull();
    expect(readRaplZones(fakeRapl([]))).toBeNull();
    expect(readRaplZones(fakeRapl([{ id: 'intel-rapl:0:0', name: 'core', energyUj: 1 }]))).toBeNull();
    expect(readRaplZones(fakeRapl([{ id: 'intel-rapl:0', name: 'dram', energyUj: 1 }]))).toBeNull();
  });

  it('caps the zones it reads and skips zones with a missing or odd name', () => {
    const zones = Array.from({ length: 40 }, (_, i): FakeRaplZone => ({
      id: `intel-rapl:${i}`,
      name: `package-${i}`,
      energyUj: i,
    }));
    const root = fakeRapl(zones);
    expect(readRaplZones(root)!.zones).toHaveLength(MAX_RAPL_ZONES);
    writeFileSync(join(root, 'intel-rapl:0', 'name'), 'package-0\u202e evil\n');
    rmSync(join(root, 'intel-rapl:1', 'name'));
    expect(readRaplZones(root)!.zones[0]!.id).toBe('intel-rapl:2');
  });

  it('reads a few bytes of each file only, and garbage counters as unreadable', () => {
    const root = fakeRapl([{ id: 'intel-rapl:0', name: 'package-0', energyUj: 1 }]);
    writeFileSync(join(root, 'intel-rapl:0', 'energy_uj'), '9'.repeat(10_000_000));
    writeFileSync(join(root, 'intel-rapl:0', 'max_energy_range_uj'), '-1\n');
    expect(readRaplZones(root)!.zones[0]).toMatchObject({ energyUj: null, maxEnergyRangeUj: null, readable: false });
    // A good first line before 3 GiB of (sparse) nothing: only a reader that stops early sees it; one that read the
    // whole file would fail (Node refuses to read over 2 GiB into one buffer) and call the zone unreadable.
    writeFileSync(join(root, 'intel-rapl:0', 'energy_uj'), '12345\n');
    truncateSync(join(root, 'intel-rapl:0', 'energy_uj'), 3 * 2 ** 30);
    expect(readRaplZones(root)!.zones[0]).toMatchObject({ energyUj: 12_345, readable: true });
    for (const bad of ['', 'NaN', '12.5', '1e6', '99999999999999999999']) {
      writeFileSync(join(root, 'intel-rapl:0', 'energy_uj'), `${bad}\n`);
      expect(readRaplZones(root)!.readable).toBe(false);
    }
  });

  it('treats a zone folder without files, or a file that is a folder, as unreadable', () => {
    const root = fakeRapl([{ id: 'intel-rapl:0', name: 'package-0', energyUj: 1 }]);
    rmSync(join(root, 'intel-rapl:0', 'energy_uj'));
    mkdirSync(join(root, 'intel-rapl:0', 'energy_uj'));
    expect(readRaplZones(root)!.readable).toBe(false);
  });
});

describe('RaplMeter', () => {
  const PACKAGE: FakeRaplZone = {
    id: 'intel-rapl:0',
    name: 'package-0',
    energyUj: 1_000_000,
    maxEnergyRangeUj: 262_143_328_850,
  };

  it('has no watts for the first reading, then the average over the interval: 45 J in 1.5 s is 30 W', () => {
    const root = fakeRapl([PACKAGE]);
    const meter = new RaplMeter();
    expect(meter.watts(readRaplZones(root), 10_000)).toBeNull();
    setEnergy(root, 'intel-rapl:0', 1_000_000 + 45_000_000);
    expect(meter.watts(readRaplZones(root), 11_500)).toBe(30);
    setEnergy(root, 'intel-rapl:0', 46_000_000 + 7_500_000);
    expect(meter.watts(readRaplZones(root), 13_000)).toBe(5);
  });

  it('adds the sockets: 30 J + 15 J in 1.5 s is 30 W', () => {
    const root = fakeRapl([PACKAGE, { id: 'intel-rapl:1', name: 'package-1', energyUj: 0 }]);
    const meter = new RaplMeter();
    meter.watts(readRaplZones(root), 0);
    setEnergy(root, 'intel-rapl:0', PACKAGE.energyUj + 30_000_000);
    setEnergy(root, 'intel-rapl:1', 15_000_000);
    expect(meter.watts(readRaplZones(root), 1500)).toBe(30);
  });

  it('counts across the wrap at max_energy_range_uj: 10 J before it and 35 J after it in 1.5 s is 30 W', () => {
    const range = PACKAGE.maxEnergyRangeUj!;
    const root = fakeRapl([{ ...PACKAGE, energyUj: range - 10_000_000 }]);
    const meter = new RaplMeter();
    meter.watts(readRaplZones(root), 0);
    setEnergy(root, 'intel-rapl:0', 35_000_000);
    expect(meter.watts(readRaplZones(root), 1500)).toBe(30);
  });

  it('counts a step back as a wrap only when the range explains it; otherwise null, then on from there', () => {
    const root = fakeRapl([{ ...PACKAGE, maxEnergyRangeUj: 100_000_000, energyUj: 50_000_000 }]);
    const meter = new RaplMeter();
    meter.watts(readRaplZones(root), 0);
    // Back from 50 J to 10 J with a 100 J range: it wrapped, 50 J to the end and 10 J after, 60 J in 1 s.
    setEnergy(root, 'intel-rapl:0', 10_000_000);
    expect(meter.watts(readRaplZones(root), 1000)).toBe(60);
    writeFileSync(join(root, 'intel-rapl:0', 'max_energy_range_uj'), 'garbage\n');
    setEnergy(root, 'intel-rapl:0', 5_000_000);
    expect(meter.watts(readRaplZones(root), 2000)).toBeNull();
    setEnergy(root, 'intel-rapl:0', 8_000_000);
    expect(meter.watts(readRaplZones(root), 3000)).toBe(3);
  });

  it('gives null while the counter cannot be read, and starts over once it can', () => {
    const root = fakeRapl([PACKAGE]);
    const meter = new RaplMeter();
    meter.watts(readRaplZones(root), 0);
    setEnergy(root, 'intel-rapl:0', 2_000_000, true);
    expect(meter.watts(readRaplZones(root), 1000)).toBeNull();
    setEnergy(root, 'intel-rapl:0', 3_000_000);
    expect(meter.watts(readRaplZones(root), 2000)).toBeNull();
    setEnergy(root, 'intel-rapl:0', 5_000_000);
    expect(meter.watts(readRaplZones(root), 3000)).toBe(2);
  });

  it('starts over when a zone disappears or appears, and when the tree is gone', () => {
    const root = fakeRapl([PACKAGE, { id: 'intel-rapl:1', name: 'package-1', energyUj: 0 }]);
    const meter = new RaplMeter();
    meter.watts(readRaplZones(root), 0);
    removeZone(root, 'intel-rapl:1');
    setEnergy(root, 'intel-rapl:0', 2_000_000);
    expect(meter.watts(readRaplZones(root), 1000)).toBeNull();
    setEnergy(root, 'intel-rapl:0', 4_000_000);
    expect(meter.watts(readRaplZones(root), 2000)).toBe(2);
    expect(meter.watts(readRaplZones(join(root, 'gone')), 3000)).toBeNull();
    expect(meter.watts(readRaplZones(root), 4000)).toBeNull();
  });

  it('gives null when the clock did not move forward, or the figure is beyond any desktop', () => {
    const root = fakeRapl([PACKAGE]);
    const meter = new RaplMeter();
    meter.watts(readRaplZones(root), 5000);
    setEnergy(root, 'intel-rapl:0', 2_000_000);
    expect(meter.watts(readRaplZones(root), 5000)).toBeNull();
    setEnergy(root, 'intel-rapl:0', 2_000_000 + (MAX_PLAUSIBLE_WATTS + 1) * 1_000_000);
    expect(meter.watts(readRaplZones(root), 6000)).toBeNull();
    expect(meter.watts(readRaplZones(root), Number.NaN)).toBeNull();
  });
});
