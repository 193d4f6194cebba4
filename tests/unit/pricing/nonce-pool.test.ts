import { describe, expect, it } from 'vitest';
import { buildReceipt, NoncePool } from '@engine/pricing/receipt';

describe('receipt nonces from a pool', () => {
  it('one fill of the random source serves many receipts, each nonce 16 random bytes in hex, none repeated', () => {
    let fills = 0;
    let counter = 0;
    // A fill that writes a running count, so every byte handed out can be traced to its place in the pool.
    const pool = new NoncePool(64, (buf) => {
      fills++;
      for (let i = 0; i < buf.length; i += 4) buf.writeUInt32BE(counter++, i);
    });
    const nonces = Array.from({ length: 200 }, () => pool.next());
    expect(fills).toBe(Math.ceil(200 / 64));
    expect(new Set(nonces).size).toBe(200);
    for (const n of nonces) expect(n).toMatch(/^[0-9a-f]{32}$/);
    // Consecutive and never reused: nonce i is bytes 16·i .. 16·i+15 of the stream the fills produced.
    expect(nonces[0]).toBe('00000000000000010000000200000003');
    expect(nonces[64]).toBe(Buffer.from([0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 2, 0, 0, 1, 3]).toString('hex'));
  });

  it('receipts carry distinct pooled nonces', () => {
    const make = () =>
      buildReceipt({
        nodeId: 'n',
        taskId: 't',
        tokensUsed: 1,
        amount: 0.001,
        responseHash: 'h',
        hmacKey: 'k',
        now: 0,
        ttlMs: 1000,
      });
    const seen = new Set(Array.from({ length: 1000 }, () => make().nonce as string));
    expect(seen.size).toBe(1000);
    for (const n of seen) expect(n).toMatch(/^[0-9a-f]{32}$/);
  });
});
