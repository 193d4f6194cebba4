import { cleanName } from '../programs/program-names';
import {
  GpuToolError,
  MAX_MEMORY_MIB,
  MAX_POWER_W,
  MAX_TEMPERATURE_C,
  MAX_GPUS,
  MAX_NAME_CHARS,
  type GpuSample,
  type GpuState,
} from './gpu-sample';

/**
 * Reading macOS's I/O Registry, `ioreg -r -d 1 -w 0 -c IOAccelerator`: every GPU driver's accelerator object, one
 * level deep, lines never cut. Pure: the runner spawns `/usr/sbin/ioreg` with `ioregArgs` and hands stdout here.
 *
 * Each GPU prints as a header line at the left edge, "+-o AGXAcceleratorG17X  <class AGXAcceleratorG17X, id …>",
 * then its properties, one per line: `"key" = value`. Of those only three are read:
 * - "PerformanceStatistics", a one-line dictionary of counters, `{"Device Utilization %"=21,"In use system
 *   memory"=1639071744,…}`. Apple silicon (AGXAccelerator) reports "Device Utilization %" and the unified memory
 *   the GPU holds ("In use system memory"; the GPU has no memory of its own, so no total). AMD cards in Intel Macs
 *   report "GPU Activity(%)" (and, on some drivers, "Device Utilization %"), their own memory as
 *   "vramUsedBytes"/"inUseVidMemoryBytes" and "vramFreeBytes" (the total is used + free, the part the driver
 *   manages), "Temperature(C)" and "Total Power(W)". Drivers also print "PerformanceStatisticsAccum", a different
 *   dictionary with some of the same names, which is not read.
 * - "model", the product name ("Apple M5 Pro"), a string or data shown as `<"Intel UHD Graphics 630">`; AMD's
 *   accelerator has none, so "IOClass" (the driver class) names it then.
 * Checked against a capture from an Apple M5 Pro (its long legend line shortened) and one assembled from pasted
 * Intel-Mac outputs
 * (tests/support/gpu-tools/captured/ioreg). ioreg cannot say which program uses the GPU: processes are null.
 */

/** An Apple silicon entry is 3–45 kB (its IOReportLegend line); two GPUs' worth stays far below this. */
export const MAX_IOREG_CHARS = 2 * 1024 * 1024;
/** Counters kept from one dictionary; the AMD driver's has about a hundred. */
const MAX_KEYS = 1024;
/** Real dictionaries nest 3 deep; past this the text is not ioreg's. */
const MAX_DEPTH = 64;
const MIB = 1024 * 1024;

const READ_KEYS = ['PerformanceStatistics', 'model', 'IOClass'] as const;
type ReadKey = (typeof READ_KEYS)[number];

interface Entry {
  className: string;
  props: Map<ReadKey, string>;
}

export function ioregArgs(): string[] {
  return ['-r', '-d', '1', '-w', '0', '-c', 'IOAccelerator'];
}

export function parseIoreg(text: string): GpuSample {
  if (text.length > MAX_IOREG_CHARS) throw new GpuToolError('too_large', `ioreg printed ${text.length} characters`);
  const entries = readEntries(text);
  // No accelerator at all prints nothing (a virtual machine without a GPU); text without any entry is not ioreg's.
  if (entries.length === 0 && text.trim() !== '')
    throw new GpuToolError('unreadable', 'ioreg printed no IOAccelerator entry');
  return { tool: 'ioreg', gpus: entries.map(toGpuState), processes: null };
}

function readEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  let current: Entry | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('+-o ')) {
      if (entries.length >= MAX_GPUS) break;
      current = { className: headerClass(line), props: new Map() };
      entries.push(current);
      continue;
    }
    const body = line.replace(/^[\s|]*/, '');
    // An indented header is a child object (only printed without -d 1): its properties are not the GPU's.
    if (body.startsWith('+-o ')) current = null;
    else if (current && body.startsWith('"')) readProperty(current, body);
  }
  return entries;
}

function headerClass(line: string): string {
  return /<class ([^,>\s]{1,200})/.exec(line.slice(0, 512))?.[1] ?? '';
}

function readProperty(entry: Entry, body: string): void {
  for (const key of READ_KEYS) {
    const prefix = `"${key}" = `;
    // The first one wins: ioreg never repeats a key, so a repeat is not to be trusted over the original.
    if (body.startsWith(prefix) && !entry.props.has(key)) entry.props.set(key, body.slice(prefix.length).trimEnd());
  }
}

function toGpuState(entry: Entry, index: number): GpuState {
  const stats = readDictionary(entry.props.get('PerformanceStatistics') ?? '');
  const reading = (keys: string[], max: number) => {
    for (const key of keys) {
      const v = stats.get(key);
      if (v !== undefined && v >= 0 && v <= max) return v;
    }
    return null;
  };
  const memory = readMemory(reading);
  return {
    index,
    name: gpuName(entry),
    utilizationPct: reading(['Device Utilization %', 'GPU Activity(%)'], 100),
    memoryUsedMiB: memory.used,
    memoryTotalMiB: memory.total,
    powerW: reading(['Total Power(W)'], MAX_POWER_W),
    powerLimitW: null,
    temperatureC: reading(['Temperature(C)'], MAX_TEMPERATURE_C),
  };
}

type Reading = (keys: string[], max: number) => number | null;

/** A card's own memory when the driver reports it; otherwise the shared memory the GPU holds, which has no total. */
function readMemory(reading: Reading): { used: number | null; total: number | null } {
  const maxBytes = MAX_MEMORY_MIB * MIB;
  const vramUsed = reading(['vramUsedBytes', 'inUseVidMemoryBytes'], maxBytes);
  const vramFree = reading(['vramFreeBytes'], maxBytes);
  if (vramUsed !== null || vramFree !== null) {
    const total = vramUsed !== null && vramFree !== null ? (vramUsed + vramFree) / MIB : null;
    return {
      used: vramUsed === null ? null : vramUsed / MIB,
      total: total !== null && total <= MAX_MEMORY_MIB ? total : null,
    };
  }
  const shared = reading(['In use system memory'], maxBytes);
  return { used: shared === null ? null : shared / MIB, total: null };
}

/**
 * The top-level numbers of a one-line ioreg dictionary, `{"a"=1,"b"="x,}y","c"=(1,{"d"=2}),"e"=<0a0b>}`. Strings,
 * lists, data and nested dictionaries are stepped over; a malformed or cut dictionary gives what came before.
 */
function readDictionary(text: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!text.startsWith('{')) return out;
  let i = 1;
  while (i < text.length && text[i] !== '}' && out.size < MAX_KEYS) {
    if (text[i] === ',') {
      i++;
      continue;
    }
    const keyEnd = text[i] === '"' ? text.indexOf('"', i + 1) : -1;
    if (keyEnd < 0 || text[keyEnd + 1] !== '=') break;
    const valueEnd = skipValue(text, keyEnd + 2);
    if (valueEnd < 0) break;
    const key = text.slice(i + 1, keyEnd);
    const raw = text.slice(keyEnd + 2, valueEnd);
    if (/^-?\d{1,20}(?:\.\d{1,9})?$/.test(raw) && !out.has(key)) out.set(key, Number(raw));
    i = valueEnd;
  }
  return out;
}

/** Where the value starting at `start` ends: the "," or "}" after it at the dictionary's own level; -1 if never. */
function skipValue(text: string, start: number): number {
  let depth = 0;
  for (let j = start; j < text.length; j++) {
    const c = text[j];
    if (c === '"') {
      j = text.indexOf('"', j + 1);
      if (j < 0) return -1;
    } else if (c === '{' || c === '(' || c === '<') {
      if (++depth > MAX_DEPTH) return -1;
    } else if (c === '}' || c === ')' || c === '>') {
      if (depth === 0) return j;
      depth--;
    } else if (c === ',' && depth === 0) {
      return j;
    }
  }
  return -1;
}

function gpuName(entry: Entry): string {
  const model = decodeValue(entry.props.get('model') ?? '');
  const ioClass = decodeValue(entry.props.get('IOClass') ?? '');
  return model || ioClass || clean(entry.className) || 'GPU';
}

/** A string property: `"text"`, or data shown as `<"text">` or as hex bytes `<4170706c6500>`. */
function decodeValue(raw: string): string {
  const open = raw.startsWith('"') ? 1 : raw.startsWith('<"') ? 2 : 0;
  const close = raw.lastIndexOf('"');
  if (open > 0) return close >= open ? clean(raw.slice(open, close)) : '';
  const hex = /^<((?:[0-9a-f]{2})+)>$/i.exec(raw);
  if (!hex) return '';
  const bytes = Buffer.from(hex[1]!.slice(0, 8 * MAX_NAME_CHARS), 'hex');
  const end = bytes.indexOf(0);
  return clean(bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8'));
}

/** A name cleaned like every program and GPU name, and rid of the marks left where bytes could not be decoded. */
function clean(raw: string): string {
  return cleanName(raw.replace(/\uFFFD/g, ''));
}
