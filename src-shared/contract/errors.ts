/** How every command fails: a stable code, plain words, and field problems for a refused request. */
import type { Said } from '../i18n/said';
import { english } from '../i18n/say';

export const ERROR_CODES = [
  'invalid_request', // the request does not match the command's schema
  'unknown_command', // no such command in this API version
  'invalid_state', // the engine cannot do this in its current state
  'engine_unavailable', // the engine is not running (starting up or shut down)
  'store_error', // the database refused the change; nothing was applied
  'needs_confirmation', // the request is allowed only once the person confirms it (the message says what); sent again with the command's confirmation it is done
  'unauthorized', // headless bridge: missing or wrong access token
  'internal', // a bug; the message says what failed, never a stack trace
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A field's problem: its path and message, and for a request that did not match its schema the kind of problem (the
 * validator's issue code, e.g. `too_small`), so a form can say it in its own words.
 */
export interface ContractIssue {
  path: string;
  message: string;
  code?: string;
  /** The message as a sentence, when the engine made it: a page says it in its person's language. */
  said?: Said;
}

export interface ContractErrorBody {
  code: ErrorCode;
  /** The problem in English: what logs, the CLI and other programs read. */
  message: string;
  /** The same problem as a sentence, when the engine made it: a page says it in its person's language. */
  said?: Said;
  /** Field-level problems for `invalid_request`. */
  issues?: ContractIssue[];
}

/** A field's problem as the engine raises it: its message as a sentence (said in English for the body's `message`). */
export type RaisedIssue = { path: string; message: string | Said; code?: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractErrorBody };

/** A failure the engine reports to a contract caller with a stable code. */
export class ContractError extends Error {
  readonly body: ContractErrorBody;
  /**
   * `message` is a sentence from the catalogue wherever a person may read it (the page says it in their language);
   * a plain string only where no page shows it.
   */
  constructor(code: ErrorCode, message: string | Said, issues?: RaisedIssue[]) {
    const english = inEnglish(message);
    super(english);
    this.name = 'ContractError';
    const body: ContractErrorBody = { code, message: english };
    if (typeof message !== 'string') body.said = message;
    if (issues?.length) body.issues = issues.map(issueOf);
    this.body = body;
  }
  get code(): ErrorCode {
    return this.body.code;
  }
}

const inEnglish = (m: string | Said): string => (typeof m === 'string' ? m : english.said(m));

function issueOf(i: RaisedIssue): ContractIssue {
  const out: ContractIssue = { path: i.path, message: inEnglish(i.message) };
  if (i.code !== undefined) out.code = i.code;
  if (typeof i.message !== 'string') out.said = i.message;
  return out;
}
