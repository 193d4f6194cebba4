/**
 * Arbitrary CBOR for fast-check, hostile as a peer would make it: every kind of item at every nesting a frame allows
 * and one past it, containers as wide as the item limit and one item more, and map keys of every kind — byte strings
 * and text of up to `maxBig` bytes, floats, maps and arrays as keys, tags, big integers, duplicates, `__proto__`.
 *
 * A payload is generated as a tree (`CborNode`) and written by this file's own small encoder, so it can hold what no
 * encoder of the app writes. `problemsOf` names what in a tree the node's reader must refuse, worked out from the tree
 * alone: the tests hold the reader to it (refused exactly when there is a problem, and for one of them).
 */
import fc from 'fast-check';
// From native/cbor.ts (not cbor-read.ts), where the limits live in every version: the bench runs against older trees.
import { DEFAULT_CBOR_LIMITS } from '@engine/native/cbor';
import type { CborLimits, CborRefusal } from '@engine/native/cbor-read';

export type CborNode =
  | { t: 'uint'; v: bigint; wide: boolean }
  | { t: 'nint'; v: bigint }
  | { t: 'bytes'; len: number; fill: number }
  | { t: 'text'; s: string }
  /** `len` bytes of one ASCII letter: a long key costs what hashing it costs. */
  | { t: 'long_text'; len: number; fill: number }
  | { t: 'bad_utf8'; bytes: readonly number[] }
  /** A double or single float's value; for a half, its 16 bits (any pattern is some half). */
  | { t: 'float'; size: 2 | 4 | 8; v: number }
  | { t: 'simple'; v: number }
  | { t: 'tag'; tag: number; of: CborNode }
  | { t: 'array'; items: CborNode[]; indefinite: boolean }
  | { t: 'map'; entries: [CborNode, CborNode][]; indefinite: boolean }
  /** `count` copies of `of` in an array, or as the values of keys 0…count−1 (or "k0"…) in a map. */
  | { t: 'wide'; kind: 'array' | 'int_map' | 'text_map'; count: number; of: CborNode }
  /** `depth` containers, one inside the other (a map's one key is `key`), around `leaf`. */
  | { t: 'nest'; kind: 'array' | 'map'; depth: number; key: CborNode; leaf: CborNode };

function head(major: number, n: bigint | number, wide = false): Buffer {
  const m = major << 5;
  const v = typeof n === 'bigint' && n < 0x100000000n ? Number(n) : n;
  if (typeof v === 'number' && !wide) {
    if (v < 24) return Buffer.of(m | v);
    if (v < 0x100) return Buffer.of(m | 24, v);
    if (v < 0x10000) return Buffer.of(m | 25, v >> 8, v & 0xff);
    const b = Buffer.alloc(5);
    b[0] = m | 26;
    b.writeUInt32BE(v, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = m | 27;
  b.writeBigUInt64BE(BigInt(v), 1);
  return b;
}

function float(size: 2 | 4 | 8, v: number): Buffer {
  if (size === 8) {
    const b = Buffer.alloc(9);
    b[0] = 0xfb;
    b.writeDoubleBE(v, 1);
    return b;
  }
  if (size === 4) {
    const b = Buffer.alloc(5);
    b[0] = 0xfa;
    b.writeFloatBE(v, 1);
    return b;
  }
  return Buffer.from([0xf9, (v >> 8) & 0xff, v & 0xff]);
}

/** `first`, then the parts `part(i)` gives for i < count, in one allocation. */
function joined(first: Buffer, count: number, part: (i: number) => (Buffer | null)[]): Buffer {
  const parts: Buffer[] = [first];
  let size = first.length;
  for (let i = 0; i < count; i++) {
    for (const p of part(i)) {
      if (p === null) continue;
      parts.push(p);
      size += p.length;
    }
  }
  return Buffer.concat(parts, size);
}

/** The bytes of a tree. */
export function encodeNode(n: CborNode): Buffer {
  switch (n.t) {
    case 'uint':
      return head(0, n.v, n.wide);
    case 'nint':
      return head(1, n.v);
    case 'bytes':
      return Buffer.concat([head(2, n.len), Buffer.alloc(n.len, n.fill)]);
    case 'text': {
      const b = Buffer.from(n.s, 'utf8');
      return Buffer.concat([head(3, b.length), b]);
    }
    case 'long_text':
      return Buffer.concat([head(3, n.len), Buffer.alloc(n.len, n.fill)]);
    case 'bad_utf8':
      return Buffer.concat([head(3, n.bytes.length), Buffer.from(n.bytes)]);
    case 'float':
      return float(n.size, n.v);
    case 'simple':
      return n.v < 24 ? Buffer.of(0xe0 | n.v) : Buffer.of(0xf8, n.v);
    case 'tag':
      return Buffer.concat([head(6, n.tag), encodeNode(n.of)]);
    case 'array':
      if (n.indefinite) return Buffer.concat([Buffer.of(0x9f), ...n.items.map(encodeNode), Buffer.of(0xff)]);
      return Buffer.concat([head(4, n.items.length), ...n.items.map(encodeNode)]);
    case 'map': {
      const body = n.entries.flatMap(([k, v]) => [encodeNode(k), encodeNode(v)]);
      if (n.indefinite) return Buffer.concat([Buffer.of(0xbf), ...body, Buffer.of(0xff)]);
      return Buffer.concat([head(5, n.entries.length), ...body]);
    }
    case 'wide': {
      const of = encodeNode(n.of);
      const key = (i: number) =>
        n.kind === 'int_map' ? head(0, i) : n.kind === 'text_map' ? encodeNode({ t: 'text', s: `k${i}` }) : null;
      return joined(head(n.kind === 'array' ? 4 : 5, n.count), n.count, (i) => [key(i), of]);
    }
    case 'nest': {
      const open = n.kind === 'array' ? Buffer.of(0x81) : Buffer.concat([Buffer.of(0xa1), encodeNode(n.key)]);
      return Buffer.concat([joined(Buffer.alloc(0), n.depth, () => [open]), encodeNode(n.leaf)]);
    }
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** What a key decodes to, for telling duplicates apart; null for a key of a kind the reader refuses. */
function keyValue(k: CborNode): string | null {
  switch (k.t) {
    case 'uint':
      return `i${k.v}`;
    case 'nint':
      return `i${-1n - k.v}`;
    case 'text':
      return `t${k.s}`;
    case 'long_text':
      return `t${String.fromCharCode(k.fill).repeat(k.len)}`;
    default:
      return null;
  }
}

/**
 * What the reader must refuse in a tree within `limits`: empty when it must take it. The reader stops at the first
 * problem in byte order, so it names one of these.
 */
export function problemsOf(root: CborNode, limits: Required<CborLimits> = DEFAULT_CBOR_LIMITS): Set<CborRefusal> {
  const found = new Set<CborRefusal>();
  let items = 0;
  const visit = (n: CborNode, level: number): void => {
    items += 1;
    const container = (depth: number) => {
      if (depth > limits.maxDepth) found.add('too_deep');
    };
    switch (n.t) {
      case 'uint':
        if (n.v > MAX_SAFE) found.add('big_integer');
        return;
      case 'nint':
        if (n.v >= MAX_SAFE) found.add('big_integer');
        return;
      case 'bad_utf8':
        found.add('bad_utf8');
        return;
      case 'simple':
        if (n.v < 20 || n.v > 22) found.add('simple_value');
        return;
      case 'tag':
        found.add('tag');
        return;
      case 'array':
        container(level + 1);
        if (n.indefinite) found.add('indefinite_length');
        for (const i of n.items) visit(i, level + 1);
        return;
      case 'map': {
        container(level + 1);
        if (n.indefinite) found.add('indefinite_length');
        const seen = new Set<string>();
        for (const [k, v] of n.entries) {
          const kv = keyValue(k);
          if (kv === null && k.t !== 'bad_utf8') found.add('key_kind');
          else visit(k, level + 1);
          if (kv === 't__proto__') found.add('proto_key');
          if (kv !== null && seen.has(kv)) found.add('duplicate_key');
          if (kv !== null) seen.add(kv);
          visit(v, level + 1);
        }
        return;
      }
      case 'wide':
        container(level + 1);
        // Its items are all alike: one look, counted `count` times (a map's keys are distinct and fine).
        if (n.count > 0) visit(n.of, level + 1);
        items += (n.kind === 'array' ? 1 : 2) * n.count - (n.count > 0 ? 1 : 0);
        return;
      case 'nest': {
        container(level + n.depth);
        const kv = keyValue(n.key);
        if (n.kind === 'map') {
          if (kv === null && n.key.t !== 'bad_utf8') found.add('key_kind');
          else visit(n.key, level + 1);
          if (kv === 't__proto__') found.add('proto_key');
          items += n.depth - 1;
        }
        items += n.depth - 1;
        visit(n.leaf, level + n.depth);
        return;
      }
      default:
        return;
    }
  };
  visit(root, 0);
  if (items > limits.maxItems) found.add('too_many_items');
  return found;
}

export interface FuzzSizes {
  /** The longest byte string or text a key or value may be. */
  maxBig: number;
  /** The widest container (items), beyond the limit. */
  maxWide: number;
  /** The reader's limits the trees reach and pass (default: its defaults). */
  limits?: Required<CborLimits>;
}

/** Trees of every kind; keys of every kind; nesting to one past the depth limit, width to past the item limit. */
export function cborTrees(sizes: FuzzSizes): {
  node: fc.Arbitrary<CborNode>;
  key: fc.Arbitrary<CborNode>;
  payload: fc.Arbitrary<CborNode>;
} {
  const limits = sizes.limits ?? DEFAULT_CBOR_LIMITS;
  const half = Math.floor(limits.maxItems / 2);
  const rarely = fc.constantFrom(false, false, false, false, false, false, false, true);
  const anyInt = (edges: bigint[]) =>
    fc.oneof(
      { arbitrary: fc.bigInt({ min: 0n, max: 30n }), weight: 4 },
      { arbitrary: fc.bigInt({ min: 0n, max: MAX_SAFE }), weight: 2 },
      { arbitrary: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), weight: 1 },
      { arbitrary: fc.constantFrom(...edges), weight: 1 },
    );
  const uint = fc.record({ t: fc.constant('uint' as const), v: anyInt([MAX_SAFE, MAX_SAFE + 1n]), wide: rarely });
  const nint = fc.record({ t: fc.constant('nint' as const), v: anyInt([MAX_SAFE - 1n, MAX_SAFE]) });
  const text = fc.record({
    t: fc.constant('text' as const),
    s: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom('__proto__', 'constructor', 'toString', '', 'k1'),
    ),
  });
  const length = fc.oneof({ arbitrary: fc.nat(40), weight: 4 }, { arbitrary: fc.nat(sizes.maxBig), weight: 1 });
  const bytes = fc.record({ t: fc.constant('bytes' as const), len: length, fill: fc.nat(255) });
  const longText = fc.record({
    t: fc.constant('long_text' as const),
    len: length,
    fill: fc.integer({ min: 0x61, max: 0x7a }),
  });
  const badUtf8 = fc.record({
    t: fc.constant('bad_utf8' as const),
    bytes: fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0x61, 0x80], [0xf4, 0x90, 0x80, 0x80]),
  });
  const floats = fc.oneof(
    fc.record({
      t: fc.constant('float' as const),
      size: fc.constant(2 as const),
      v: fc.oneof(
        fc.nat(0xffff),
        fc.constantFrom(0x0000, 0x8000, 0x3c00, 0x7c00, 0xfc00, 0x7e00, 0x0001, 0x03ff, 0x7bff),
      ),
    }),
    fc.record({
      t: fc.constant('float' as const),
      size: fc.constantFrom(4 as const, 8 as const),
      v: fc.oneof(fc.double(), fc.constantFrom(0.5, -0, 1.5, 65504, 1e-7, NaN, -Infinity)),
    }),
  );
  const simple = fc.record({
    t: fc.constant('simple' as const),
    v: fc.oneof(fc.constantFrom(20, 21, 22, 23), fc.nat(19), fc.integer({ min: 32, max: 255 })),
  });
  const leaf: fc.Arbitrary<CborNode> = fc.oneof(uint, nint, text, bytes, longText, badUtf8, floats, simple);

  const { node, key } = fc.letrec<{ node: CborNode; key: CborNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth: 5 },
      { arbitrary: leaf, weight: 6 },
      {
        arbitrary: fc.record({
          t: fc.constant('array' as const),
          items: fc.array(tie('node'), { maxLength: 6 }),
          indefinite: rarely,
        }),
        weight: 2,
      },
      {
        arbitrary: fc
          .record({
            entries: fc.array(fc.tuple(tie('key'), tie('node')), { maxLength: 6 }),
            indefinite: rarely,
            dup: rarely,
          })
          .map(({ entries, indefinite, dup }): CborNode => ({
            t: 'map',
            entries: dup && entries.length > 0 ? [...entries, entries[0]!] : entries,
            indefinite,
          })),
        weight: 2,
      },
      {
        arbitrary: fc.record({
          t: fc.constant('tag' as const),
          tag: fc.constantFrom(0, 1, 2, 3, 32, 55799),
          of: tie('node'),
        }),
        weight: 1,
      },
    ),
    // Mostly the keys frames have (a long text key among them), now and then one that no frame has.
    key: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      { arbitrary: uint, weight: 6 },
      { arbitrary: text, weight: 4 },
      { arbitrary: nint, weight: 1 },
      { arbitrary: longText, weight: 1 },
      { arbitrary: bytes, weight: 1 },
      { arbitrary: floats, weight: 1 },
      { arbitrary: simple, weight: 1 },
      { arbitrary: tie('node'), weight: 1 },
    ),
  }));

  const wide = fc.record({
    t: fc.constant('wide' as const),
    kind: fc.constantFrom('array' as const, 'int_map' as const, 'text_map' as const),
    // Mostly narrow; now and then at the item limit (a map's entries count twice), and past it.
    count: fc.oneof(
      { arbitrary: fc.nat(Math.min(64, sizes.maxWide)), weight: 6 },
      {
        arbitrary: fc.integer({ min: Math.min(half - 4, sizes.maxWide), max: Math.min(half + 4, sizes.maxWide) }),
        weight: 1,
      },
      { arbitrary: fc.integer({ min: Math.min(limits.maxItems - 4, sizes.maxWide), max: sizes.maxWide }), weight: 1 },
    ),
    of: fc.oneof(uint, simple, fc.constant<CborNode>({ t: 'text', s: 'x' })),
  });
  const nest = fc.record({
    t: fc.constant('nest' as const),
    kind: fc.constantFrom('array' as const, 'map' as const),
    depth: fc.integer({ min: 1, max: limits.maxDepth + 2 }),
    key,
    leaf: fc.oneof(leaf, node),
  });
  // A frame-like payload: an integer-keyed map of the keys frames use, with hostile entries among them.
  const frameMap = fc
    .record({
      keys: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 8 }),
      values: fc.array(
        fc.oneof({ arbitrary: node, weight: 8 }, { arbitrary: nest, weight: 1 }, { arbitrary: wide, weight: 1 }),
        { minLength: 8, maxLength: 8 },
      ),
      hostile: fc.array(fc.tuple(key, node), { maxLength: 2 }),
      dup: fc.boolean(),
    })
    .map(({ keys, values, hostile, dup }): CborNode => {
      const entries: [CborNode, CborNode][] = keys.map((k, i) => [
        { t: 'uint', v: BigInt(k), wide: false },
        values[i]!,
      ]);
      entries.splice(Math.floor(entries.length / 2), 0, ...hostile);
      if (dup && entries.length > 0) entries.push(entries[0]!);
      return { t: 'map', entries, indefinite: false };
    });
  const payload = fc.oneof(
    { arbitrary: frameMap, weight: 4 },
    { arbitrary: nest, weight: 2 },
    { arbitrary: wide, weight: 1 },
    { arbitrary: node, weight: 1 },
  );
  return { node, key, payload };
}

const MiB = 1024 * 1024;

/**
 * The payloads of the attack that restarted the engine, before any INIT and without a key: a map keyed by an 8 MiB
 * byte string; 30 maps, each the key of the next, the innermost keyed by a 1 MiB byte string; and 30 maps, each the
 * value of the next, the innermost keyed the same way.
 */
export function attackPayloads(): { name: string; payload: Buffer }[] {
  const bigKey = (len: number): CborNode => ({ t: 'bytes', len, fill: 0x41 });
  const one: CborNode = { t: 'uint', v: 1n, wide: false };
  let keyed: CborNode = { t: 'map', entries: [[bigKey(MiB), one]], indefinite: false };
  for (let i = 1; i < 30; i++) keyed = { t: 'map', entries: [[keyed, one]], indefinite: false };
  return [
    {
      name: 'a map keyed by an 8 MiB byte string',
      payload: encodeNode({ t: 'map', entries: [[bigKey(8 * MiB), one]], indefinite: false }),
    },
    { name: '30 maps as keys, the innermost keyed by 1 MiB', payload: encodeNode(keyed) },
    {
      name: '30 nested maps, the innermost keyed by 1 MiB',
      payload: encodeNode({
        t: 'nest',
        kind: 'map',
        depth: 29,
        key: one,
        leaf: { t: 'map', entries: [[bigKey(MiB), one]], indefinite: false },
      }),
    },
  ];
}

/**
 * Whether the node must take a payload as an integer-keyed map within `limits`: no problem in it, and a map at its
 * root with an integer key or none at all (a map of text keys alone is not a frame).
 */
export function takenAsFrame(root: CborNode, limits: Required<CborLimits>): boolean {
  if (problemsOf(root, limits).size > 0) return false;
  switch (root.t) {
    case 'map':
      return root.entries.length === 0 || root.entries.some(([k]) => k.t === 'uint' || k.t === 'nint');
    case 'wide':
      return root.kind === 'int_map' || (root.kind === 'text_map' && root.count === 0);
    case 'nest':
      return root.kind === 'map' && (root.key.t === 'uint' || root.key.t === 'nint');
    default:
      return false;
  }
}
