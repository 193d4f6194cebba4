import { SaxesParser } from 'saxes';
import { cleanName } from '../programs/program-names';
import {
  GpuToolError,
  MAX_MEMORY_MIB,
  MAX_POWER_W,
  MAX_TEMPERATURE_C,
  MAX_GPU_PROCESSES,
  MAX_GPUS,
  type GpuProcess,
  type GpuProcessKind,
  type GpuSample,
  type GpuState,
} from './gpu-sample';

/**
 * Reading NVIDIA's `nvidia-smi -q -x` (pure: no process is started here; the runner spawns the tool with
 * `nvidiaSmiArgs` and feeds its stdout through `NvidiaXmlSplitter` into `parseNvidiaSmiXml`).
 *
 * The XML is read with saxes, which looks at each character once and reads no DTD, so no entity beyond the five
 * predefined ones is ever expanded, whatever the document declares. The element names changed across driver
 * generations (checked against captured outputs from drivers 418 to 595 in tests/support/gpu-tools/captured):
 * power sits in `<power_readings>` up to the 525 drivers and in `<gpu_power_readings>` from 535 on, where the draw
 * is `<power_draw>` (535/536) or `<instant_power_draw>` beside `<average_power_draw>` (570 on), and the limit is
 * `<enforced_power_limit>` or `<current_power_limit>`. Anything "N/A", "[Not Supported]", "Requested functionality
 * has been deprecated" or otherwise not a plain number in the expected unit reads as null.
 *
 * GPU index: the order of the `<gpu>` elements, which is nvidia-smi's own index (`nvidia-smi -i N`, the
 * `index` of --query-gpu). `<minor_number>` is the /dev/nvidiaN node, not that index: it is "N/A" on Windows,
 * and a captured two-GPU Linux output lists minor 1 before minor 0.
 *
 * Processes: `[]` only when every GPU printed an empty `<processes>` (the tool listed nobody). A `<processes>`
 * holding text instead of `<process_info>` ("N/A", what NVIDIA's own nvidia_smi.py sample prints when NVML cannot
 * list processes) or a GPU without `<processes>` makes the whole list null: a partial list would claim that the
 * programs on the other GPU do not exist.
 */

/** Larger than any real document: one GPU prints 10–120 kB, most of it the supported clocks table. */
export const MAX_NVIDIA_DOC_CHARS = 1024 * 1024;
const END_TAG = '</nvidia_smi_log>';
/** The captured documents nest 6 or 7 deep; one nested far deeper is not nvidia-smi's. */
const MAX_DEPTH = 32;
/** A captured one-GPU document has 300–1,100 elements, a two-GPU one 1,600. */
const MAX_ELEMENTS = 100_000;
/** Tolerated well-formedness errors (text outside the root, a stray character); past this the text is not XML. */
const MAX_ERRORS = 50;
/** Text kept per element; the start of a longer text is kept, since a program's name starts its command line. */
const MAX_TEXT_CHARS = 4096;

const MIN_INTERVAL_MS = 50;
const MAX_INTERVAL_MS = 60_000;
const DEFAULT_INTERVAL_MS = 1500;

/**
 * The arguments for one long-lived `nvidia-smi` that prints a full XML document every `intervalMs` until killed.
 * No `-d MEMORY,UTILIZATION,…`: nvidia-smi's help and manual say `-d` "doesn't work with -u or -x flags", and the
 * section list it filters to leaves out the product name. With `-x`, the Xid/ECC event lines that a text loop
 * prints between samples are not printed, so stdout holds nothing but documents.
 */
export function nvidiaSmiArgs(intervalMs: number): string[] {
  const ms = Number.isFinite(intervalMs)
    ? Math.round(Math.min(Math.max(intervalMs, MIN_INTERVAL_MS), MAX_INTERVAL_MS))
    : DEFAULT_INTERVAL_MS;
  return ['-q', '-x', '-lms', String(ms)];
}

/**
 * Cuts the looping tool's stdout into documents; each ends at `</nvidia_smi_log>`. Feed it decoded text (set the
 * stream's encoding, so a character split across chunks arrives whole).
 */
export class NvidiaXmlSplitter {
  private pending = '';

  /** The documents this chunk completed, trimmed. Throws GpuToolError('too_large') and drops what it held when a
   * document grows past MAX_NVIDIA_DOC_CHARS (a tool printing garbage or a document that never ends). */
  push(chunk: string): string[] {
    // The end tag may straddle the previous chunk and this one.
    let searchFrom = Math.max(0, this.pending.length - END_TAG.length + 1);
    this.pending += chunk;
    const docs: string[] = [];
    let start = 0;
    for (
      let end = this.pending.indexOf(END_TAG, searchFrom);
      end >= 0;
      end = this.pending.indexOf(END_TAG, searchFrom)
    ) {
      searchFrom = end + END_TAG.length;
      if (searchFrom - start > MAX_NVIDIA_DOC_CHARS) this.overflow();
      docs.push(this.pending.slice(start, searchFrom).trim());
      start = searchFrom;
    }
    this.pending = this.pending.slice(start);
    if (this.pending.length > MAX_NVIDIA_DOC_CHARS) this.overflow();
    return docs;
  }

  private overflow(): never {
    this.pending = '';
    throw new GpuToolError(
      'too_large',
      `nvidia-smi printed more than ${MAX_NVIDIA_DOC_CHARS} characters without ending a document`,
    );
  }
}

/** One `<gpu>` as it is read. `processes` stays undefined until its `<processes>` element is seen. */
interface GpuDraft {
  index: number;
  fields: Map<string, string>;
  processes?: GpuProcess[] | 'unlisted';
  process?: Map<string, string>;
}

interface Open {
  name: string;
  text: string;
  textOnly: boolean;
}

/** The GPU fields read, by path below `<gpu>`; both power blocks land under one key so either schema fills it. */
const GPU_FIELDS: Record<string, string> = {
  product_name: 'name',
  'utilization/gpu_util': 'util',
  'fb_memory_usage/used': 'memUsed',
  'fb_memory_usage/total': 'memTotal',
  // Drivers before fb_memory_usage existed (the 2xx era) wrote memory_usage.
  'memory_usage/used': 'memUsedOld',
  'memory_usage/total': 'memTotalOld',
  'temperature/gpu_temp': 'temp',
};
const POWER_BLOCKS = new Set(['gpu_power_readings', 'power_readings']);
/** 340-era drivers wrote compute_processes (no `type`); later ones processes. */
const PROCESS_BLOCKS = new Set(['processes', 'compute_processes']);

/** Reads one `nvidia-smi -q -x` document. Throws GpuToolError only: 'too_large' or 'unreadable'. */
export function parseNvidiaSmiXml(xml: string): GpuSample {
  if (xml.length > MAX_NVIDIA_DOC_CHARS)
    throw new GpuToolError('too_large', `nvidia-smi document larger than ${MAX_NVIDIA_DOC_CHARS} characters`);
  let drafts: GpuDraft[];
  try {
    drafts = readDrafts(xml);
  } catch (err) {
    if (err instanceof GpuToolError) throw err;
    throw new GpuToolError(
      'unreadable',
      `nvidia-smi output is not readable XML (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  return { tool: 'nvidia-smi', gpus: drafts.map(toGpuState), processes: mergeProcesses(drafts) };
}

/**
 * An `&` that starts no XML reference. Whether nvidia-smi escapes `&` in a program's path is not known, and a game
 * folder can hold one ("Command & Conquer"); left raw it would make saxes read the rest of the document as an
 * entity name, so it is read as itself. The lookahead is bounded, so this stays linear.
 */
const STRAY_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/g;

function readDrafts(xml: string): GpuDraft[] {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const stack: Open[] = [];
  const drafts: GpuDraft[] = [];
  let gpu: GpuDraft | null = null;
  let elements = 0;
  let errors = 0;
  let rootClosed = false;
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top?.textOnly && top.text.length < MAX_TEXT_CHARS) top.text += t.slice(0, MAX_TEXT_CHARS - top.text.length);
  };
  parser.on('error', (err) => {
    errors += 1;
    if (errors > MAX_ERRORS) throw new GpuToolError('unreadable', `nvidia-smi output is not XML (${err.message})`);
  });
  parser.on('opentag', (tag) => {
    elements += 1;
    if (elements > MAX_ELEMENTS)
      throw new GpuToolError('too_large', `nvidia-smi document with more than ${MAX_ELEMENTS} elements`);
    if (stack.length >= MAX_DEPTH) throw new GpuToolError('unreadable', `XML elements nested deeper than ${MAX_DEPTH}`);
    if (stack.length === 0 && (tag.name !== 'nvidia_smi_log' || rootClosed))
      throw new GpuToolError('unreadable', `not an nvidia-smi document (root <${tag.name.slice(0, 40)}>)`);
    const top = stack[stack.length - 1];
    if (top) top.textOnly = false;
    stack.push({ name: tag.name, text: '', textOnly: true });
    if (stack.length === 2 && tag.name === 'gpu') {
      gpu = drafts.length < MAX_GPUS ? { index: drafts.length, fields: new Map() } : null;
      if (gpu) drafts.push(gpu);
    } else if (gpu) openInGpu(gpu, stack);
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const el = stack.pop();
    if (!el) return;
    if (stack.length === 0) rootClosed = true;
    else if (stack.length === 1 && el.name === 'gpu') gpu = null;
    else if (gpu) closeInGpu(gpu, stack, el);
  });
  parser.write(xml.replace(STRAY_AMPERSAND, '&amp;')).close();
  if (!rootClosed) throw new GpuToolError('unreadable', 'nvidia-smi document without a complete <nvidia_smi_log>');
  return drafts;
}

/** `stack` holds nvidia_smi_log, gpu, …, and the element just opened. */
function openInGpu(gpu: GpuDraft, stack: Open[]): void {
  const path = stack.slice(2).map((o) => o.name);
  if (path.length === 1 && PROCESS_BLOCKS.has(path[0]!) && gpu.processes === undefined) gpu.processes = [];
  else if (path.length === 2 && PROCESS_BLOCKS.has(path[0]!) && path[1] === 'process_info')
    gpu.process = new Map([['block', path[0]!]]);
}

/** `stack` holds nvidia_smi_log, gpu, … up to the parent of `el`, which has just closed. */
function closeInGpu(gpu: GpuDraft, stack: Open[], el: Open): void {
  const parents = stack.slice(2).map((o) => o.name);
  const text = el.textOnly ? el.text.trim() : null;
  if (parents.length === 0 && PROCESS_BLOCKS.has(el.name)) {
    // Text where process entries belong: the tool says why it cannot list them.
    if (text && Array.isArray(gpu.processes) && gpu.processes.length === 0) gpu.processes = 'unlisted';
  } else if (parents.length === 1 && PROCESS_BLOCKS.has(parents[0]!) && el.name === 'process_info') {
    addProcess(gpu);
  } else if (text !== null && parents.length === 2 && parents[1] === 'process_info') {
    gpu.process?.set(el.name, text);
  } else if (text !== null && parents.length === 1 && POWER_BLOCKS.has(parents[0]!)) {
    if (!gpu.fields.has(`power/${el.name}`)) gpu.fields.set(`power/${el.name}`, text);
  } else if (text !== null) {
    const key = GPU_FIELDS[[...parents, el.name].join('/')];
    if (key && !gpu.fields.has(key)) gpu.fields.set(key, text);
  }
}

function addProcess(gpu: GpuDraft): void {
  const fields = gpu.process;
  gpu.process = undefined;
  if (!fields || !Array.isArray(gpu.processes)) return;
  const pid = integer(fields.get('pid'), 0xffff_ffff);
  if (pid === null || pid === 0) return;
  gpu.processes.push({
    pid,
    name: programName(fields.get('process_name') ?? ''),
    gpu: gpu.index,
    kind: fields.get('block') === 'compute_processes' ? 'compute' : processKind(fields.get('type')),
    memoryMiB: measure(fields.get('used_memory'), ['MiB', 'MB'], MAX_MEMORY_MIB),
    utilizationPct: null,
  });
}

/** Null when any GPU could not list its processes; capped at MAX_GPU_PROCESSES. */
function mergeProcesses(drafts: GpuDraft[]): GpuProcess[] | null {
  const all: GpuProcess[] = [];
  for (const d of drafts) {
    if (!Array.isArray(d.processes)) return null;
    all.push(...d.processes);
  }
  return all.slice(0, MAX_GPU_PROCESSES);
}

function toGpuState(d: GpuDraft): GpuState {
  const f = (key: string) => d.fields.get(key);
  const firstPower = (keys: string[]) =>
    keys.map((k) => measure(f(`power/${k}`), ['W'], MAX_POWER_W)).find((v) => v !== null) ?? null;
  return {
    index: d.index,
    name: stated(f('name') ?? ''),
    utilizationPct: measure(f('util'), ['%'], 100),
    memoryUsedMiB: measure(f('memUsed') ?? f('memUsedOld'), ['MiB', 'MB'], MAX_MEMORY_MIB),
    memoryTotalMiB: measure(f('memTotal') ?? f('memTotalOld'), ['MiB', 'MB'], MAX_MEMORY_MIB),
    // The instant reading first: the watcher wants the draw now, not a one-second average.
    powerW: firstPower(['instant_power_draw', 'power_draw', 'average_power_draw']),
    powerLimitW: firstPower(['enforced_power_limit', 'current_power_limit', 'power_limit']),
    temperatureC: measure(f('temp'), ['C'], MAX_TEMPERATURE_C),
  };
}

/** "45 %", "1234 MiB", "31.25 W", "41 C" → the number; "N/A", "[Not Supported]", negatives, other units → null. */
const MEASURE = /^(\d{1,12}(?:\.\d{1,6})?)\s*([A-Za-z%]*)$/;

function measure(text: string | undefined, units: string[], max: number): number | null {
  const m = text === undefined ? null : MEASURE.exec(text.trim());
  if (!m || (m[2] !== '' && !units.includes(m[2]!))) return null;
  const n = Number(m[1]);
  return Number.isFinite(n) && n <= max ? n : null;
}

function integer(text: string | undefined, max: number): number | null {
  const n = text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) && n <= max ? n : null;
}

/** "C" compute, "G" graphics, "C+G" both; newer drivers add "M" (MPS) to these, which changes nothing here. */
function processKind(type: string | undefined): GpuProcessKind | null {
  const parts = new Set((type ?? '').toUpperCase().split('+'));
  if (parts.has('C') && parts.has('G')) return 'both';
  if (parts.has('C')) return 'compute';
  if (parts.has('G')) return 'graphics';
  return null;
}

const NOT_AVAILABLE = /^\[?(n\/a|not supported|not available|unknown error|insufficient permissions)\]?$/i;
const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\)/;
/** A space then `-` or `/` then more: where arguments start in a Linux name (see programName). */
const ARGUMENTS = /\s[-/]\S/;

/**
 * The base name of a program from its `process_name`. On Windows that is the executable's full path, spaces
 * included ("C:\Program Files (x86)\…\chrome.exe"). On Linux it is argv[0]: usually a path, but Chromium and
 * Electron programs rewrite their command line into one string, so it can carry the arguments
 * ("/opt/microsoft/msedge/msedge --type=gpu-process …"); those are cut off first. A space inside a name stays
 * ("/usr/lib/plexmediaserver/Plex Transcoder").
 */
export function programName(raw: string): string {
  const path = raw.trim();
  if (NOT_AVAILABLE.test(path)) return '';
  const windows = WINDOWS_PATH.test(path);
  const cut = windows ? path : path.slice(0, ARGUMENTS.exec(path)?.index ?? path.length);
  const base = cut.slice(Math.max(cut.lastIndexOf('/'), windows ? cut.lastIndexOf('\\') : -1) + 1);
  return stated(base);
}

/** A name cleaned like every program and GPU name; what the tool prints for an unknown one is no name. */
function stated(raw: string): string {
  const name = cleanName(raw);
  return NOT_AVAILABLE.test(name) ? '' : name;
}
