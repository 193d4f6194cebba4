/** Values of the kinds IICP frames hold, generated from a seed, for the CBOR writer's and reader's tests. */

const TEXTS = ['', 'a', 'b', 'aa', 'Z', 'ü', 'é', '日本', '😀', 'x'.repeat(23), 'x'.repeat(24), 'y'.repeat(300), 'a\u0000b', '\ud800', 'e\u0301', 'finish_reason', 'content'];

export function randomValue(r: () => number, depth: number): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 6 : 10));
  const int = (): number => [0, 1, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1, -24, -25, -256, -257, -(2 ** 32), Number.MIN_SAFE_INTEGER][Math.floor(r() * 18)]!;
  switch (pick) {
    case 0:
      return int();
    case 1:
      return TEXTS[Math.floor(r() * TEXTS.length)]!;
    case 2:
      return r() < 0.5;
    case 3:
      return null;
    case 4:
      return Buffer.from(Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256)));
    case 5:
      return new Uint8Array(Array.from({ length: Math.floor(r() * 30) }, () => Math.floor(r() * 256)));
    case 6:
      return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 6); i > 0; i--) o[TEXTS[Math.floor(r() * TEXTS.length)]! + (r() < 0.3 ? String(i) : '')] = randomValue(r, depth + 1);
      return o;
    }
    case 8: {
      const m = new Map<number, unknown>();
      for (let i = Math.floor(r() * 8); i > 0; i--) m.set(Math.abs(int()), randomValue(r, depth + 1));
      return m;
    }
    default: {
      const m = new Map<string, unknown>();
      for (let i = Math.floor(r() * 5); i > 0; i--) m.set(TEXTS[Math.floor(r() * TEXTS.length)]!, randomValue(r, depth + 1));
      return m;
    }
  }
}

/** A small deterministic generator, so a failure names its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}
