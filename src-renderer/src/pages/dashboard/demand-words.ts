/**
 * "What the network asks for" in sentences: how often a model was asked for, how many other nodes serve one, the
 * node's price among theirs, and a pull's progress, every number in the person's locale. Pure (no React).
 */
import type { DemandInfo, PullInfo } from '@shared/contract';
import { formatAt, formatCount, formatPercent, personLocale } from '../../format';
import { formatMultiplier } from '../../words/earnings-words';

/** "2.5 ×", kept on one line. */
const times = (m: number): string => `${formatMultiplier(m)}\u00a0×`;

/** "asks" for one, "ask" for several: the verb after a count of nodes. */
const asks = (n: number): string => (n === 1 ? 'asks' : 'ask');

/** How often consumers asked for a model this node does not offer: "asked once this week", "asked 3 times this week". */
export function askedWords(timesAsked: number): string {
  return timesAsked === 1 ? 'asked once this week.' : `asked ${formatCount(timesAsked)} times this week.`;
}

/** How many other nodes serve a model: "1 other node serves it.", "no other node serves it." */
export function othersWords(n: number): string {
  if (n === 0) return 'no other node serves it.';
  return n === 1 ? '1 other node serves it.' : `${formatCount(n)} other nodes serve it.`;
}

/**
 * When the directory was read for these figures, and how many nodes it listed, one sentence each. When a list was too
 * big to read, the count is of the nodes that could be read, not of all it listed.
 */
export function readWords(info: Pick<DemandInfo, 'at' | 'nodesSeen' | 'incomplete'>): string[] {
  if (info.at === null) return ['Not read from the directory yet.'];
  const at = `Read from the directory at ${formatAt(info.at)}.`;
  const n = info.nodesSeen;
  const nodes = n === 1 ? '1 other node' : `${formatCount(n)} other nodes`;
  if (!info.incomplete) return [at, `It listed ${nodes}.`];
  return [at, n === 0 ? 'No other node could be read.' : `${nodes} could be read.`];
}

/**
 * The node's price among the other chat nodes: "You ask 1 × the base rate; the median of 3 other nodes is 1 ×; 1 asks
 * less, 1 asks more." Null when no price was read.
 */
export function priceWords(price: DemandInfo['price']): string | null {
  if (price === null) return null;
  const yours = `You ask ${times(price.yours)} the base rate`;
  if (price.others === 0 || price.median === null) return `${yours}; no other node serving chat was listed.`;
  const of = price.others === 1 ? '1 other node' : `${formatCount(price.others)} other nodes`;
  const same = price.others - price.cheaper - price.dearer;
  const sides = [`${formatCount(price.cheaper)} ${asks(price.cheaper)} less`, `${formatCount(price.dearer)} ${asks(price.dearer)} more`];
  if (same > 0) sides.push(`${formatCount(same)} ${asks(same)} the same`);
  return `${yours}; the median of ${of} is ${times(price.median)}; ${sides.join(', ')}.`;
}

const byteUnits = new Map<string, Intl.NumberFormat>();

function inUnit(unit: 'byte' | 'kilobyte' | 'megabyte' | 'gigabyte', n: number): string {
  const locale = personLocale();
  let f = byteUnits.get(`${unit}|${locale ?? ''}`);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: unit === 'byte' ? 0 : 1 });
    byteUnits.set(`${unit}|${locale ?? ''}`, f);
  }
  return f.format(n);
}

/** A size as Ollama counts it (powers of 1000), in the person's locale: "512 byte", "3.2 MB", "4.1 GB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return inUnit('gigabyte', bytes / 1e9);
  if (bytes >= 1e6) return inUnit('megabyte', bytes / 1e6);
  if (bytes >= 1e3) return inUnit('kilobyte', bytes / 1e3);
  return inUnit('byte', bytes);
}

/**
 * How far a running pull is, when its size is known: "45 % · 1.9 GB of 4.1 GB"; else what came so far, or null. The
 * share is the engine's, which never goes back (a new layer adds to the bytes known); the page does not work it out.
 */
export function pullFigures(pull: Pick<PullInfo, 'completed' | 'total' | 'fraction'>): string | null {
  const { completed, total, fraction } = pull;
  if (fraction !== null && total !== null && total > 0) {
    const done = Math.min(completed ?? 0, total);
    return `${formatPercent(fraction)} · ${formatBytes(done)} of ${formatBytes(total)}`;
  }
  return completed !== null && completed > 0 ? `${formatBytes(completed)} so far` : null;
}
