/**
 * A check that could not finish, with the kind a page says (`VerificationFailure`) beside the English detail the log
 * keeps: the detail names HTTP statuses and protocol fields a person cannot act on, and is English only.
 */
import type { VerificationFailure } from '@shared/contract';

export class VerifyFailed extends Error {
  constructor(
    readonly failure: VerificationFailure,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.name = 'VerifyFailed';
  }
}

/** The kind of a failed check: the one it was thrown with, or the check itself failing on this computer. */
export const failureOf = (err: unknown): VerificationFailure =>
  err instanceof VerifyFailed ? err.failure : 'on_this_computer';
