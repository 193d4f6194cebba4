/**
 * Every event the engine logs, with what it means in one plain sentence. The event names are a stable vocabulary
 * for the log files and third-party parsers; people read the sentence, and the name and details only behind
 * "Details". The log helpers take an `EngineEventName`, so an event without a sentence does not compile, and
 * tests/unit/words/event-words.test.ts scans the sources for any that slip past the types.
 *
 * Pure and free of dependencies beyond the contract's types: the engine, the Electron glue and the renderer share it.
 * The sentences live by subject in events/; this module assembles them.
 */
import type { EngineEvent } from '../contract';
import { sayNow } from '../i18n/current';
import { isPlainForPeople } from '../text/plain-text';
import { DIRECTORY_EVENTS } from './events/directory-events';
import { EARNINGS_EVENTS } from './events/earnings-events';
import { FLEET_EVENTS } from './events/fleet-events';
import { GATEWAY_EVENTS } from './events/gateway-events';
import type { EngineEventName, EventTone, EventWords } from './events/event-names';
import { NETWORK_EVENTS } from './events/network-events';
import { NODE_EVENTS } from './events/node-events';
import { OPERATOR_EVENTS } from './events/operator-events';
import { OWNER_EVENTS } from './events/owner-events';
import { Details, bad, humanise, inParens, type Entry } from './events/sentence-parts';

export { ENGINE_EVENT_NAMES, type EngineEventName, type EventTone, type EventWords } from './events/event-names';

/** Every name has its sentence: a name missing from all the subjects does not compile. */
const CATALOGUE: { readonly [K in EngineEventName]: Entry } = {
  ...NODE_EVENTS,
  ...OWNER_EVENTS,
  ...DIRECTORY_EVENTS,
  ...OPERATOR_EVENTS,
  ...EARNINGS_EVENTS,
  ...NETWORK_EVENTS,
  ...GATEWAY_EVENTS,
  ...FLEET_EVENTS,
};

/** Names an older version logged: their rows stay in the database, and read as well as they did then. */
const RETIRED: Readonly<Record<string, Entry>> = {
  receipt_not_saved: {
    label: 'events.label.receiptNotSaved',
    say: (d) => bad(sayNow()('events.retired.receiptNotSaved', { why: inParens(d.why()) })),
  },
};

const entryFor = (name: string): Entry | undefined =>
  Object.hasOwn(CATALOGUE, name)
    ? CATALOGUE[name as EngineEventName]
    : Object.hasOwn(RETIRED, name)
      ? RETIRED[name]
      : undefined;

export function isEngineEventName(name: string): name is EngineEventName {
  return Object.hasOwn(CATALOGUE, name);
}

/** The kind of event in a few words, for choosing it in a filter. */
export function eventLabel(name: string): string {
  const entry = entryFor(name);
  return entry ? sayNow()(entry.label) : humanise(name);
}

/**
 * One plain sentence for an event, from its name, level and details. Never throws and never returns developer
 * vocabulary: an unknown (retired) name or details in an unexpected shape get a general sentence instead.
 */
export function eventWords(e: Pick<EngineEvent, 'event' | 'level' | 'details'> & { ts?: string }): EventWords {
  const fallbackTone: EventTone = e.level === 'info' ? 'neutral' : 'bad';
  const entry = entryFor(e.event);
  if (entry) {
    try {
      const at = e.ts ? Date.parse(e.ts) : NaN;
      const said = entry.say(
        new Details(typeof e.details === 'string' ? e.details : '', Number.isFinite(at) ? at : Date.now()),
      );
      const words = typeof said === 'string' ? { sentence: said } : said;
      if (words.sentence && isPlainForPeople(words.sentence))
        return { sentence: words.sentence, tone: words.tone ?? fallbackTone };
    } catch {
      // odd details: the general sentence below
    }
  }
  const t = sayNow();
  const kind = entry ? t(entry.label) : humanise(String(e.event ?? ''));
  const info = t(entry ? 'events.fallback.detailsSayMore' : 'events.fallback.kind', { kind });
  const sentence =
    e.level === 'error'
      ? t('events.fallback.error', { kind })
      : e.level === 'warn'
        ? t('events.fallback.warn', { kind })
        : info;
  return { sentence, tone: fallbackTone };
}
