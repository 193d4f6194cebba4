import { localDay, startOfLocalDay } from '@shared/calendar/days';
import type { EarningsInfo } from '@shared/contract';
import { csvRow, type CsvSeparator } from '@shared/text/csv';
import { awardNoteWords } from '@shared/words/award-note-words';
import { CHECK_WORDS } from '@shared/words/verification-words';
import type { LedgerFilter, LedgerRepository, NewLedgerRow, SpendRepository } from '../store';

/**
 * The figures of the local day so far: the ledger's rollups from local midnight, and the rows still waiting in
 * memory (`waiting`, each with what it claims) that were served since.
 */
export function todayFigures(
  ledger: LedgerRepository,
  waiting: Iterable<{ row: NewLedgerRow; claimed: number }>,
  now: number,
  timeZone: string,
): EarningsInfo['today'] {
  const from = startOfLocalDay(now, timeZone);
  const today = { jobs: 0, tokens: 0, awarded: 0, pending: 0, rejected: 0, energyJ: 0, energyTasks: 0 };
  for (const r of ledger.rollups(from, now + 1)) {
    today.jobs += r.jobs;
    today.tokens += r.tokens;
    today.awarded += r.awarded;
    today.pending += r.pending;
    today.rejected += r.rejected;
    today.energyJ += r.energyJ;
    today.energyTasks += r.energyJobs;
  }
  // Receipts a full disk refused are still claims of tasks served today: counted while they wait in memory.
  for (const { row, claimed } of waiting) {
    if (row.ts < from) continue;
    // As in the rollups: a failed task's energy was spent too, though it is no job.
    if (row.energyJ != null) {
      today.energyJ += row.energyJ;
      today.energyTasks += 1;
    }
    if (row.outcome !== 'ok') continue;
    today.jobs += 1;
    today.tokens += row.tokens ?? 0;
    today.pending += claimed;
  }
  today.awarded = Math.round(today.awarded * 1e6) / 1e6;
  today.pending = Math.max(0, Math.round(today.pending * 1e6) / 1e6);
  today.energyJ = Math.round(today.energyJ * 1e3) / 1e3;
  return today;
}

/** The names the spent side shows, read when a page or a file asks (the book keeps ids only). */
export interface SpendNames {
  /** A node's one display name (identity/machine-names.ts). */
  machine: (nodeId: string) => string | null;
  /** Another operator's public name for a node not of the person's, when its name is theirs (machine-names.ts). */
  operator?: (nodeId: string) => string | null;
  /** An app's name by its key's id (`page`: the page's own "try it"). */
  app: (appKeyId: string) => string | null;
}

/** How the ledger's CSV is written: the day in its name, the person's zone and electricity price, the separator. */
export interface CsvFormat {
  now: number;
  timeZone: string;
  /** Without one, the energy's cost column stays empty. */
  price?: { perKwh: number; currency: string } | null;
  /** `;` for spreadsheets that write decimals with a comma. */
  separator?: CsvSeparator;
  /** Without them, the app and machine name columns stay empty. */
  names?: SpendNames;
}

/**
 * A served speech task's count in its own unit (TaskUnit: audio_ms, characters, items): last, so the columns before
 * them stay where a sheet built on an older export reads them.
 */
const UNIT_COLUMNS = ['units', 'unit'] as const;

/**
 * The ledger rows a filter selects as a CSV file, times in UTC and in the person's zone; each task's energy in
 * watt-hours and, with the person's electricity price, what it cost (empty where not known). With `spend`, the
 * requests this computer's apps sent through the local gateway follow the tasks served: `direction` tells them apart
 * (earned, spent), and the columns at the end say where each request went and what it cost; a `receipt` filter
 * selects served tasks only. Every text cell is quoted and defused (`csvCell`): a task id is the consumer's choice.
 */
export function ledgerCsv(
  ledger: LedgerRepository,
  filter: LedgerFilter,
  f: CsvFormat,
  spend?: SpendRepository,
): { filename: string; csv: string; rows: number } {
  const { now, timeZone, price = null, separator = ',', names } = f;
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
  const head = [
    'task_id',
    'time_utc',
    `time_local (${timeZone})`,
    'intent',
    'model',
    'outcome',
    'tokens',
    'latency_ms',
    'receipt',
    'claimed',
    'awarded',
    'note',
    'energy_wh',
    `energy_cost${price ? ` (${price.currency})` : ''}`,
    'signed_log_check',
    'signed_log_words',
    ...SPENT_COLUMNS,
    ...NAMED_COLUMNS,
    ...UNIT_COLUMNS,
  ];
  const lines = [csvRow(head, separator)];
  let rows = 0;
  for (const r of ledger.iterate(filter)) {
    rows++;
    lines.push(
      csvRow(
        [
          r.taskId,
          r.at,
          local.format(new Date(r.at)),
          r.intent,
          r.model,
          r.outcome,
          r.tokens,
          r.latencyMs,
          r.receipt,
          r.claimed,
          r.awarded,
          noteCell(r.note),
          ...energyCells(r.energyJ, price),
          r.check,
          r.check ? CHECK_WORDS[r.check].label : null,
          'earned',
          ...SPENT_COLUMNS.slice(1).map(() => null),
          ...NAMED_COLUMNS.map(() => null),
          r.units?.count ?? null,
          r.units?.unit ?? null,
        ],
        separator,
      ),
    );
  }
  // Receipts belong to served tasks: a filter by receipt state leaves the spent side out.
  if (spend && filter.receipt === undefined) {
    for (const r of spend.iterate(filter)) {
      rows++;
      const machine = r.own === null ? null : r.own ? 'own' : 'other';
      // The served task's columns that mean the same here are filled; the gateway's code stands in the note.
      const shared = [
        r.taskId,
        r.at,
        local.format(new Date(r.at)),
        r.intent,
        r.model,
        r.outcome,
        r.tokens,
        r.latencyMs,
        null,
        null,
        null,
        r.code,
        null,
        null,
        null,
        null,
      ];
      const named = [
        r.appKeyId === null ? null : (names?.app(r.appKeyId) ?? null),
        r.nodeId === null ? null : (names?.machine(r.nodeId) ?? null),
        r.route,
        r.expected,
        r.worstCase,
        r.flag,
        r.notCharged ? 'yes' : null,
      ];
      lines.push(
        csvRow(
          [
            ...shared,
            spendDirection(r),
            r.api,
            r.nodeId,
            machine,
            r.credits,
            r.charged,
            r.attempts,
            ...named,
            ...UNIT_COLUMNS.map(() => null),
          ],
          separator,
        ),
      );
    }
  }
  // The node's day, as every day of the Earnings page is: near midnight the UTC date is another one.
  const day = localDay(now, timeZone);
  return { filename: `iicp-ledger-${day}.csv`, csv: `${lines.join('\r\n')}\r\n`, rows };
}

/**
 * A served task's note as the file says it: the directory's word on an award (who asked, or why it paid nothing) in
 * plain words rather than its internal values; a rejection's code and message and an expiry's reason as kept.
 */
const noteCell = (note: string | null): string | null => awardNoteWords(note) ?? note;

/**
 * The columns after the served tasks' own: which side of the books a row is on, and for a spent row the API the app
 * spoke, the node that answered, whether it is one of the person's machines (`own`) or not (`other`), the credits
 * expected and charged (empty until the directory said), and how many nodes were tried.
 */
const SPENT_COLUMNS = [
  'direction',
  'api',
  'node_id',
  'machine',
  'credits_expected',
  'credits_charged',
  'attempts',
] as const;

/**
 * Appended after those, so a reader of the older columns keeps them: the app by its key's name, the machine by its
 * one display name, where the answer came from (`this_computer`, `own`, `paid`), what was planned (an honest node's
 * claim, and the most the directory lets it claim), a node's flag, and `yes` when the directory's books held no debit.
 */
const NAMED_COLUMNS = ['app', 'machine_name', 'route', 'expected', 'worst_case', 'flag', 'not_charged'] as const;

/**
 * Which side of the books a gateway request is on: `spent` when it cost something (the directory charged it, or another
 * operator's node answered), `free` when an own machine or this computer answered, `none` when nothing was
 * answered and nothing charged (refused before sending, or failed).
 */
export function spendDirection(r: {
  outcome: string;
  own: boolean | null;
  route: string | null;
  charged: number | null;
}): 'spent' | 'free' | 'none' {
  if ((r.charged ?? 0) > 0) return 'spent';
  if (r.outcome !== 'answered') return 'none';
  return r.route === 'this_computer' || r.route === 'own' || r.own === true ? 'free' : 'spent';
}

const JOULES_PER_WH = 3600;

function energyCells(energyJ: number | null, price: { perKwh: number; currency: string } | null): (number | null)[] {
  if (energyJ === null) return [null, null];
  const wh = energyJ / JOULES_PER_WH;
  // Plain decimals a spreadsheet reads: watt-hours to the milli, money to a millionth of the unit.
  return [Number(wh.toFixed(3)), price ? Number(((wh / 1000) * price.perKwh).toFixed(6)) : null];
}
