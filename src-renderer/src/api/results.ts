import type { ContractErrorBody, ErrorCode, Result } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';

export const failure = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** Accepts a result from the wire only if it has the contract's shape; anything else becomes `internal`. */
export function asResult(value: unknown): Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) {
    return failure('internal', sayNow()('common.link.malformed'));
  }
  const candidate = value as { ok: unknown; value?: unknown; error?: unknown };
  if (candidate.ok === true) return { ok: true, value: candidate.value };
  const error = candidate.error as Partial<ContractErrorBody> | undefined;
  if (candidate.ok === false && typeof error?.code === 'string' && typeof error.message === 'string') {
    return { ok: false, error: error as ContractErrorBody };
  }
  return failure('internal', sayNow()('common.link.malformed'));
}
