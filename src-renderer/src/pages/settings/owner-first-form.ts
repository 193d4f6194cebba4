/**
 * The "Your own use comes first" form's values and their one check before saving: the owner-first and energy settings
 * read from what is typed (numbers in the person's own way of writing them), checked against the contract's schema
 * parts, and the host's refusal in the form's terms. No React.
 */
import { SettingsSchema, type ContractErrorBody, type Settings } from '@shared/contract';
import { changes, refusalWords, type Draft, type FieldErrors, type ProblemWays } from '../../lib/settings-draft';
import { countInvisibleChars } from '@shared/text/foreign-text';
import { sayNow } from '@shared/i18n/current';

type Energy = Settings['energy'];

/** What the form shows: switches as booleans, the programs as a list, numbers as typed. */
export interface OwnerValues {
  gpuPrograms: boolean;
  fullscreen: boolean;
  freeMemory: boolean;
  programs: string[];
  graceSeconds: string;
  cooldownSeconds: string;
  vramFloorGb: string;
  maxPowerW: string;
  maxTemperatureC: string;
  pricePerKwh: string;
  currency: string;
  typicalWatts: string;
}
export type OwnerField = keyof OwnerValues;

export const OWNER_FIELDS = [
  'gpuPrograms',
  'fullscreen',
  'programs',
  'graceSeconds',
  'cooldownSeconds',
  'freeMemory',
  'vramFloorGb',
  'maxPowerW',
  'maxTemperatureC',
] as const;
export const ENERGY_FIELDS = ['pricePerKwh', 'currency', 'typicalWatts'] as const;
const NUMBER_FIELDS = new Set<OwnerField>([
  'graceSeconds',
  'cooldownSeconds',
  'vramFloorGb',
  'maxPowerW',
  'maxTemperatureC',
  'pricePerKwh',
  'typicalWatts',
]);
/** Fields where an empty box means "no limit" or "not entered" (null). */
const NULLABLE_FIELDS = new Set<OwnerField>([
  'vramFloorGb',
  'maxPowerW',
  'maxTemperatureC',
  'pricePerKwh',
  'typicalWatts',
]);

const OwnerSchema = SettingsSchema.shape.ownerFirst;
const EnergySchema = SettingsSchema.shape.energy;

/** The most programs the list may hold, and the longest name (the contract's limits). */
export const MAX_PROGRAMS = 64;
export const MAX_PROGRAM_NAME = 128;

/** The decimal sign of the person's locale ("." or ","). */
export function decimalSign(locale?: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** A stored number as the person writes it: their decimal sign, no grouping ("0,32" in German). */
export function numberText(n: number | null, locale?: string): string {
  if (n === null) return '';
  return String(n).replace('.', decimalSign(locale));
}

/** A number in a hint or a message, the person's way, without grouping (so it reads as it may be typed). */
export function plainNumber(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 6 }).format(n);
}

/**
 * Typed text as a number: a point or the locale's decimal sign, nothing else (no grouping, which "1,024" would make
 * ambiguous). Empty is undefined; anything else but a plain number is NaN, which the schema refuses.
 */
export function readNumber(text: string, locale?: string): number | undefined {
  const t = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (t === '') return undefined;
  const dot = t.replace(decimalSign(locale), '.');
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(dot) ? Number(dot) : Number.NaN;
}

export function toOwnerValues(s: Settings, currency: string = s.energy.currency): OwnerValues {
  const o = s.ownerFirst;
  const e = s.energy;
  return {
    gpuPrograms: o.gpuPrograms,
    fullscreen: o.fullscreen,
    freeMemory: o.freeMemory,
    programs: [...o.programs],
    graceSeconds: numberText(o.graceSeconds),
    cooldownSeconds: numberText(o.cooldownSeconds),
    vramFloorGb: numberText(o.vramFloorGb),
    maxPowerW: numberText(o.maxPowerW),
    maxTemperatureC: numberText(o.maxTemperatureC),
    pricePerKwh: numberText(e.pricePerKwh),
    currency,
    typicalWatts: numberText(e.typicalWatts),
  };
}

/** A value as the schema judges it: a number field's text as a number (empty: null where allowed), else as it is. */
function readField(field: OwnerField, raw: OwnerValues[OwnerField]): unknown {
  if (Array.isArray(raw)) return [...new Set(raw)];
  if (typeof raw !== 'string' || !NUMBER_FIELDS.has(field)) return raw;
  const n = readNumber(raw);
  return n === undefined && NULLABLE_FIELDS.has(field) ? null : n;
}

/**
 * Words for each field's problem (one sentence, with the range the contract allows), made when asked: the language
 * and the way numbers are written can change while the page is open.
 */
export function ownerMessages(field: OwnerField): { item?: string; too_big?: string; other: string } {
  const t = sayNow();
  const range = (min: number, max: number) => ({ min: plainNumber(min), max: plainNumber(max) });
  switch (field) {
    case 'gpuPrograms':
      return { other: t('settings.own.problem.gpuPrograms') };
    case 'fullscreen':
      return { other: t('settings.own.problem.fullscreen') };
    case 'freeMemory':
      return { other: t('settings.own.problem.freeMemory') };
    case 'programs':
      return {
        too_big: t('settings.own.problem.tooManyPrograms', { max: MAX_PROGRAMS }),
        item: t('settings.own.problem.programItem', { max: MAX_PROGRAM_NAME }),
        other: t('settings.own.problem.programs', { max: MAX_PROGRAMS }),
      };
    case 'graceSeconds':
      return { other: t('settings.own.problem.seconds', range(0, 600)) };
    case 'cooldownSeconds':
      return { other: t('settings.own.problem.seconds', range(0, 3600)) };
    case 'vramFloorGb':
      return { other: t('settings.own.problem.gb', range(0.5, 1024)) };
    case 'maxPowerW':
      return { other: t('settings.own.problem.watts', range(10, 5000)) };
    case 'maxTemperatureC':
      return { other: t('settings.own.problem.degrees', range(40, 120)) };
    case 'pricePerKwh':
      return { other: t('settings.own.problem.price', range(0, 100)) };
    case 'currency':
      return { other: t('settings.own.problem.currency') };
    case 'typicalWatts':
      return { other: t('settings.own.problem.watts', range(1, 5000)) };
  }
}

const isOwnerField = (name: string): name is OwnerField =>
  (OWNER_FIELDS as readonly string[]).includes(name) || (ENERGY_FIELDS as readonly string[]).includes(name);

/**
 * A problem's path inside a group (`graceSeconds`, `programs.3`) in words; a problem without a code is the host's own
 * words.
 */
function words(
  path: readonly PropertyKey[],
  code: string | undefined,
  message: string,
): { field: OwnerField; text: string } | null {
  const field = String(path[0] ?? '');
  if (!isOwnerField(field)) return null;
  if (code === undefined) return { field, text: message };
  const m = ownerMessages(field);
  return { field, text: (path.length > 1 ? m.item : code === 'too_big' ? m.too_big : undefined) ?? m.other };
}

/**
 * The form read in one pass: the change to send (only groups that differ from what is saved, never a group fixed for
 * this run) and every problem, one per field. With no price, the currency is only a suggestion and is not sent.
 */
export function readOwnerForm(values: OwnerValues, saved: Settings, fixed: ReadonlySet<string>): Draft<OwnerField> {
  const errors: FieldErrors<OwnerField> = {};
  const candidate: Record<string, unknown> = {};
  const group = <K extends 'ownerFirst' | 'energy'>(
    key: K,
    fields: readonly OwnerField[],
    schema: typeof OwnerSchema | typeof EnergySchema,
  ) => {
    if (fixed.has(key)) return;
    const raw = Object.fromEntries(fields.map((f) => [f, readField(f, values[f])]));
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      candidate[key] = parsed.data;
      return;
    }
    for (const issue of parsed.error.issues) {
      const found = words(issue.path, issue.code, issue.message);
      if (found) errors[found.field] ??= found.text;
    }
  };
  group('ownerFirst', OWNER_FIELDS, OwnerSchema);
  group('energy', ENERGY_FIELDS, EnergySchema);
  const energy = candidate.energy as Energy | undefined;
  if (energy && energy.pricePerKwh === null && saved.energy.pricePerKwh === null)
    candidate.energy = { ...energy, currency: saved.energy.currency };
  return { patch: changes(candidate, saved, fixed), errors };
}

/** The host's problems with `ownerFirst.*` and `energy.*` at their fields; the rest as the host said them. */
export function ownerRefusal(error: ContractErrorBody): { fields: FieldErrors<OwnerField>; other: string[] } {
  const fields: FieldErrors<OwnerField> = {};
  const other: string[] = [];
  if (error.code !== 'invalid_request') return { fields, other };
  for (const issue of error.issues ?? []) {
    const [group, ...rest] = issue.path.split('.');
    const found = group === 'ownerFirst' || group === 'energy' ? words(rest, issue.code, issue.message) : null;
    if (found) fields[found.field] ??= found.text;
    else other.push(issue.message);
  }
  return { fields, other };
}

const correctIt = () => sayNow()('settings.own.correctIt');

/** Problems at their fields, and in the box under the form what to do, or what the host said. */
export const OWNER_PROBLEMS: ProblemWays<OwnerField> = {
  invalid: (errors) => ({ fields: errors, failed: [correctIt()] }),
  refused: (error) => {
    const found = ownerRefusal(error);
    return { fields: found.fields, failed: refusalWords(found, error, correctIt()) };
  },
};

/** A typed program name, or why it cannot be added. */
export function programNameProblem(name: string, picked: readonly string[]): string | null {
  const t = sayNow();
  if (name === '') return t('settings.own.program.empty');
  if (name.length > MAX_PROGRAM_NAME) return t('settings.own.program.long', { max: MAX_PROGRAM_NAME });
  if (countInvisibleChars(name) > 0) return t('settings.own.program.control');
  if (picked.length >= MAX_PROGRAMS && !picked.includes(name))
    return t('settings.own.problem.tooManyPrograms', { max: MAX_PROGRAMS });
  return null;
}

/** Names of this app and of the LLM servers it serves through: pausing while they run would pause for good. */
const OWN_PROGRAMS = /^(iicp[ -]?provider.*|ollama.*|lm[ -]?studio.*|lms|llmster|llama-server)$/i;
export const isOwnProgram = (name: string): boolean => OWN_PROGRAMS.test(name.trim().replace(/\.exe$/i, ''));
