import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The CPU's energy meter on Linux: RAPL ("running average power limit") as the kernel's powercap driver shows it,
 * /sys/class/powercap/intel-rapl:N/{name,energy_uj,max_energy_range_uj}. AMD processors (Zen) are served by the same
 * driver under the same names. `energy_uj` is a running total in microjoules that wraps to 0 after
 * `max_energy_range_uj`; watts come from two readings and the time between them (`RaplMeter`).
 *
 * Which zones count:
 * - Only the top-level zones "intel-rapl:N". Their subzones "intel-rapl:N:M" (core, uncore, dram) are parts of the
 *   package already counted, and "intel-rapl-mmio:N" is the same package read another way; either would count twice.
 * - "psys", where present (Intel laptops and some desktops since Skylake), covers the whole platform, packages
 *   included: when it is readable it is used alone. Otherwise the "package-N" zones are summed, one per socket.
 *   Any other top-level zone is left out rather than guessed at.
 *
 * Since 2020 most distributions make `energy_uj` readable by root only (the counter leaked what the CPU was doing to
 * other users). A zone that cannot be read is reported as such, never thrown: the app simply has no CPU power then.
 */

export const DEFAULT_POWERCAP_ROOT = '/sys/class/powercap';
/** A two-socket server with psys has three top-level zones; anything past this is not a real powercap tree. */
export const MAX_RAPL_ZONES = 8;
/** Entries looked at in the powercap folder (it also lists every subzone and other drivers' zones). */
const MAX_ENTRIES = 256;
/** The files hold one short line: a name, or a number of up to 20 digits. */
const MAX_FILE_BYTES = 64;
/** Above this, two readings do not describe a desktop's CPU: a counter was reset or a zone swapped. */
export const MAX_PLAUSIBLE_WATTS = 5_000;

export interface RaplZone {
  /** The folder name, "intel-rapl:0". */
  id: string;
  /** What the kernel calls it: "package-0", "psys". */
  name: string;
  /** The running total, µJ; null when it could not be read. */
  energyUj: number | null;
  /** Where `energyUj` wraps to 0, µJ; null when unknown. */
  maxEnergyRangeUj: number | null;
  readable: boolean;
}

export interface RaplReading {
  /** The zones that count (see above), read once each. */
  zones: RaplZone[];
  /** False when a zone that counts could not be read: usually `energy_uj` readable by root only. */
  readable: boolean;
}

/**
 * The zones that count, read now; null when there is no RAPL here (no powercap folder, no package zone). Reads a
 * handful of tiny files synchronously: the watcher runs on its own thread.
 */
export function readRaplZones(root: string = DEFAULT_POWERCAP_ROOT): RaplReading | null {
  const zones = topLevelZoneIds(root)
    .map((id) => readZone(root, id))
    .filter((z): z is RaplZone => z !== null);
  const psys = zones.filter((z) => z.name === 'psys').slice(0, 1);
  const packages = zones.filter((z) => /^package-\d+$/.test(z.name));
  const counted = psys.some((z) => z.readable) || packages.length === 0 ? psys : packages;
  if (counted.length === 0) return null;
  return { zones: counted, readable: counted.every((z) => z.readable) };
}

function topLevelZoneIds(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root).slice(0, MAX_ENTRIES);
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^intel-rapl:\d{1,3}$/.test(e))
    .sort((a, b) => zoneNumber(a) - zoneNumber(b))
    .slice(0, MAX_RAPL_ZONES);
}

const zoneNumber = (id: string) => Number(id.slice(id.indexOf(':') + 1));

function readZone(root: string, id: string): RaplZone | null {
  const dir = join(root, id);
  const name = readSmallFile(join(dir, 'name'));
  if (name === null || !/^[\w-]{1,32}$/.test(name)) return null;
  const energyUj = counter(readSmallFile(join(dir, 'energy_uj')));
  const maxEnergyRangeUj = counter(readSmallFile(join(dir, 'max_energy_range_uj')));
  return { id, name, energyUj, maxEnergyRangeUj, readable: energyUj !== null };
}

/** The file's first line, or null when it cannot be read (no such file, root only, not a file). */
function readSmallFile(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(MAX_FILE_BYTES);
    const n = readSync(fd, buf, 0, MAX_FILE_BYTES, 0);
    return buf.toString('latin1', 0, n).split('\n')[0]!.trim();
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

function counter(text: string | null): number | null {
  if (text === null || !/^\d{1,16}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

interface Baseline {
  atMs: number;
  zones: Map<string, RaplZone>;
}

/**
 * Turns successive readings into average watts over each interval. The first reading, a reading after a gap (no
 * RAPL, unreadable, a zone gone or new) and a clock that did not move give null and start over from that reading.
 */
export class RaplMeter {
  private last: Baseline | null = null;

  /** Average watts since the previous reading, or null when there is no honest figure. `atMs` is the caller's clock. */
  watts(reading: RaplReading | null, atMs: number): number | null {
    if (!reading || !reading.readable || !Number.isFinite(atMs)) {
      this.last = null;
      return null;
    }
    const now: Baseline = { atMs, zones: new Map(reading.zones.map((z) => [z.id, z])) };
    const before = this.last;
    this.last = now;
    if (!before || !sameZones(before, now) || !(atMs > before.atMs)) return null;
    let totalUj = 0;
    for (const [id, zone] of now.zones) {
      const used = energyBetween(before.zones.get(id)!, zone);
      if (used === null) return null;
      totalUj += used;
    }
    const watts = totalUj / ((atMs - before.atMs) * 1000);
    return watts <= MAX_PLAUSIBLE_WATTS ? watts : null;
  }

  /** Forget the previous reading (the next one starts over). */
  reset(): void {
    this.last = null;
  }
}

function sameZones(a: Baseline, b: Baseline): boolean {
  if (a.zones.size !== b.zones.size) return false;
  for (const [id, zone] of b.zones) if (a.zones.get(id)?.name !== zone.name) return false;
  return true;
}

/** Microjoules used between two readings of one zone; a counter that went back wrapped at its range. */
function energyBetween(before: RaplZone, now: RaplZone): number | null {
  if (before.energyUj === null || now.energyUj === null) return null;
  if (now.energyUj >= before.energyUj) return now.energyUj - before.energyUj;
  const range = now.maxEnergyRangeUj;
  // Without the range, or with readings outside it, a step back is a reset, not a wrap: no figure for this interval.
  if (range === null || before.energyUj > range || now.energyUj > range) return null;
  return range - before.energyUj + now.energyUj;
}

/**
 * The powercap folder to read, or null: only on Linux, and only where a zone that counts can be read (on most
 * distributions `energy_uj` is root's alone, and a watcher thread for unreadable counters would be waste).
 */
export function findRapl(root: string = DEFAULT_POWERCAP_ROOT): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return readRaplZones(root)?.readable ? root : null;
  } catch {
    return null;
  }
}
