/**
 * A command's read of the store: a database that refuses it is a `store_error` the person can be told about, not a
 * bug, whether the read is sync or async.
 */
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';

function storeError(err: unknown): ContractError {
  if (err instanceof ContractError) return err;
  return new ContractError(
    'store_error',
    said('refusal.store.ledgerUnreadable', { detail: err instanceof Error ? err.message : String(err) }),
  );
}

/**
 * A read of the ledger; a database that refuses it is a store error, not a bug — also when the read is async and
 * fails after its first await.
 */
export function storeCall<T>(fn: () => T): T {
  let result: T;
  try {
    result = fn();
  } catch (err) {
    throw storeError(err);
  }
  if (!(result instanceof Promise)) return result;
  return result.catch((err: unknown) => {
    throw storeError(err);
  }) as T;
}
