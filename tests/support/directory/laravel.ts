/**
 * Zod building blocks that reproduce the Laravel validation rules the PHP directory uses
 * (`required`, `sometimes`, `nullable`, `string|integer|numeric|boolean|date|array`, `min/max`,
 * `regex`, `in`, `distinct`). Laravel is lenient about scalar types (numeric strings pass
 * `integer`, `"1"` passes `boolean`), so a provider that only works against a strict stub would be
 * over-fitted; the stub accepts what production accepts and normalises the value.
 *
 * Messages use Laravel's `:attribute` placeholder; `fieldsFromIssues` substitutes the dotted path.
 */
import { z } from 'zod';

export const REQUIRED = 'The :attribute field is required.';

export interface Presence {
  required?: boolean;
  nullable?: boolean;
}

type Out<T, O extends Presence> = O extends { required: true }
  ? T
  : O extends { nullable: true }
    ? T | null | undefined
    : T | undefined;

type Ctx = z.RefinementCtx;

function issue(ctx: Ctx, message: string, path?: (string | number)[]): void {
  ctx.addIssue({ code: 'custom', message, ...(path ? { path } : {}) });
}

function isBlank(v: unknown): boolean {
  return (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** Returns true when the remaining rules should run (Laravel skips absent / nullable-null values). */
function present(v: unknown, ctx: Ctx, o: Presence): boolean {
  if (v === undefined) {
    if (o.required) issue(ctx, REQUIRED);
    return false;
  }
  if (v === null) {
    if (o.required) {
      issue(ctx, REQUIRED);
      return false;
    }
    return !o.nullable;
  }
  if (o.required && isBlank(v)) {
    issue(ctx, REQUIRED);
    return false;
  }
  return true;
}

const charLength = (s: string): number => [...s].length;

/**
 * zod reports an absent object key as "nonoptional" unless the schema is explicitly optional, so
 * `sometimes` fields are wrapped; `required` ones stay bare and report Laravel's message themselves.
 */
function sometimes<T extends z.ZodType>(schema: T, o: Presence): z.ZodType {
  return o.required ? schema : schema.optional();
}

export interface StrOpts extends Presence {
  min?: number;
  max?: number;
  size?: number;
  regex?: RegExp;
  /** Laravel's per-rule message, e.g. for `date_format` expressed as a regex. */
  regexMessage?: string;
  in?: readonly string[];
}

export function str<const O extends StrOpts>(o: O): z.ZodType<Out<string, O>> {
  const schema = z.unknown().superRefine((v, ctx) => {
    if (!present(v, ctx, o)) return;
    if (typeof v !== 'string') return issue(ctx, 'The :attribute field must be a string.');
    const len = charLength(v);
    if (o.size !== undefined && len !== o.size) issue(ctx, `The :attribute field must be ${o.size} characters.`);
    if (o.min !== undefined && len < o.min) issue(ctx, `The :attribute field must be at least ${o.min} characters.`);
    if (o.max !== undefined && len > o.max) {
      issue(ctx, `The :attribute field must not be greater than ${o.max} characters.`);
    }
    if (o.regex && !o.regex.test(v)) issue(ctx, o.regexMessage ?? 'The :attribute field format is invalid.');
    if (o.in && !o.in.includes(v)) issue(ctx, 'The selected :attribute is invalid.');
  });
  return sometimes(schema, o) as unknown as z.ZodType<Out<string, O>>;
}

/** PHP `filter_var(FILTER_VALIDATE_INT)` accepts integral numbers and decimal-integer strings. */
function asInteger(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v);
  return null;
}

/** PHP `is_numeric`. */
function asNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

export interface NumOpts extends Presence {
  min?: number;
  max?: number;
}

function numeric<const O extends NumOpts>(o: O, parse: (v: unknown) => number | null, kind: string) {
  const schema = z
    .unknown()
    .superRefine((v, ctx) => {
      if (!present(v, ctx, o)) return;
      const n = parse(v);
      if (n === null) return issue(ctx, `The :attribute field must be ${kind}.`);
      if (o.min !== undefined && n < o.min) issue(ctx, `The :attribute field must be at least ${o.min}.`);
      if (o.max !== undefined && n > o.max) issue(ctx, `The :attribute field must not be greater than ${o.max}.`);
    })
    .transform((v) => (v === undefined || v === null ? v : (parse(v) ?? v)));
  return sometimes(schema, o) as unknown as z.ZodType<Out<number, O>>;
}

export const int = <const O extends NumOpts>(o: O) => numeric(o, asInteger, 'an integer');
export const num = <const O extends NumOpts>(o: O) => numeric(o, asNumber, 'a number');

const TRUE_VALUES: readonly unknown[] = [true, 1, '1'];
const BOOL_VALUES: readonly unknown[] = [true, false, 0, 1, '0', '1'];

export function bool<const O extends Presence>(o: O): z.ZodType<Out<boolean, O>> {
  const schema = z
    .unknown()
    .superRefine((v, ctx) => {
      if (!present(v, ctx, o)) return;
      if (!BOOL_VALUES.includes(v)) issue(ctx, 'The :attribute field must be true or false.');
    })
    .transform((v) => (v === undefined || v === null ? v : TRUE_VALUES.includes(v)));
  return sometimes(schema, o) as unknown as z.ZodType<Out<boolean, O>>;
}

/** Laravel `date` is `strtotime`-based; `Date.parse` accepts the ISO-8601 / RFC 3339 forms clients send. */
export function parseDate(v: unknown): number | null {
  if (typeof v !== 'string' || v.trim() === '') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

export function date<const O extends Presence>(o: O): z.ZodType<Out<string, O>> {
  const schema = z.unknown().superRefine((v, ctx) => {
    if (!present(v, ctx, o)) return;
    if (parseDate(v) === null) issue(ctx, 'The :attribute field must be a valid date.');
  });
  return sometimes(schema, o) as unknown as z.ZodType<Out<string, O>>;
}

/** Laravel's `url` rule: an absolute URL with a host and no whitespace. */
export function isUrl(v: string, schemes?: readonly string[]): boolean {
  if (/\s/.test(v)) return false;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/[^/?#]+/.exec(v);
  if (!m?.[1]) return false;
  if (schemes && !schemes.includes(m[1].toLowerCase())) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

export function url<const O extends StrOpts & { schemes?: readonly string[] }>(o: O): z.ZodType<Out<string, O>> {
  const schema = z.unknown().superRefine((v, ctx) => {
    if (!present(v, ctx, o)) return;
    if (typeof v !== 'string') return issue(ctx, 'The :attribute field must be a string.');
    if (!isUrl(v, o.schemes)) issue(ctx, 'The :attribute field must be a valid URL.');
    if (o.max !== undefined && charLength(v) > o.max) {
      issue(ctx, `The :attribute field must not be greater than ${o.max} characters.`);
    }
  });
  return sometimes(schema, o) as unknown as z.ZodType<Out<string, O>>;
}

export interface ListOpts extends Presence {
  min?: number;
  max?: number;
  distinct?: boolean;
}

/** Laravel `array` on a JSON list, with `distinct` on its elements. */
export function list<T, const O extends ListOpts>(
  item: z.ZodType<T>,
  o: O,
): z.ZodType<Out<Exclude<T, undefined>[], O>> {
  const arrayMsg = 'The :attribute field must be an array.';
  const arr = z.array(item, {
    error: (iss) => (iss.input === undefined || (iss.input === null && o.required) ? REQUIRED : arrayMsg),
  });
  // Counts are checked here rather than with zod's .min/.max, which would skip the element rules.
  const checked = arr.superRefine((values, ctx) => {
    if (o.required && values.length === 0) issue(ctx, REQUIRED);
    if (o.min !== undefined && values.length < o.min)
      issue(ctx, `The :attribute field must have at least ${o.min} items.`);
    if (o.max !== undefined && values.length > o.max) {
      issue(ctx, `The :attribute field must not have more than ${o.max} items.`);
    }
    if (!o.distinct) return;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(JSON.stringify(v), (counts.get(JSON.stringify(v)) ?? 0) + 1);
    values.forEach((v, i) => {
      if ((counts.get(JSON.stringify(v)) ?? 0) > 1) issue(ctx, 'The :attribute field has a duplicate value.', [i]);
    });
  });
  const wrapped = o.required ? checked : o.nullable ? checked.nullable().optional() : checked.optional();
  return wrapped as unknown as z.ZodType<Out<Exclude<T, undefined>[], O>>;
}

/** Laravel `array` used as a JSON object; `[]` is how PHP clients often spell an empty map. */
export function obj<S extends z.ZodRawShape, const O extends Presence>(
  shape: S,
  o: O,
): z.ZodType<Out<z.infer<z.ZodObject<S>>, O>> {
  const inner = z.object(shape, {
    error: (iss) =>
      iss.input === undefined || (iss.input === null && o.required)
        ? REQUIRED
        : 'The :attribute field must be an array.',
  });
  const base = o.required ? inner : o.nullable ? inner.nullable().optional() : inner.optional();
  return z.preprocess((v) => (Array.isArray(v) && v.length === 0 ? {} : v), base) as unknown as z.ZodType<
    Out<z.infer<z.ZodObject<S>>, O>
  >;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Laravel `array` without element rules: a JSON object or list whose entries the caller checks
 * (capability `limits` / `extensions`) or that is stored opaquely (`transport_metadata`).
 */
export function map<const O extends Presence & { max?: number }>(o: O): z.ZodType<Out<Record<string, unknown>, O>> {
  const schema = z.unknown().superRefine((v, ctx) => {
    if (!present(v, ctx, o)) return;
    if (!isPlainObject(v) && !Array.isArray(v)) return issue(ctx, 'The :attribute field must be an array.');
    const size = Array.isArray(v) ? v.length : Object.keys(v).length;
    if (o.max !== undefined && size > o.max) issue(ctx, `The :attribute field must not have more than ${o.max} items.`);
  });
  return sometimes(schema, o) as unknown as z.ZodType<Out<Record<string, unknown>, O>>;
}

/** Anything at all (Laravel `sometimes|nullable` without a type rule). */
export const any = (): z.ZodType<unknown> => z.unknown().optional();

export type Fields = Record<string, string[]>;

export function addField(fields: Fields, key: string, message: string): void {
  (fields[key] ??= []).push(message);
}

export function fieldsFromIssues(issues: readonly z.core.$ZodIssue[]): Fields {
  const fields: Fields = {};
  for (const iss of issues) {
    const key = iss.path.map(String).join('.');
    const attribute = key.replace(/_/g, ' ');
    addField(fields, key, iss.message.replace(/:attribute/g, attribute));
  }
  return fields;
}

export type Validated<T> = { ok: true; data: T } | { ok: false; fields: Fields };

export function validate<T>(schema: z.ZodType<T>, input: unknown): Validated<T> {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, fields: fieldsFromIssues(result.error.issues) };
}
