import { describe, expect, it } from 'vitest';
import { InFlight } from '@engine/net/in-flight';

describe('InFlight', () => {
  it('a call that arrives while the same one runs gets its answer; once it is over, the next call asks again', async () => {
    const f = new InFlight<number>();
    let asked = 0;
    let release!: (n: number) => void;
    const call = () => {
      asked += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = f.run('x', call);
    const b = f.run('x', call);
    expect(asked).toBe(1);
    release(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    const c = f.run('x', call);
    expect(asked).toBe(2);
    release(8);
    expect(await c).toBe(8);
  });

  it('different keys run side by side, and a failure is shared then forgotten', async () => {
    const f = new InFlight<string>();
    const one = f.run('a', async () => 'a');
    const two = f.run('b', async () => 'b');
    expect(await Promise.all([one, two])).toEqual(['a', 'b']);
    const boom = () => Promise.reject(new Error('down'));
    await expect(Promise.all([f.run('a', boom), f.run('a', boom)])).rejects.toThrow('down');
    expect(await f.run('a', async () => 'again')).toBe('again');
  });
});
