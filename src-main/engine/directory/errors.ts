import type { OperatorDirectoryState } from '@shared/contract/operator';
import { plainCode } from '@shared/text/foreign-code';
import { cleanForeignText } from '@shared/text/foreign-text';
import type { MessageId } from '@shared/i18n/catalogue';
import { said, type Said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';

/**
 * A directory answer that was not a success, reduced to what the node acts on (from either error shape). What the
 * directory wrote is foreign text: its code is kept only as it arrived, its message and fields only cleaned, for the
 * event details and the receipt's note. None of it becomes a sentence on screen (`describeFailure` says it in ours).
 */
export interface DirectoryFailure {
  status: number;
  /**
   * The directory's code exactly as it arrived when it is a plain code (`plainCode`); else one of the node's own:
   * `http_<status>` (no code, or one that is not plain), `bad_response`, `response_too_large`.
   */
  code: string;
  /** The directory's message, cleaned and capped: for the event details and notes, never for a sentence of ours. */
  message: string;
  /** The fields it named, each with its messages, cleaned; a field name that is not plain is marked so. */
  fields?: Record<string, string[]>;
  /**
   * The known codes its messages name the way the directories write them (`IICP-E036: …` in front, `… (IICP-E051)` at
   * the end), read from the text as it arrived, before any cleaning.
   */
  named?: string[];
  /** The directory sent a code that is not plain: it is neither matched nor shown. */
  unplainCode?: true;
  retryAfterMs?: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** How much of a refusal's fields is kept: far more than any directory names, far less than a hostile body holds. */
const MAX_FIELDS = 32;
const MAX_FIELD_MESSAGES = 8;
const MAX_NAMED = 8;

/**
 * A code a directory names inside a message, as the directories write them: PHP's validation messages start with it
 * (`IICP-E036: endpoint unreachable …`), PHP's operator refusals and the Rust directory's messages end with it in
 * brackets (`… claimed by another verified operator (IICP-E051)`). Matched on the text as it arrived.
 */
const CODE_IN_FRONT = /^(IICP-E\d{3}):/;
const CODE_AT_END = /\((IICP-E\d{3})\)$/;

/**
 * Parses both error shapes the directories use: `{"error":{"code","message","fields"?}}` and the string form
 * `{"error":"IICP-E034","message":…,"retry_after":60}`; anything else becomes `http_<status>`.
 */
export function parseDirectoryFailure(
  status: number,
  body: unknown,
  retryAfterHeader?: string | null,
): DirectoryFailure {
  const fallback = `http_${status}`;
  let code: unknown;
  let message: unknown;
  let fields: unknown;
  let retryAfter: number | undefined;
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const e = b.error;
    if (typeof e === 'string') {
      code = e;
      message = b.message;
      retryAfter = num(b.retry_after);
    } else if (e && typeof e === 'object') {
      const eo = e as Record<string, unknown>;
      code = eo.code;
      message = eo.message;
      retryAfter = num(eo.retry_after_seconds) ?? num(eo.retry_after);
      fields = eo.fields;
    } else if (e === undefined && b.errors && typeof b.errors === 'object' && !Array.isArray(b.errors)) {
      // Laravel's own validation answer (`{"message","errors":{field:[…]}}`), which a directory gives outside its
      // API error handler.
      code = status === 422 ? 'validation_error' : undefined;
      message = b.message;
      fields = b.errors;
    }
  }
  const plain = plainCode(code);
  // Everything the directory wrote reaches receipts' notes, events and logs: no escapes, no bidi overrides, no
  // invisible characters, and short. Its codes are matched before that, on what arrived.
  const out: DirectoryFailure = {
    status,
    code: plain ?? fallback,
    message: cleanForeignText(str(message), 500) || `The directory answered HTTP ${status}.`,
  };
  if (plain === null && typeof code === 'string' && code !== '') out.unplainCode = true;
  const said: string[] = typeof message === 'string' ? [message] : [];
  if (fields && typeof fields === 'object' && !Array.isArray(fields)) {
    const kept = fieldsOf(fields);
    out.fields = kept.fields;
    said.push(...kept.raw);
  }
  const named = namedCodes(said);
  if (named.length > 0) out.named = named;
  if (retryAfter !== undefined) out.retryAfterMs = retryAfter * 1000;
  if (out.retryAfterMs === undefined && retryAfterHeader && /^\d{1,6}$/.test(retryAfterHeader.trim())) {
    out.retryAfterMs = Number(retryAfterHeader.trim()) * 1000;
  }
  return out;
}

/** The fields cleaned for the details, and their messages as they arrived (for `namedCodes` only). */
function fieldsOf(v: object): { fields: Record<string, string[]>; raw: string[] } {
  const fields: Record<string, string[]> = {};
  const raw: string[] = [];
  for (const [k, msgs] of Object.entries(v as Record<string, unknown>).slice(0, MAX_FIELDS)) {
    if (!Array.isArray(msgs)) continue;
    const texts = msgs.slice(0, MAX_FIELD_MESSAGES).filter((m): m is string => typeof m === 'string');
    raw.push(...texts);
    // A field name is compared with the node's own (`FIELD_WORDS`) only as it arrived.
    fields[plainCode(k) ?? `${cleanForeignText(k, 48)} (not plain)`] = texts.map((m) => cleanForeignText(m, 500));
  }
  return { fields, raw };
}

function namedCodes(texts: readonly string[]): string[] {
  const named = new Set<string>();
  for (const t of texts) {
    const code = CODE_IN_FRONT.exec(t)?.[1] ?? CODE_AT_END.exec(t)?.[1];
    if (code) named.add(code);
    if (named.size >= MAX_NAMED) break;
  }
  return [...named];
}

/** Whether the directory gave `code`, as its code or named the known way in one of its messages, as it arrived. */
export function hasCode(f: DirectoryFailure, code: string): boolean {
  return f.code === code || (f.named?.includes(code) ?? false);
}

/** The node's own codes for a failure, which the directory never said. */
const OWN_CODE = /^(?:http_\d{3}|bad_response|response_too_large)$/;

/** The directory's own code, plain and as it arrived, to show in quotes beside our words; null when it gave none. */
export function directoryCode(f: DirectoryFailure): string | null {
  return OWN_CODE.test(f.code) ? null : plainCode(f.code);
}

/**
 * A refused REGISTER that is about the operator identity: IICP-E051 (another operator holds the display name) or
 * IICP-E063 (the identity was rotated or revoked at the directory); null for every other refusal.
 */
export function operatorRefusal(f: DirectoryFailure): Extract<OperatorDirectoryState, 'name_taken' | 'revoked'> | null {
  if (f.status !== 422 && f.status !== 409) return null;
  if (hasCode(f, 'IICP-E051')) return 'name_taken';
  if (hasCode(f, 'IICP-E063')) return 'revoked';
  return null;
}

/** The directory's dial-back to `{endpoint}/iicp/health` failed (IICP-E036): the address does not work from outside. */
export function isLivenessFailure(f: DirectoryFailure): boolean {
  return hasCode(f, 'IICP-E036') || f.code === 'liveness_failed';
}

/** A restricted trust domain refused the node: no (valid) membership, not a refused token. */
export function isRestrictedDomainDenial(f: DirectoryFailure): boolean {
  return f.status === 401 && f.code === 'restricted_domain_denied';
}

/** The parts of what the node sent that a directory names in a refusal, as the Settings page calls them. */
const FIELD_WORDS: Record<string, MessageId> = {
  endpoint: 'network.link.field.endpoint',
  region: 'network.link.field.region',
  capabilities: 'network.link.field.models',
  models: 'network.link.field.models',
  credit_cost_multiplier: 'network.link.field.price',
  pricing_model: 'network.link.field.pricingModel',
  pricing: 'network.link.field.price',
  display_name: 'network.link.field.displayName',
  operator_display_name: 'network.link.field.operatorDisplayName',
  operator_delegation: 'network.link.field.operatorIdentity',
  max_tokens: 'network.link.field.maxTokens',
  max_concurrent: 'network.link.field.maxConcurrent',
};

/** "the region, the models": the named parts, in the order the directory gave them. */
const listOf = (ids: readonly MessageId[]): Said =>
  ids.length === 1
    ? said(ids[0]!)
    : said('network.link.failure.list', { first: said(ids[0]!), rest: listOf(ids.slice(1)) });

/**
 * Plain words for the person, from the codes the directories use (they disagree on some: an unreachable endpoint is
 * a validation error in one and its own code in another). Only our own sentences: the directory's message, its codes,
 * routes (`/v1/node/…`) and field names stay in the event details (`failureDetails`), and a field is named only when
 * the node knows it by the name that arrived.
 */
export function failureSaid(f: DirectoryFailure): Said {
  if (f.code === 'response_too_large') return said('network.link.failure.tooLarge');
  if (f.code === 'bad_response') return said('network.link.failure.badResponse');
  if (isLivenessFailure(f)) return said('network.link.failure.liveness');
  if (hasCode(f, 'IICP-E035')) return said('network.link.failure.privateAddress');
  const operator = operatorRefusal(f);
  if (operator) return said(operator === 'name_taken' ? 'fleet.operator.nameTaken' : 'fleet.operator.revoked');
  if (f.code === 'IICP-E049' || f.code === 'IICP-E050') return said('network.link.failure.proofAsked');
  if (f.status === 429) return said('network.link.failure.rateLimited');
  if (f.status === 422) {
    const names = Object.keys(f.fields ?? {});
    const known = names.map((k) => (Object.hasOwn(FIELD_WORDS, k) ? FIELD_WORDS[k]! : null));
    const named = [...new Set(known.filter((w): w is MessageId => w !== null))];
    // A field it names that the node does not know is counted, never named: its name is the directory's text.
    const parts = known.includes(null)
      ? named.length
        ? said('network.link.failure.partsAndOthers', { named: listOf(named) })
        : said('network.link.failure.partsOnly')
      : named.length
        ? listOf(named)
        : null;
    return parts
      ? said('network.link.failure.refusedParts', { parts })
      : said('network.link.failure.refusedRegistration');
  }
  if (f.status >= 500) return said('network.link.failure.serverProblem');
  if (f.status === 401) return said('network.link.failure.tokenRefused');
  if (f.status === 404 || f.status === 410) return said('network.link.failure.unknownNode');
  return said('network.link.failure.refused');
}

/** The same sentence in English, for the notes and logs that keep English text. */
export function describeFailure(f: DirectoryFailure): string {
  return english.said(failureSaid(f));
}

/**
 * What the event details keep of a refusal: status, code, and the directory's own words (codes, fields, routes). A
 * directory may echo what it was sent, so the node's `secrets` and anything after "Bearer" are masked.
 */
export function failureDetails(f: DirectoryFailure, secrets: readonly (string | null | undefined)[] = []): string {
  const fields = Object.entries(f.fields ?? {}).map(([k, v]) => `${k}: ${v.join(' ')}`);
  const said = f.message && !/^The directory answered HTTP \d+\.$/.test(f.message) ? ` message: ${f.message}` : '';
  const unplain = f.unplainCode ? ' (its own code was not plain text, so it is not kept)' : '';
  let out = `status=${f.status} code=${f.code}${unplain}${said}${fields.length ? ` fields: ${fields.join('; ')}` : ''}`;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out.replace(/\b(bearer)\s+[^\s"',;]+/gi, '$1 [redacted]');
}
