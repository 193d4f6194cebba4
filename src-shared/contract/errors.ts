/** How every command fails: a stable code, plain words, and field problems for a refused request. */
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

export interface ContractErrorBody {
  code: ErrorCode;
  message: string;
  /**
   * Field-level problems for `invalid_request`: path and message per field, and for a request that did not match its
   * schema the kind of problem (the validator's issue code, e.g. `too_small`), so a form can say it in its own words.
   */
  issues?: { path: string; message: string; code?: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractErrorBody };

/** A failure the engine reports to a contract caller with a stable code. */
export class ContractError extends Error {
  readonly body: ContractErrorBody;
  constructor(code: ErrorCode, message: string, issues?: { path: string; message: string; code?: string }[]) {
    super(message);
    this.name = 'ContractError';
    this.body = issues?.length ? { code, message, issues } : { code, message };
  }
  get code(): ErrorCode {
    return this.body.code;
  }
}
