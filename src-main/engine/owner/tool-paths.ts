/**
 * Where the driver tools are on this computer. Only fixed, well-known places and the PATH are looked at, and nothing
 * is ever installed: a computer without them simply has no GPU watching (the UI says so).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { OwnerToolPaths } from './owner-wire';

/** What tests and hosts may set: the look interval and the tools (null = none, a path = a fake or a known place). */
export interface OwnerTuning {
  intervalMs?: number;
  tools?: Partial<OwnerToolPaths>;
  raplRoot?: string | null;
  procRoot?: string;
  display?: string | null;
}

const KNOWN_PLACES: Record<keyof OwnerToolPaths, string[]> = {
  nvidiaSmi: [
    '/usr/bin/nvidia-smi',
    'C:\\Windows\\System32\\nvidia-smi.exe',
    'C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvidia-smi.exe',
  ],
  rocmSmi: ['/opt/rocm/bin/rocm-smi', '/usr/bin/rocm-smi'],
  ioreg: ['/usr/sbin/ioreg'],
  xprop: ['/usr/bin/xprop'],
  typeperf: ['C:\\Windows\\System32\\typeperf.exe'],
  tasklist: ['C:\\Windows\\System32\\tasklist.exe'],
};

const NAMES: Record<keyof OwnerToolPaths, string> = {
  nvidiaSmi: 'nvidia-smi',
  rocmSmi: 'rocm-smi',
  ioreg: 'ioreg',
  xprop: 'xprop',
  typeperf: 'typeperf',
  tasklist: 'tasklist',
};

function executable(path: string): boolean {
  try {
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (executable(candidate)) return candidate;
    }
  }
  return null;
}

function find(key: keyof OwnerToolPaths): string | null {
  return onPath(NAMES[key]) ?? KNOWN_PLACES[key].find(executable) ?? null;
}

/**
 * The tools to use: the tuning's where given (tests), else those found here. The platform's own tools are looked for
 * only on their platform (ioreg on macOS, xprop on Linux, typeperf and tasklist on Windows) unless a tuning names one.
 */
export function findOwnerTools(t?: OwnerTuning): OwnerToolPaths {
  const pick = (key: keyof OwnerToolPaths) => (t?.tools && key in t.tools ? (t.tools[key] ?? null) : find(key));
  const on = (platform: NodeJS.Platform, key: keyof OwnerToolPaths) =>
    process.platform === platform || t?.tools?.[key] ? pick(key) : null;
  return {
    nvidiaSmi: pick('nvidiaSmi'),
    rocmSmi: pick('rocmSmi'),
    ioreg: on('darwin', 'ioreg'),
    xprop: on('linux', 'xprop'),
    typeperf: on('win32', 'typeperf'),
    tasklist: on('win32', 'tasklist'),
  };
}
