import { cleanName, programName } from '../programs/program-names';
import {
  GpuToolError,
  MAX_MEMORY_MIB,
  MAX_POWER_W,
  MAX_TEMPERATURE_C,
  MAX_GPU_PROCESSES,
  MAX_GPUS,
  type GpuProcess,
  type GpuSample,
  type GpuState,
} from './gpu-sample';
import { shapeProblem, type ShapeLimits } from '../../net';

/**
 * Reading AMD's `rocm-smi --json` (Linux, ROCm). Pure: the runner spawns the tool with `rocmSmiArgs` and hands its
 * stdout to `parseRocmSmiJson`.
 *
 * What the JSON looks like comes from the tool's own source, python_smi_tools/rocm_smi.py in ROCm/rocm_smi_lib,
 * read at the tags rocm-4.0.0, rocm-5.0.0, rocm-5.7.0, rocm-6.0.0 and rocm-6.2.2, and from captured outputs of ROCm
 * 4.3 to 6.1 (tests/support/gpu-tools/captured/rocm-smi):
 * - One object per GPU, keyed "card0", "card1", … by the tool's own device index, and a "system" object. Every value
 *   is a string ("45.0", "N/A", "None"); a reading the tool could not get is usually left out altogether.
 * - Power: "Average Graphics Package Power (W)" up to ROCm 6.0; from 6.1 the label follows the kind of reading,
 *   "Current Socket Graphics Package Power (W)" or "Average …". A secondary die prints "N/A (Secondary die)".
 * - The product name: "Card series"/"Card model" up to 6.0, "Card Series"/"Card Model" from 6.1. "Card Model" is a
 *   PCI id ("0x73df"), and ROCm 4.3 printed the vendor id ("0x1002") as the series too.
 * - Compute processes (--showpids), from ROCm 4.1 on: "system": {"PID1234": "name, gpus, vram bytes, sdma, cu"}.
 *   The tool lower-cases the row and turns every space into ", ", so "Web Content" arrives as "web, content";
 *   the last four fields are the counts, and "gpus" is how many GPUs the process uses, not which.
 *
 * The process list comes from the kernel's compute driver (KFD): it names compute users only, never a game. An
 * empty list means no compute process, as printed by ROCm 4.1 and later; ROCm 4.0 and older never printed PIDs
 * in JSON, so there the list is always empty. A process's GPU is known only when the computer has one.
 *
 * When the amdgpu driver is not loaded, rocm-smi prints "ERROR:root:Driver not initialized (amdgpu not found in
 * modules)" on stderr and exits 0 with nothing on stdout: that empty text reads as 'unreadable' here.
 */

/** The answer to `rocmSmiArgs` is about 500 bytes per GPU; even the full `-a` dump of six MI100s is 21 kB. */
export const MAX_ROCM_JSON_CHARS = 1024 * 1024;

/** The tool's device index; the node's schema takes no more. */
const MAX_CARD_INDEX = 1024;
const MAX_PID = 0xffff_ffff;
/** Lines starting with "{" tried as the start of the JSON: warnings come first, and there are one or two. */
const MAX_JSON_TRIES = 4;
const MIB = 1024 * 1024;
/**
 * rocm-smi's JSON is three levels deep (cards, their fields; "system", its processes) and holds a few values per field.
 */
const ROCM_JSON_SHAPE: ShapeLimits = { maxDepth: 8, maxValues: 50_000 };

/**
 * One look, one answer. All these flags exist, with these meanings, from ROCm 4.0 to 6.x: `--showmeminfo` takes a
 * list of memory kinds (so `vram` must follow it), and `--showpids` takes an optional "details" word, which the
 * next `--…` flag is not mistaken for.
 */
export function rocmSmiArgs(): string[] {
  return [
    '--showuse',
    '--showmeminfo',
    'vram',
    '--showpower',
    '--showmaxpower',
    '--showtemp',
    '--showproductname',
    '--showpids',
    '--json',
  ];
}

export function parseRocmSmiJson(text: string): GpuSample {
  if (text.length > MAX_ROCM_JSON_CHARS)
    throw new GpuToolError('too_large', `rocm-smi printed ${text.length} characters`);
  const root = readJsonObject(text);
  const gpus = readCards(root);
  return { tool: 'rocm-smi', gpus, processes: readProcesses(root.system, gpus) };
}

type Fields = Record<string, unknown>;

/**
 * Some releases print a warning line on stdout before the JSON, so the object is looked for: it starts at a line
 * that begins with "{" (the first few are tried) and ends at the last "}". rocm-smi prints it on one line; captures
 * are often pretty-printed, which this reads too.
 */
function readJsonObject(text: string): Fields {
  const end = text.lastIndexOf('}');
  let failure = 'rocm-smi printed no JSON object';
  for (const start of objectStarts(text)) {
    if (start > end) break;
    const json = text.slice(start, end + 1);
    // V8's JSON.parse takes time growing with the square of the nesting (400 000 closed brackets: seconds on a slow
    // machine), so a shape rocm-smi never prints is refused by a linear scan first.
    const shape = shapeProblem(json, ROCM_JSON_SHAPE);
    if (shape !== null) {
      failure =
        shape === 'too_deep'
          ? 'rocm-smi printed JSON nested deeper than it ever does'
          : 'rocm-smi printed JSON with more values than it ever does';
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (err) {
      failure = `rocm-smi printed broken JSON: ${err instanceof Error ? err.message.slice(0, 120) : 'parse error'}`;
      continue;
    }
    if (isFields(value)) return value;
    failure = 'rocm-smi printed JSON that is not an object';
  }
  throw new GpuToolError('unreadable', failure);
}

/** Where lines starting with "{" start; a handful at most, since each try reads the rest of the text. */
function objectStarts(text: string): number[] {
  const starts: number[] = [];
  const line = /^[ \t]*\{/gm;
  for (let m = line.exec(text); m && starts.length < MAX_JSON_TRIES; m = line.exec(text)) starts.push(m.index);
  return starts;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readCards(root: Fields): GpuState[] {
  const cards: GpuState[] = [];
  for (const [key, value] of Object.entries(root)) {
    const m = /^card(\d{1,4})$/.exec(key);
    if (!m || !isFields(value)) continue;
    const index = Number(m[1]);
    if (index <= MAX_CARD_INDEX) cards.push(toGpuState(index, value));
  }
  return cards.sort((a, b) => a.index - b.index).slice(0, MAX_GPUS);
}

function toGpuState(index: number, f: Fields): GpuState {
  const pick = (...keys: string[]) => keys.map((k) => f[k]).find((v) => v !== undefined);
  const bytes = (key: string) => {
    const b = number(f[key], MAX_MEMORY_MIB * MIB);
    return b === null ? null : b / MIB;
  };
  return {
    index,
    name: productName(f),
    utilizationPct: number(f['GPU use (%)'], 100),
    memoryUsedMiB: bytes('VRAM Total Used Memory (B)'),
    memoryTotalMiB: bytes('VRAM Total Memory (B)'),
    // Whichever kind of reading this GPU gives: the "current socket" one on newer chips, the average on older.
    powerW: number(
      pick('Current Socket Graphics Package Power (W)', 'Average Graphics Package Power (W)'),
      MAX_POWER_W,
    ),
    powerLimitW: number(f['Max Graphics Package Power (W)'], MAX_POWER_W),
    // The edge sensor is the one comparable to other GPUs' "GPU temperature"; junction (hotspot) when there is none.
    temperatureC: number(pick('Temperature (Sensor edge) (C)', 'Temperature (Sensor junction) (C)'), MAX_TEMPERATURE_C),
  };
}

/** The marketing name when the tool has one; a bare PCI id ("0x73df") names nothing a person would recognise. */
function productName(f: Fields): string {
  for (const key of ['Card Series', 'Card series', 'Device Name', 'Card Model', 'Card model']) {
    const value = f[key];
    if (typeof value !== 'string') continue;
    const name = stated(cleanName(value));
    if (name && !/^0x[0-9a-f]+$/i.test(name)) return name;
  }
  return 'AMD GPU';
}

const PLAIN_NUMBER = /^-?\d{1,15}(?:\.\d{1,9})?$/;

/** A reading as the tool prints it ("45.0", or a JSON number from a future release), or null if it is not one. */
function number(value: unknown, max: number): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && PLAIN_NUMBER.test(value.trim())) n = Number(value.trim());
  else return null;
  return Number.isFinite(n) && n >= 0 && n <= max ? n : null;
}

function readProcesses(system: unknown, gpus: GpuState[]): GpuProcess[] {
  if (!isFields(system)) return [];
  const out: GpuProcess[] = [];
  for (const [key, value] of Object.entries(system)) {
    if (out.length >= MAX_GPU_PROCESSES) break;
    const m = /^PID(\d{1,10})$/.exec(key);
    if (!m || typeof value !== 'string') continue;
    const process = toProcess(Number(m[1]), value, gpus);
    if (process) out.push(process);
  }
  return out;
}

/** "python3, 1, 1073741824, 0, 12": the name (its spaces turned into ", "), GPU count, VRAM bytes, SDMA, CUs. */
function toProcess(pid: number, row: string, gpus: GpuState[]): GpuProcess | null {
  if (pid < 1 || pid > MAX_PID) return null;
  const fields = row.split(', ');
  if (fields.length < 5) return null;
  const [gpuCount, vram] = fields.slice(-4);
  const vramBytes = number(vram, MAX_MEMORY_MIB * MIB);
  return {
    pid,
    // The tool prints `ps -o comm=`, a base name; a folder is dropped all the same, since the type promises none.
    name: stated(programName(fields.slice(0, -4).join(' '))),
    // The tool says how many GPUs, not which; with one GPU in the computer, that one.
    gpu: gpus.length === 1 && (number(gpuCount, MAX_GPUS) ?? 0) >= 1 ? gpus[0]!.index : null,
    kind: 'compute',
    memoryMiB: vramBytes === null ? null : vramBytes / MIB,
    // "CU occupancy" counts compute units, not a share of time.
    utilizationPct: null,
  };
}

/** What the tool prints for a name it does not know: no name at all. */
function stated(name: string): string {
  return /^(n\/a|none|unknown)$/i.test(name) ? '' : name;
}
