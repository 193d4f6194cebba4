/**
 * A fake of Linux's powercap folder (/sys/class/powercap) for RAPL tests, laid out as the kernel lays it out: the
 * control type folder "intel-rapl" (with `enabled`), one folder per zone, subzones ("intel-rapl:0:0") and the MMIO
 * copy of a package ("intel-rapl-mmio:0") side by side with the top-level zones, each zone holding `name`,
 * `energy_uj` and `max_energy_range_uj` as one line each.
 *
 * `unreadable` stands for what most distributions do since 2020: `energy_uj` mode 0400, owned by root. Tests that run
 * as root read any file whatever its mode, so there the file is replaced by a folder of the same name, which fails to
 * read just the same.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FakeRaplZone {
  /** The folder name: "intel-rapl:0", "intel-rapl:0:1", "intel-rapl-mmio:0". */
  id: string;
  /** What the kernel calls it: "package-0", "psys", "core", "dram". */
  name: string;
  energyUj: number;
  /** Where the counter wraps; 262143328850 (about 262 kJ) on many Intel desktops. */
  maxEnergyRangeUj?: number;
  unreadable?: boolean;
}

export const TYPICAL_MAX_ENERGY_RANGE_UJ = 262_143_328_850;

/** Builds the tree under `dir` and returns the folder to pass as the powercap root. */
export function makeFakeRapl(dir: string, zones: FakeRaplZone[]): string {
  const root = join(dir, 'powercap');
  mkdirSync(join(root, 'intel-rapl'), { recursive: true });
  writeFileSync(join(root, 'intel-rapl', 'enabled'), '1\n');
  for (const zone of zones) {
    const zoneDir = join(root, zone.id);
    mkdirSync(zoneDir, { recursive: true });
    writeFileSync(join(zoneDir, 'name'), `${zone.name}\n`);
    writeFileSync(join(zoneDir, 'max_energy_range_uj'), `${zone.maxEnergyRangeUj ?? TYPICAL_MAX_ENERGY_RANGE_UJ}\n`);
    writeFileSync(join(zoneDir, 'enabled'), '1\n');
    setEnergy(root, zone.id, zone.energyUj, zone.unreadable);
  }
  return root;
}

/** Sets a zone's counter, as the kernel would between two readings; `unreadable` makes it root-only (see above). */
export function setEnergy(root: string, id: string, energyUj: number, unreadable = false): void {
  const file = join(root, id, 'energy_uj');
  rmSync(file, { recursive: true, force: true });
  if (unreadable && process.getuid?.() === 0) {
    mkdirSync(file);
    return;
  }
  writeFileSync(file, `${energyUj}\n`);
  // No read bit at all: to a test user who owns the file, that fails as a root-owned 0400 file does.
  if (unreadable) chmodSync(file, 0o000);
}

/** Takes a zone away, as unloading the driver or a CPU going offline does. */
export function removeZone(root: string, id: string): void {
  rmSync(join(root, id), { recursive: true, force: true });
}
