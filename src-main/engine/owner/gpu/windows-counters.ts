import { programName } from '../programs/program-names';
import {
  GpuToolError,
  MAX_MEMORY_MIB,
  MAX_GPU_PROCESSES,
  MAX_GPUS,
  type GpuProcess,
  type GpuProcessKind,
  type GpuSample,
  type GpuState,
} from './gpu-sample';

/**
 * Windows' own GPU counters (WDDM 2.x, Windows 10 1709 and later, any vendor), the ones Task Manager shows, read
 * through `typeperf` where there is no nvidia-smi. Pure: the runner spawns `typeperf.exe` with `typeperfArgs`, lists
 * programs with `tasklist` for the pid → name map, and hands both here.
 *
 * typeperf prints CSV: a header row whose first cell is "(PDH-CSV 4.0) (<time zone>)(<bias>)" and then one quoted
 * counter path per column, `\\HOST\GPU Engine(pid_4120_luid_0x00000000_0x0000D1C8_phys_0_eng_0_engtype_3D)\
 * Utilization Percentage`, then one row per sample, `"01/15/2025 20:41:05.837","62.500000",…`, a cell left blank when
 * an instance went away. One "GPU Engine" instance is one process on one engine of one adapter (the LUID names the
 * adapter; engtype is 3D, Copy, VideoDecode, Compute_0, …); "GPU Process Memory" gives each process's dedicated
 * memory on an adapter, in bytes; "GPU Adapter Memory" (`luid_0x…_0x…_phys_0`) the adapter's dedicated memory in use,
 * everybody's, in bytes.
 *
 * How the figures are made:
 * - A process's share is the sum over its 3D engines or over its compute engines, whichever is larger; it is
 *   'graphics', 'compute' or 'both' by which of them were busy. A process shows when any engine was busy for it or
 *   it holds dedicated memory; its GPU is the adapter where it was busiest (or held most memory).
 * - An adapter's utilisation is the busiest engine, each engine's figure being the sum over the processes on it, as
 *   Task Manager computes it; when an engine type has one engine, that is "the max over engine types of the sum over
 *   processes". Capped at 100.
 * - An adapter's memory in use is its dedicated usage. Its size, power and temperature are not in these counters: null
 *   (so a VRAM floor cannot be judged from them).
 * Adapters are ordered by LUID; their names are unknown here, so a GPU is called by its LUID.
 *
 * Counter names are localized on non-English Windows, and typeperf takes the local names: there no column is
 * recognised and the text reads as 'not_supported'.
 */

/** One engine instance is ~120 characters: a busy desktop with 300 GPU processes prints about 1 MB. */
export const MAX_TYPEPERF_CHARS = 2 * 1024 * 1024;
const MAX_COLUMNS = 50_000;
const MAX_PID = 0xffff_ffff;
const MIB = 1024 * 1024;

const LUID = '(0x[0-9a-f]{1,8}_0x[0-9a-f]{1,8})';
const ENGINE_COLUMN = new RegExp(
  `\\\\GPU Engine\\(pid_(\\d{1,10})_luid_${LUID}_phys_(\\d{1,3})_eng_(\\d{1,3})_engtype_([^)#]{0,64})(?:#\\d{1,4})?\\)\\\\Utilization Percentage$`,
  'i',
);
const MEMORY_COLUMN = new RegExp(
  `\\\\GPU Process Memory\\(pid_(\\d{1,10})_luid_${LUID}_phys_(\\d{1,3})(?:#\\d{1,4})?\\)\\\\Dedicated Usage$`,
  'i',
);
const ADAPTER_MEMORY_COLUMN = new RegExp(
  `\\\\GPU Adapter Memory\\(luid_${LUID}_phys_(\\d{1,3})(?:#\\d{1,4})?\\)\\\\Dedicated Usage$`,
  'i',
);

/**
 * One sample of per-process engine use, per-process dedicated memory and each adapter's dedicated memory in use.
 * "Utilization Percentage" is a rate: typeperf reads every counter once when it starts, waits the interval (`-si 1`,
 * its default, said outright) and prints the first figure from the two readings, so one printed sample (`-sc 1`) is
 * a real one covering that second, and one run takes about a second. typeperf expands the `(*)` wildcards once, when it
 * starts: a program started later shows in the next run, which is why it runs once per look and not as a stream.
 */
export function typeperfArgs(): string[] {
  return [
    '\\GPU Engine(*)\\Utilization Percentage',
    '\\GPU Process Memory(*)\\Dedicated Usage',
    '\\GPU Adapter Memory(*)\\Dedicated Usage',
    '-si',
    '1',
    '-sc',
    '1',
  ];
}

type EngineClass = 'graphics' | 'compute' | 'other';

interface ProcessDraft {
  busy: Record<EngineClass, number>;
  hasShareEngine: boolean;
  busyByAdapter: Map<string, number>;
  memoryByAdapter: Map<string, number>;
}

interface Draft {
  /** Adapter LUID → engine key → summed utilisation. */
  engines: Map<string, Map<string, number>>;
  /** Adapter LUID → dedicated memory in use, bytes. */
  adapterMemory: Map<string, number>;
  processes: Map<number, ProcessDraft>;
  seen: Set<string>;
}

export function parseTypeperfCsv(text: string, names: Map<number, string>): GpuSample {
  if (text.length > MAX_TYPEPERF_CHARS)
    throw new GpuToolError('too_large', `typeperf printed ${text.length} characters`);
  const [header, row] = headerAndRow(text);
  const draft: Draft = { engines: new Map(), adapterMemory: new Map(), processes: new Map(), seen: new Set() };
  let recognised = 0;
  for (let c = 1; c < header.length; c++) {
    if (addColumn(draft, header[c]!, row[c])) recognised++;
  }
  if (recognised === 0) throw new GpuToolError('not_supported', 'typeperf printed no GPU Engine or GPU memory column');
  const adapters = [...draft.engines.keys()].sort(compareLuid).slice(0, MAX_GPUS);
  return {
    tool: 'windows-counters',
    gpus: adapters.map((luid, index) => gpuState(draft, luid, index)),
    processes: processes(draft, adapters, names),
  };
}

function headerAndRow(text: string): [string[], string[]] {
  const lines = text.split(/\r?\n/);
  const h = lines.findIndex((l) => l.startsWith('"(PDH-CSV 4.0)'));
  if (h < 0) throw new GpuToolError('unreadable', 'typeperf printed no CSV header');
  const row = lines.slice(h + 1).find((l) => l.startsWith('"'));
  if (row === undefined) throw new GpuToolError('unreadable', 'typeperf printed no sample');
  return [csvCells(lines[h]!), csvCells(row)];
}

/** typeperf quotes every cell; a quote inside one is doubled. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i < line.length && cells.length < MAX_COLUMNS) {
    if (line[i] !== '"') break;
    let cell = '';
    let j = i + 1;
    for (;;) {
      const q = line.indexOf('"', j);
      if (q < 0) return cells;
      cell += line.slice(j, q);
      if (line[q + 1] !== '"') {
        j = q + 1;
        break;
      }
      cell += '"';
      j = q + 2;
    }
    cells.push(cell);
    i = line[j] === ',' ? j + 1 : line.length;
  }
  return cells;
}

/** Files one column's value under its process and adapter; false when the column is not a GPU counter. */
function addColumn(d: Draft, path: string, cell: string | undefined): boolean {
  const engine = ENGINE_COLUMN.exec(path);
  if (engine) {
    const [, pid, luid, phys, eng, type] = engine;
    addEngine(d, {
      pid: Number(pid),
      luid: luid!.toLowerCase(),
      engineKey: `${phys}/${eng}`,
      cls: engineClass(type!),
      busy: value(cell, 100),
    });
    return true;
  }
  const memory = MEMORY_COLUMN.exec(path);
  if (memory) {
    const [, pid, luid, phys] = memory;
    addMemory(d, Number(pid), luid!.toLowerCase(), phys!, value(cell, MAX_MEMORY_MIB * MIB));
    return true;
  }
  const adapter = ADAPTER_MEMORY_COLUMN.exec(path);
  if (adapter) {
    const [, luid, phys] = adapter;
    addAdapterMemory(d, luid!.toLowerCase(), phys!, value(cell, MAX_MEMORY_MIB * MIB));
    return true;
  }
  return false;
}

/**
 * One engine counter: the process and adapter it belongs to, which engine, its class, and how busy (percent, or null).
 */
interface EngineCell {
  pid: number;
  luid: string;
  engineKey: string;
  cls: EngineClass;
  busy: number | null;
}

function addEngine(d: Draft, { pid, luid, engineKey, cls, busy }: EngineCell): void {
  // The same instance twice is a repeat, not a second process.
  const id = `e/${pid}/${luid}/${engineKey}`;
  if (d.seen.has(id)) return;
  d.seen.add(id);
  const engines = d.engines.get(luid) ?? new Map<string, number>();
  d.engines.set(luid, engines);
  if (busy === null) return;
  engines.set(engineKey, (engines.get(engineKey) ?? 0) + busy);
  const p = processDraft(d, pid);
  if (!p) return;
  p.busy[cls] += busy;
  if (cls !== 'other') p.hasShareEngine = true;
  p.busyByAdapter.set(luid, (p.busyByAdapter.get(luid) ?? 0) + busy);
}

function addMemory(d: Draft, pid: number, luid: string, phys: string, bytes: number | null): void {
  const id = `m/${pid}/${luid}/${phys}`;
  if (d.seen.has(id) || bytes === null) return;
  d.seen.add(id);
  if (!d.engines.has(luid)) d.engines.set(luid, new Map());
  const p = processDraft(d, pid);
  if (p) p.memoryByAdapter.set(luid, (p.memoryByAdapter.get(luid) ?? 0) + bytes);
}

function addAdapterMemory(d: Draft, luid: string, phys: string, bytes: number | null): void {
  const id = `a/${luid}/${phys}`;
  if (d.seen.has(id)) return;
  d.seen.add(id);
  if (!d.engines.has(luid)) d.engines.set(luid, new Map());
  if (bytes !== null) d.adapterMemory.set(luid, (d.adapterMemory.get(luid) ?? 0) + bytes);
}

function processDraft(d: Draft, pid: number): ProcessDraft | null {
  // pid 0 is the idle process, not a program.
  if (pid < 1 || pid > MAX_PID) return null;
  let p = d.processes.get(pid);
  if (!p && d.processes.size < 16 * MAX_GPU_PROCESSES) {
    p = {
      busy: { graphics: 0, compute: 0, other: 0 },
      hasShareEngine: false,
      busyByAdapter: new Map(),
      memoryByAdapter: new Map(),
    };
    d.processes.set(pid, p);
  }
  return p ?? null;
}

function engineClass(type: string): EngineClass {
  if (/^3d$/i.test(type)) return 'graphics';
  return /^(compute(_\d+)?|cuda)$/i.test(type) ? 'compute' : 'other';
}

/** A cell as typeperf prints it ("62.500000"; a comma as the decimal mark on some locales); blank or odd = null. */
function value(cell: string | undefined, max: number): number | null {
  const text = (cell ?? '').trim().replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!/^\d{1,20}(?:\.\d{1,12})?$/.test(text)) return null;
  const n = Number(text);
  // Above the maximum is a counter glitch, not a very busy engine.
  return Number.isFinite(n) && n <= max ? n : null;
}

function compareLuid(a: string, b: string): number {
  const [ah, al] = a.split('_').map((x) => parseInt(x, 16));
  const [bh, bl] = b.split('_').map((x) => parseInt(x, 16));
  return ah! - bh! || al! - bl!;
}

function gpuState(d: Draft, luid: string, index: number): GpuState {
  const engines = [...d.engines.get(luid)!.values()];
  const memory = d.adapterMemory.get(luid);
  return {
    index,
    name: `GPU luid ${luid}`,
    utilizationPct:
      engines.length === 0
        ? null
        : Math.min(
            100,
            engines.reduce((a, b) => Math.max(a, b), 0),
          ),
    memoryUsedMiB: memory === undefined ? null : Math.min(memory / MIB, MAX_MEMORY_MIB),
    memoryTotalMiB: null,
    powerW: null,
    powerLimitW: null,
    temperatureC: null,
  };
}

function processes(d: Draft, adapters: string[], names: Map<number, string>): GpuProcess[] {
  const out: GpuProcess[] = [];
  for (const [pid, p] of d.processes) {
    const memoryBytes = [...p.memoryByAdapter.values()].reduce((a, b) => a + b, 0);
    const busy = p.busy.graphics + p.busy.compute + p.busy.other;
    if (busy <= 0 && memoryBytes <= 0) continue;
    out.push({
      pid,
      // tasklist gives "Cyberpunk2077.exe"; anything with a folder is cut to its base name.
      name: programName(names.get(pid) ?? ''),
      gpu: busiestAdapter(p, adapters),
      kind: kindOf(p),
      memoryMiB: p.memoryByAdapter.size === 0 ? null : Math.min(memoryBytes / MIB, MAX_MEMORY_MIB),
      utilizationPct: p.hasShareEngine ? Math.min(100, Math.max(p.busy.graphics, p.busy.compute)) : null,
    });
  }
  const rank = (x: GpuProcess) => x.utilizationPct ?? -1;
  out.sort((a, b) => rank(b) - rank(a) || (b.memoryMiB ?? -1) - (a.memoryMiB ?? -1) || a.pid - b.pid);
  return out.slice(0, MAX_GPU_PROCESSES);
}

function kindOf(p: ProcessDraft): GpuProcessKind | null {
  if (p.busy.graphics > 0 && p.busy.compute > 0) return 'both';
  if (p.busy.graphics > 0) return 'graphics';
  return p.busy.compute > 0 ? 'compute' : null;
}

function busiestAdapter(p: ProcessDraft, adapters: string[]): number | null {
  const top = (m: Map<string, number>) => [...m].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])[0]?.[0];
  const luid = top(p.busyByAdapter) ?? top(p.memoryByAdapter);
  const index = luid === undefined ? -1 : adapters.indexOf(luid);
  return index < 0 ? null : index;
}
