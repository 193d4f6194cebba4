import type { ContractErrorBody, ErrorCode } from '../../src-preload/contract';

/** A failure the engine reports to a contract caller with a stable code. */
export class ContractError extends Error {
  readonly body: ContractErrorBody;
  constructor(code: ErrorCode, message: string, issues?: { path: string; message: string }[]) {
    super(message);
    this.name = 'ContractError';
    this.body = issues?.length ? { code, message, issues } : { code, message };
  }
  get code(): ErrorCode {
    return this.body.code;
  }
}
