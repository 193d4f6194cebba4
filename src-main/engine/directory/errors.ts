import type { OperatorDirectoryState } from '@shared/contract/operator';
import { cleanForeignText, quoteForeignText } from '@shared/text/foreign-text';
import { isPlainForPeople } from '@shared/text/plain-text';
import { OPERATOR_NAME_TAKEN, OPERATOR_REVOKED } from '@shared/words/operator-words';

/** A directory answer that was not a success, reduced to what the node acts on (from either error shape). */
export interface DirectoryFailure {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
  retryAfterMs?: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * Parses both error shapes the directories use: `{"error":{"code","message","fields"?}}` and the string form
 * `{"error":"IICP-E034","message":…,"retry_after":60}`; anything else becomes `http_<status>`.
 */
export function parseDirectoryFailure(status: number, body: unknown, retryAfterHeader?: string | null): DirectoryFailure {
  const out: DirectoryFailure = { status, code: `http_${status}`, message: `The directory answered HTTP ${status}.` };
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const e = b.error;
    if (typeof e === 'string') {
      out.code = e;
      out.message = str(b.message) ?? out.message;
      const ra = num(b.retry_after);
      if (ra !== undefined) out.retryAfterMs = ra * 1000;
    } else if (e && typeof e === 'object') {
      const eo = e as Record<string, unknown>;
      out.code = str(eo.code) ?? out.code;
      out.message = str(eo.message) ?? out.message;
      const ra = num(eo.retry_after_seconds) ?? num(eo.retry_after);
      if (ra !== undefined) out.retryAfterMs = ra * 1000;
      if (eo.fields && typeof eo.fields === 'object') out.fields = fieldsOf(eo.fields);
    } else if (e === undefined && b.errors && typeof b.errors === 'object' && !Array.isArray(b.errors)) {
      // Laravel's own validation answer (`{"message","errors":{field:[…]}}`), which a directory gives outside its
      // API error handler.
      out.code = status === 422 ? 'validation_error' : out.code;
      out.message = str(b.message) ?? out.message;
      out.fields = fieldsOf(b.errors);
    }
  }
  if (out.retryAfterMs === undefined && retryAfterHeader && /^\d{1,6}$/.test(retryAfterHeader.trim())) {
    out.retryAfterMs = Number(retryAfterHeader.trim()) * 1000;
  }
  // Everything the directory wrote reaches receipts' notes, events, logs and the screen: no escapes, no bidi
  // overrides, no invisible characters, and short.
  out.code = cleanForeignText(out.code, 64) || `http_${status}`;
  out.message = cleanForeignText(out.message, 500);
  return out;
}

function fieldsOf(v: object): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [k, msgs] of Object.entries(v as Record<string, unknown>)) {
    if (Array.isArray(msgs)) fields[cleanForeignText(k, 64)] = msgs.filter((m): m is string => typeof m === 'string').map((m) => cleanForeignText(m, 500));
  }
  return fields;
}

/**
 * A refused REGISTER that is about the operator identity: IICP-E051 (another operator holds the display name) or
 * IICP-E063 (the identity was rotated or revoked at the directory); null for every other refusal.
 */
export function operatorRefusal(f: DirectoryFailure): Extract<OperatorDirectoryState, 'name_taken' | 'revoked'> | null {
  if (f.status !== 422 && f.status !== 409) return null;
  const all = [f.code, f.message, ...Object.values(f.fields ?? {}).flat()].join(' ');
  if (all.includes('IICP-E051')) return 'name_taken';
  if (all.includes('IICP-E063')) return 'revoked';
  return null;
}

/** The directory's dial-back to `{endpoint}/iicp/health` failed (IICP-E036): the address does not work from outside. */
export function isLivenessFailure(f: DirectoryFailure): boolean {
  const all = [f.code, f.message, ...Object.values(f.fields ?? {}).flat()].join(' ');
  return all.includes('IICP-E036') || all.includes('liveness_failed');
}

/** A restricted trust domain refused the node: no (valid) membership, not a refused token. */
export function isRestrictedDomainDenial(f: DirectoryFailure): boolean {
  return f.status === 401 && f.code === 'restricted_domain_denied';
}

/** The parts of what the node sent that a directory names in a refusal, as the Settings page calls them. */
const FIELD_WORDS: Record<string, string> = {
  endpoint: 'the public address',
  region: 'the region',
  capabilities: 'the models',
  models: 'the models',
  credit_cost_multiplier: 'the price',
  pricing_model: 'the pricing model',
  pricing: 'the price',
  display_name: 'the display name',
  operator_display_name: 'the operator display name',
  operator_delegation: 'the operator identity',
  max_tokens: 'the largest answer',
  max_concurrent: 'tasks at once',
};

/**
 * Plain words for the person, from the codes the directories use (they disagree on some: an unreachable endpoint is
 * a validation error in one and its own code in another). Never the directory's raw text unless a person can read it
 * as it is: codes, routes (`/v1/node/…`) and field names stay in the event details (`failureDetails`).
 */
export function describeFailure(f: DirectoryFailure): string {
  if (f.code === 'response_too_large') return "The directory's answer could not be read (it was too large); retrying.";
  if (f.code === 'bad_response') return "The directory's answer could not be read; retrying.";
  const all = [f.code, f.message, ...Object.values(f.fields ?? {}).flat()].join(' ');
  if (isLivenessFailure(f)) {
    return 'The directory could not reach this node from the internet. Check the port forwarding or the public URL.';
  }
  if (all.includes('IICP-E035')) return 'The directory refused the address: it is not reachable from the internet (a private or local address).';
  const operator = operatorRefusal(f);
  if (operator) return operator === 'name_taken' ? OPERATOR_NAME_TAKEN : OPERATOR_REVOKED;
  if (f.code === 'IICP-E049' || f.code === 'IICP-E050') return 'The directory asked for proof that this computer owns the node (the saved token was not accepted).';
  if (f.status === 429) return 'The directory is rate-limiting this computer; the node will retry by itself.';
  if (f.status === 422) {
    const fields = [...new Set(Object.keys(f.fields ?? {}).map((k) => FIELD_WORDS[k] ?? k.replace(/_/g, ' ')))];
    const said = readable(f.message);
    const what = fields.length ? ` It found a problem with ${fields.join(', ')}.` : '';
    return `The directory refused the registration${said ? `; it said ${quoteForeignText(said)}.` : '.'}${what}`;
  }
  if (f.status >= 500) return 'The directory has a problem right now; the node will retry by itself.';
  if (f.status === 401) return 'The directory did not accept the node token; the node re-registers by itself.';
  if (f.status === 404 || f.status === 410) return 'The directory does not know this node (or the directory address is wrong).';
  const said = readable(f.message);
  // The directory's words are quoted, never made ours.
  return said ? `The directory refused the request; it said ${quoteForeignText(said)}.` : 'The directory refused the request.';
}

/** A directory's own message if a person can read it as it is (not a default "answered HTTP n", a code or a route). */
function readable(message: string): string | null {
  const m = message.trim();
  return m && !/^The directory answered HTTP \d+\.$/.test(m) && isPlainForPeople(m) ? m : null;
}

/**
 * What the event details keep of a refusal: status, code, and the directory's own words (codes, fields, routes). A
 * directory may echo what it was sent, so the node's `secrets` and anything after "Bearer" are masked.
 */
export function failureDetails(f: DirectoryFailure, secrets: readonly (string | null | undefined)[] = []): string {
  const fields = Object.entries(f.fields ?? {}).map(([k, v]) => `${k}: ${v.join(' ')}`);
  const said = f.message && !/^The directory answered HTTP \d+\.$/.test(f.message) ? ` message: ${f.message}` : '';
  let out = `status=${f.status} code=${f.code}${said}${fields.length ? ` fields: ${fields.join('; ')}` : ''}`;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out.replace(/\b(bearer)\s+[^\s"',;]+/gi, '$1 [redacted]');
}
