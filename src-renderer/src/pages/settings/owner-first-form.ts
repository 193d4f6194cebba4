/**
 * The "Your own use comes first" form's values and their one check before saving: the owner-first and energy settings
 * read from what is typed (numbers in the person's own way of writing them), checked against the contract's schema
 * parts, and the host's refusal in the form's terms. No React.
 */
import { SettingsSchema, type ContractErrorBody, type Settings } from '@shared/contract';
import { changes, refusalWords, type Draft, type FieldErrors, type ProblemWays } from '../../lib/settings-draft';
import { countInvisibleChars } from '@shared/text/foreign-text';

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

export const OWNER_FIELDS = ['gpuPrograms', 'fullscreen', 'programs', 'graceSeconds', 'cooldownSeconds', 'freeMemory', 'vramFloorGb', 'maxPowerW', 'maxTemperatureC'] as const;
export const ENERGY_FIELDS = ['pricePerKwh', 'currency', 'typicalWatts'] as const;
const NUMBER_FIELDS = new Set<OwnerField>(['graceSeconds', 'cooldownSeconds', 'vramFloorGb', 'maxPowerW', 'maxTemperatureC', 'pricePerKwh', 'typicalWatts']);
/** Fields where an empty box means "no limit" or "not entered" (null). */
const NULLABLE_FIELDS = new Set<OwnerField>(['vramFloorGb', 'maxPowerW', 'maxTemperatureC', 'pricePerKwh', 'typicalWatts']);

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

/** Words for each field's problem (one sentence, with the range the contract allows). */
const n = (x: number) => plainNumber(x);
export const OWNER_MESSAGES: Record<OwnerField, { item?: string; too_big?: string; other: string }> = {
  gpuPrograms: { other: 'Choose whether to pause while another program uses the GPU.' },
  fullscreen: { other: 'Choose whether to pause while an app fills the screen.' },
  freeMemory: { other: 'Choose whether to ask the LLM server to free GPU memory.' },
  programs: {
    too_big: `At most ${MAX_PROGRAMS} programs can be listed.`,
    item: `A program name is one line of at most ${MAX_PROGRAM_NAME} characters.`,
    other: `List at most ${MAX_PROGRAMS} programs.`,
  },
  graceSeconds: { other: `Enter a whole number of seconds from ${n(0)} to ${n(600)}.` },
  cooldownSeconds: { other: `Enter a whole number of seconds from ${n(0)} to ${n(3600)}.` },
  vramFloorGb: { other: `Enter a number of GB from ${n(0.5)} to ${n(1024)}, or leave it empty.` },
  maxPowerW: { other: `Enter whole watts from ${n(10)} to ${n(5000)}, or leave it empty.` },
  maxTemperatureC: { other: `Enter whole degrees from ${n(40)} to ${n(120)}, or leave it empty.` },
  pricePerKwh: { other: `Enter a price from ${n(0)} to ${n(100)}, or leave it empty.` },
  currency: { other: 'Choose a currency.' },
  typicalWatts: { other: `Enter whole watts from ${n(1)} to ${n(5000)}, or leave it empty.` },
};

const isOwnerField = (name: string): name is OwnerField => (OWNER_FIELDS as readonly string[]).includes(name) || (ENERGY_FIELDS as readonly string[]).includes(name);

/** A problem's path inside a group (`graceSeconds`, `programs.3`) in words; a problem without a code is the host's own words. */
function words(path: readonly PropertyKey[], code: string | undefined, message: string): { field: OwnerField; text: string } | null {
  const field = String(path[0] ?? '');
  if (!isOwnerField(field)) return null;
  if (code === undefined) return { field, text: message };
  const m = OWNER_MESSAGES[field];
  return { field, text: (path.length > 1 ? m.item : code === 'too_big' ? m.too_big : undefined) ?? m.other };
}

/**
 * The form read in one pass: the change to send (only groups that differ from what is saved, never a group fixed for
 * this run) and every problem, one per field. With no price, the currency is only a suggestion and is not sent.
 */
export function readOwnerForm(values: OwnerValues, saved: Settings, fixed: ReadonlySet<string>): Draft<OwnerField> {
  const errors: FieldErrors<OwnerField> = {};
  const candidate: Record<string, unknown> = {};
  const group = <K extends 'ownerFirst' | 'energy'>(key: K, fields: readonly OwnerField[], schema: typeof OwnerSchema | typeof EnergySchema) => {
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
  if (energy && energy.pricePerKwh === null && saved.energy.pricePerKwh === null) candidate.energy = { ...energy, currency: saved.energy.currency };
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

const CORRECT_IT = 'Nothing was saved: please correct the marked fields.';

/** Problems at their fields, and in the box under the form what to do, or what the host said. */
export const OWNER_PROBLEMS: ProblemWays<OwnerField> = {
  invalid: (errors) => ({ fields: errors, failed: [CORRECT_IT] }),
  refused: (error) => {
    const found = ownerRefusal(error);
    return { fields: found.fields, failed: refusalWords(found, error, CORRECT_IT) };
  },
};

/** A typed program name, or why it cannot be added. */
export function programNameProblem(name: string, picked: readonly string[]): string | null {
  if (name === '') return 'Type the name of a program first.';
  if (name.length > MAX_PROGRAM_NAME) return `A program name can be at most ${MAX_PROGRAM_NAME} characters long.`;
  if (countInvisibleChars(name) > 0) return 'A program name cannot hold control characters.';
  if (picked.length >= MAX_PROGRAMS && !picked.includes(name)) return OWNER_MESSAGES.programs.too_big!;
  return null;
}

/** Names of this app and of the LLM servers it serves through: pausing while they run would pause for good. */
const OWN_PROGRAMS = /^(iicp[ -]?provider.*|ollama.*|lm[ -]?studio.*|lms|llmster|llama-server)$/i;
export const isOwnProgram = (name: string): boolean => OWN_PROGRAMS.test(name.trim().replace(/\.exe$/i, ''));
