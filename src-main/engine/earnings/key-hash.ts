/**
 * A 64-bit hash of a string, as two 32-bit halves: FNV-1a and a multiply-xorshift over the UTF-16 code units, each
 * finalised with MurmurHash3's mixer, the second over both. Seeded: the keys (task ids, nonces) are chosen by
 * strangers, and a seed they cannot know keeps them from crafting keys that collide. Well under a microsecond for a
 * UUID; no allocation — the halves are left in `KEY_HASH`, read them before the next call.
 */
export const KEY_HASH = { h1: 0, h2: 0 };

export function keyHash(key: string, seed: number): void {
  let a = seed ^ 0x811c9dc5;
  let b = Math.imul(seed, 0x9e3779b1) ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const h1 = fmix(a ^ key.length);
  KEY_HASH.h1 = h1;
  KEY_HASH.h2 = fmix(b ^ Math.imul(h1, 0x27d4eb2d));
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
