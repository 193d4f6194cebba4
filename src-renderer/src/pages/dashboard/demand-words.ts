/**
 * "What the network asks for" in sentences: how often a model was asked for, how many other nodes serve one, the
 * node's price among theirs, and a pull's progress, every number in the person's locale. Pure (no React).
 */
import type { DemandInfo, PullInfo } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { formatPercent, personLocale } from '../../format';
import { discoveredWords } from '../../words/discovery-words';
import { formatMultiplier } from '../../words/earnings-words';

/** "2.5 ×", kept on one line. */
const times = (m: number): string => `${formatMultiplier(m)}\u00a0×`;

/**
 * How often consumers asked for a model this node does not offer: "asked once this week", "asked 3 times this week".
 */
export function askedWords(timesAsked: number): string {
  const t = sayNow();
  return t('dashboard.demand.asked.times', { count: timesAsked });
}

/**
 * Who else serves a model, this computer counted in neither: other people's nodes, then the person's own other machines
 * when any ("1 other person's node serves it. 1 of your other machines serves it too.").
 */
export function othersWords(others: number, own = 0): string {
  const t = sayNow();
  const theirs = t('dashboard.demand.others', { count: others });
  return own > 0 ? `${theirs} ${t('dashboard.demand.ownToo', { count: own })}` : theirs;
}

/**
 * A speech or moderation model on the network, after its name and kind: who else serves it, in the chat lines' words
 * (other people's nodes, then the person's own other machines), how often it was asked of this node, and whether this
 * node offers it, one sentence each.
 */
export function speechWords(line: DemandInfo['speech'][number]): string {
  const t = sayNow();
  const words = [othersWords(line.nodes, line.own)];
  if (line.asked > 0) words.push(t('dashboard.demand.speech.asked', { count: line.asked }));
  if (line.yours) words.push(t('dashboard.demand.scarce.yours'));
  return words.join(' ');
}

/**
 * How old the list of nodes these figures come from is, and how many other nodes it names, one sentence each; nothing
 * but "not read yet" without a list.
 */
export function readWords(info: Pick<DemandInfo, 'discoveredAt' | 'nodesSeen'>): string[] {
  const t = sayNow();
  const at = discoveredWords(info.discoveredAt);
  if (at === null) return [t('dashboard.demand.notRead')];
  return [at, t('dashboard.demand.listed', { count: info.nodesSeen })];
}

/**
 * The node's price among the other chat nodes: "You ask 1 × the base rate; the median of 3 other nodes is 1 ×; 1 asks
 * less, 1 asks more." Null when no price was read.
 */
export function priceWords(price: DemandInfo['price']): string | null {
  if (price === null) return null;
  const t = sayNow();
  const yours = times(price.yours);
  if (price.others === 0 || price.median === null) return t('dashboard.demand.price.alone', { yours });
  const same = price.others - price.cheaper - price.dearer;
  return t('dashboard.demand.price.among', {
    yours,
    others: price.others,
    median: times(price.median),
    cheaper: price.cheaper,
    dearer: price.dearer,
    same: Math.max(same, 0),
  });
}

const byteUnits = new Map<string, Intl.NumberFormat>();

function inUnit(unit: 'byte' | 'kilobyte' | 'megabyte' | 'gigabyte', n: number): string {
  const locale = personLocale();
  let f = byteUnits.get(`${unit}|${locale ?? ''}`);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: unit === 'byte' ? 0 : 1,
    });
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
  const t = sayNow();
  const { completed, total, fraction } = pull;
  if (fraction !== null && total !== null && total > 0) {
    const done = Math.min(completed ?? 0, total);
    return t('dashboard.demand.pull.figures', {
      percent: formatPercent(fraction),
      done: formatBytes(done),
      total: formatBytes(total),
    });
  }
  return completed !== null && completed > 0
    ? t('dashboard.demand.pull.soFar', { done: formatBytes(completed) })
    : null;
}
