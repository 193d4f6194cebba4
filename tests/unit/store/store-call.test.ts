/** A command's read of the store: a database that refuses it is a `store_error`, whether the read is sync or async. */
import { describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract/errors';
import { storeCall } from '@engine/store/store-call';

const locked = () => new Error('database is locked');

describe('storeCall', () => {
  it('turns a failing read into a store error, and lets a contract error through as it is', () => {
    expect(() =>
      storeCall(() => {
        throw locked();
      }),
    ).toThrow(
      expect.objectContaining({ code: 'store_error', message: 'The ledger could not be read: database is locked' }),
    );
    const refused = new ContractError('invalid_request', 'no such key');
    expect(() =>
      storeCall(() => {
        throw refused;
      }),
    ).toThrow(refused);
    expect(storeCall(() => 7)).toBe(7);
  });

  it('does the same for an async read that fails after its first await', async () => {
    const read = async () => {
      await Promise.resolve();
      throw locked();
    };
    await expect(storeCall(read)).rejects.toMatchObject({
      code: 'store_error',
      message: 'The ledger could not be read: database is locked',
    });
    await expect(storeCall(async () => 'fine')).resolves.toBe('fine');
  });
});
