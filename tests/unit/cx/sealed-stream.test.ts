import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  StreamOpenError,
  StreamOpener,
  StreamSealer,
  generateCxKeyPair,
  sealRequestText,
  type CxKeyPair,
} from '@engine/cx';
import { SEALED_CHUNK_FIELD, type SealedChunk } from '@engine/cx/sealed-stream';
import { decryptRequest } from '@engine/cx/request';
import { MAX_CHUNK_PLAINTEXT_BYTES, SEALED_STREAM_FEATURE, chunkNonce } from '@engine/cx/sealed-stream';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const TASK = 'task-stream-1';

let node: CxKeyPair;

beforeAll(() => {
  node = generateCxKeyPair();
});

/** The gateway seals a task for the node, the node opens it: both sides now hold the request's shared secret. */
function handshake(taskId = TASK): { sealed: ReturnType<typeof sealRequestText>; nodeShared: Buffer } {
  const sealed = sealRequestText(
    { key: node.publicKeyRaw.toString('base64url'), keyId: node.keyId },
    taskId,
    CHAT,
    '{"messages":[]}',
  );
  return { sealed, nodeShared: decryptRequest(node, sealed.envelope).shared };
}

/** A stream of `n` chunks, the last one marked as the end. */
function chunks(shared: Buffer, taskId: string, texts: string[]): SealedChunk[] {
  const sealer = new StreamSealer(shared, taskId);
  return texts.map((t, i) => sealer.seal(t, i === texts.length - 1));
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StreamOpenError);
    return (err as StreamOpenError).code;
  }
  throw new Error('expected a refusal');
}

/** The ADR's words, computed here with node:crypto alone: the key of one run, from the salt its first chunk names. */
function keyByTheBook(shared: Buffer, salt: string, taskId: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', shared, Buffer.from(salt, 'base64url'), Buffer.from(`IICP-CX-STREAM-v2${taskId}`, 'utf8'), 32),
  );
}

function nonceByTheBook(seq: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(seq), 4);
  return nonce;
}

/** Opens one chunk of a run by the ADR's words: what another implementation would write. */
function openByTheBook(shared: Buffer, taskId: string, salt: string, chunk: SealedChunk): string {
  const sealed = Buffer.from(chunk.encrypted_body, 'base64url');
  const d = createDecipheriv('aes-256-gcm', keyByTheBook(shared, salt, taskId), nonceByTheBook(chunk.seq), {
    authTagLength: 16,
  });
  d.setAAD(Buffer.from(`${taskId}|${chunk.seq}|${chunk.end ? 'end' : 'more'}|${salt}`, 'utf8'));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]).toString('utf8');
}

/** A chunk of the old form (`sealed_stream_v1`, ADR 0018's first Decision) as the last release's node wrote it. */
function oldFormChunk(
  shared: Buffer,
  taskId: string,
  seq: number,
  end: boolean,
  text: string,
): Record<string, unknown> {
  const key = Buffer.from(
    hkdfSync('sha256', shared, Buffer.alloc(0), Buffer.from(`IICP-CX-STREAM-v1${taskId}`, 'utf8'), 32),
  );
  const c = createCipheriv('aes-256-gcm', key, nonceByTheBook(seq), { authTagLength: 16 });
  c.setAAD(Buffer.from(`${taskId}|${seq}|${end ? 'end' : 'more'}`, 'utf8'));
  const body = Buffer.concat([c.update(text, 'utf8'), c.final(), c.getAuthTag()]);
  return { version: 1, seq, end, encrypted_body: body.toString('base64url') };
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(Math.min(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

function flipBit(body: string, byte: number): string {
  const b = Buffer.from(body, 'base64url');
  b[byte] = b[byte]! ^ 0x01;
  return b.toString('base64url');
}

describe('sealed streams (sealed_stream_v2)', () => {
  it('is advertised as the second form', () => {
    expect(SEALED_STREAM_FEATURE).toBe('sealed_stream_v2');
  });

  it('opens, in order, what the node sealed, with the secret of the request the gateway sealed', () => {
    const { sealed, nodeShared } = handshake();
    const texts = ['Hel', 'lo, wörld 🌐', '{"finish_reason":"stop","usage":null,"model":"m"}'];
    const stream = chunks(nodeShared, TASK, texts);
    expect(stream.map((c) => [c.version, c.seq, c.end])).toEqual([
      [2, 0, false],
      [2, 1, false],
      [2, 2, true],
    ]);
    // The salt in clear on the first chunk only: 32 bytes, strict base64url.
    expect(Object.keys(stream[0]!).sort()).toEqual(['encrypted_body', 'end', 'salt', 'seq', 'version']);
    expect(Buffer.from(stream[0]!.salt!, 'base64url')).toHaveLength(32);
    expect(Object.keys(stream[1]!).sort()).toEqual(['encrypted_body', 'end', 'seq', 'version']);
    const opener = sealed.streamOpener();
    const opened = stream.map((c) => opener.open(c));
    expect(opened.map((o) => o.plaintext.toString('utf8'))).toEqual(texts);
    expect(opened.map((o) => [o.seq, o.end])).toEqual([
      [0, false],
      [1, false],
      [2, true],
    ]);
    expect(opener.ended).toBe(true);
    expect(() => opener.finish()).not.toThrow();
  });

  it('opens a chunk as a RESPONSE carries it, wrapped in iicp_conf_chunk, as an object or a decoded Map', () => {
    const { sealed, nodeShared } = handshake();
    const [a, b] = chunks(nodeShared, TASK, ['one', 'two']);
    const opener = sealed.streamOpener(TASK);
    expect(opener.open({ [SEALED_CHUNK_FIELD]: a }).plaintext.toString()).toBe('one');
    expect(opener.open(new Map([[SEALED_CHUNK_FIELD, new Map(Object.entries(b!))]])).plaintext.toString()).toBe('two');
  });

  it('writes the format the ADR states: HKDF key from the secret, the salt and the task id; seq in nonce and AAD, the end and the salt in AAD', () => {
    const { nodeShared } = handshake();
    const stream = chunks(nodeShared, TASK, ['a', 'b', 'the end']);
    const salt = stream[0]!.salt!;
    expect(stream.map((c) => openByTheBook(nodeShared, TASK, salt, c))).toEqual(['a', 'b', 'the end']);
  });

  it('seals each run of one request under a salt of its own: no key and nonce pair twice, no two-time pad', () => {
    // The same request run twice (a replay, a retry with the same envelope, a node restarted or restored from a
    // backup): the same shared secret and task id, texts of the same length at the same seq.
    const { nodeShared } = handshake();
    const first = chunks(nodeShared, TASK, ['"attack at dawn"', '{"finish_reason":"stop"}']);
    const second = chunks(nodeShared, TASK, ['"retreat at six"', '{"finish_reason":"stop"}']);
    expect(first[0]!.salt).not.toBe(second[0]!.salt);
    expect(
      keyByTheBook(nodeShared, first[0]!.salt!, TASK).equals(keyByTheBook(nodeShared, second[0]!.salt!, TASK)),
    ).toBe(false);
    for (const seq of [0, 1]) {
      const a = Buffer.from(first[seq]!.encrypted_body, 'base64url');
      const b = Buffer.from(second[seq]!.encrypted_body, 'base64url');
      const plainXor = xor(
        Buffer.from(openByTheBook(nodeShared, TASK, first[0]!.salt!, first[seq]!)),
        Buffer.from(openByTheBook(nodeShared, TASK, second[0]!.salt!, second[seq]!)),
      );
      // Under one key and nonce the XOR of the ciphertexts would be the XOR of the texts.
      expect(xor(a.subarray(0, a.length - 16), b.subarray(0, b.length - 16)).equals(plainXor), `seq ${seq}`).toBe(
        false,
      );
    }
    // And the second run's chunk is no chunk of the first: an opener of the first run refuses it at its place.
    const opener = new StreamOpener(nodeShared, TASK);
    opener.open(first[0]);
    expect(refusal(() => opener.open(second[1]))).toBe('bad_seal');
  });

  it('refuses a stream in the old form (version 1, no salt), even one that authenticates under the old rules', () => {
    const { nodeShared } = handshake();
    expect(
      refusal(() => new StreamOpener(nodeShared, TASK).open(oldFormChunk(nodeShared, TASK, 0, false, '"hi"'))),
    ).toBe('old_version');
    expect(
      refusal(() =>
        new StreamOpener(nodeShared, TASK).open({
          [SEALED_CHUNK_FIELD]: oldFormChunk(nodeShared, TASK, 0, true, '{}'),
        }),
      ),
    ).toBe('old_version');
    // An old-form chunk in the middle of a stream of the new form: refused too, and the stream is broken for good.
    const [c0, c1] = chunks(nodeShared, TASK, ['a', 'b']);
    const opener = new StreamOpener(nodeShared, TASK);
    opener.open(c0);
    expect(refusal(() => opener.open(oldFormChunk(nodeShared, TASK, 1, true, '"b"')))).toBe('old_version');
    expect(refusal(() => opener.open(c1))).toBe('old_version');
  });

  it('refuses a first chunk without a salt, or with a salt that is not 32 bytes of strict base64url', () => {
    const { nodeShared } = handshake();
    const [c0] = chunks(nodeShared, TASK, ['a', 'b']);
    const { salt: _salt, ...unsalted } = c0!;
    expect(refusal(() => new StreamOpener(nodeShared, TASK).open(unsalted))).toBe('no_salt');
    const saltRaw = Buffer.from(c0!.salt!, 'base64url');
    const bad: unknown[] = [
      randomBytes(16).toString('base64url'),
      randomBytes(33).toString('base64url'),
      saltRaw.subarray(0, 31).toString('base64url'),
      '',
      `${c0!.salt}=`,
      saltRaw.toString('base64'),
      `${c0!.salt!.slice(0, -1)}*`,
      7,
      null,
      [c0!.salt],
    ];
    for (const salt of bad)
      expect(
        refusal(() => new StreamOpener(nodeShared, TASK).open({ ...c0, salt })),
        String(salt),
      ).toBe('bad_salt');
  });

  it('refuses a salt changed on the way (it is bound into the key and every AAD), or named again on a later chunk', () => {
    const { nodeShared } = handshake();
    const [c0, c1, c2] = chunks(nodeShared, TASK, ['a', 'b', 'c']);
    // Another salt on the first chunk: the chunk does not open.
    expect(
      refusal(() => new StreamOpener(nodeShared, TASK).open({ ...c0, salt: randomBytes(32).toString('base64url') })),
    ).toBe('bad_seal');
    // A salt on a later chunk, another or even the same: only the first chunk names the run.
    for (const salt of [randomBytes(32).toString('base64url'), c0!.salt!]) {
      const opener = new StreamOpener(nodeShared, TASK);
      opener.open(c0);
      expect(refusal(() => opener.open({ ...c1, salt }))).toBe('salt_moved');
      expect(refusal(() => opener.open(c1))).toBe('salt_moved');
      expect(refusal(() => opener.open(c2))).toBe('gap');
    }
  });

  it('puts the whole 64-bit sequence in the nonce, so seq 2^32 + 1 never reuses the nonce of seq 1', () => {
    expect(chunkNonce(0).toString('hex')).toBe('000000000000000000000000');
    expect(chunkNonce(1).toString('hex')).toBe('000000000000000000000001');
    expect(chunkNonce(2 ** 32 + 1).toString('hex')).toBe('000000000000000100000001');
    expect(chunkNonce(Number.MAX_SAFE_INTEGER).toString('hex')).toBe('00000000001fffffffffffff');
    expect(() => chunkNonce(2 ** 53)).toThrow(RangeError);
    expect(() => chunkNonce(-1)).toThrow(RangeError);
  });

  it('refuses a seq beyond 2^32 at the start as a gap, and one beyond safe integers as unsealed', () => {
    const { nodeShared } = handshake();
    const [first] = chunks(nodeShared, TASK, ['x']);
    expect(refusal(() => new StreamOpener(nodeShared, TASK).open({ ...first, seq: 2 ** 32 }))).toBe('gap');
    expect(refusal(() => new StreamOpener(nodeShared, TASK).open({ ...first, seq: 2 ** 53 }))).toBe('unsealed');
  });

  it('refuses what is not a sealed chunk as unsealed, whatever its shape, and never crashes', () => {
    const { nodeShared } = handshake();
    const [good] = chunks(nodeShared, TASK, ['x']);
    const bad: unknown[] = [
      'plain text',
      42,
      null,
      undefined,
      [],
      [good],
      { content: 'hi' },
      { [SEALED_CHUNK_FIELD]: 'text' },
      { ...good, seq: '0' },
      { ...good, seq: -1 },
      { ...good, seq: 0.5 },
      { ...good, end: 'true' },
      { ...good, encrypted_body: 7 },
      { seq: 0, end: true },
      new Map([['seq', 0]]),
    ];
    for (const v of bad) expect(refusal(() => new StreamOpener(nodeShared, TASK).open(v))).toBe('unsealed');
  });

  it('refuses a gap, then the missing chunk as a reorder', () => {
    const { nodeShared } = handshake();
    const [c0, c1, c2] = chunks(nodeShared, TASK, ['a', 'b', 'c']);
    const opener = new StreamOpener(nodeShared, TASK);
    opener.open(c0);
    expect(refusal(() => opener.open(c2))).toBe('gap');
    expect(refusal(() => opener.open(c1))).toBe('reorder');
  });

  it('refuses a chunk that comes again as a replay', () => {
    const { nodeShared } = handshake();
    const [c0] = chunks(nodeShared, TASK, ['a', 'b']);
    const opener = new StreamOpener(nodeShared, TASK);
    opener.open(c0);
    expect(refusal(() => opener.open(c0))).toBe('replay');
  });

  it('refuses anything after the end, even the end again', () => {
    const { nodeShared } = handshake();
    const [c0, c1] = chunks(nodeShared, TASK, ['a', 'b']);
    const opener = new StreamOpener(nodeShared, TASK);
    opener.open(c0);
    opener.open(c1);
    expect(refusal(() => opener.open(c1))).toBe('after_end');
    expect(refusal(() => opener.open('plain'))).toBe('after_end');
  });

  it('refuses a stream cut before its end', () => {
    const { nodeShared } = handshake();
    const [c0] = chunks(nodeShared, TASK, ['a', 'b']);
    const opener = new StreamOpener(nodeShared, TASK);
    expect(refusal(() => opener.finish())).toBe('no_end');
    opener.open(c0);
    expect(opener.ended).toBe(false);
    expect(refusal(() => opener.finish())).toBe('no_end');
  });

  it('refuses a flipped bit in the ciphertext or the tag, a chunk moved to another place, and a bad body', () => {
    const { nodeShared } = handshake();
    const [c0, c1] = chunks(nodeShared, TASK, ['hello there', 'b']);
    const tagAt = Buffer.from(c0!.encrypted_body, 'base64url').length - 1;
    const altered: unknown[] = [
      { ...c0, encrypted_body: flipBit(c0!.encrypted_body, 0) },
      { ...c0, encrypted_body: flipBit(c0!.encrypted_body, tagAt) },
      { ...c1, seq: 0, salt: c0!.salt },
      { ...c0, version: 3 },
      { ...c0, version: '2' },
      { ...c0, encrypted_body: c0!.encrypted_body + '=' },
      { ...c0, encrypted_body: '' },
    ];
    for (const v of altered) expect(refusal(() => new StreamOpener(nodeShared, TASK).open(v))).toBe('bad_seal');
  });

  it('refuses an end flag flipped on the way, either way', () => {
    const { nodeShared } = handshake();
    const [c0, c1] = chunks(nodeShared, TASK, ['a', 'b']);
    // A relay that ends the stream early to cut the answer short.
    expect(refusal(() => new StreamOpener(nodeShared, TASK).open({ ...c0, end: true }))).toBe('bad_seal');
    // A relay that hides the end, to append chunks of its own after it.
    const opener = new StreamOpener(nodeShared, TASK);
    opener.open(c0);
    expect(refusal(() => opener.open({ ...c1, end: false }))).toBe('bad_seal');
  });

  it('refuses a chunk of another task, or of another request for the same task id', () => {
    const { nodeShared } = handshake();
    const other = handshake();
    const [ofOtherTask] = chunks(nodeShared, 'task-other', ['a']);
    const [ofOtherKey] = chunks(other.nodeShared, TASK, ['a']);
    expect(refusal(() => new StreamOpener(nodeShared, TASK).open(ofOtherTask))).toBe('bad_seal');
    expect(refusal(() => new StreamOpener(nodeShared, TASK).open(ofOtherKey))).toBe('bad_seal');
    // A retry of the same task id is a fresh request, so its stream never repeats a key and nonce.
    expect(other.nodeShared.equals(nodeShared)).toBe(false);
  });

  it('opens nothing more once a chunk was refused, even the genuine one', () => {
    const { nodeShared } = handshake();
    const [c0, c1] = chunks(nodeShared, TASK, ['a', 'b']);
    const opener = new StreamOpener(nodeShared, TASK);
    expect(refusal(() => opener.open({ ...c0, encrypted_body: flipBit(c0!.encrypted_body, 0) }))).toBe('bad_seal');
    expect(refusal(() => opener.open(c0))).toBe('bad_seal');
    expect(refusal(() => opener.open(c1))).toBe('gap');
  });

  it('keeps the sealer to what an opener accepts', () => {
    const shared = randomBytes(32);
    const sealer = new StreamSealer(shared, TASK);
    expect(() => sealer.seal(Buffer.alloc(MAX_CHUNK_PLAINTEXT_BYTES + 1), false)).toThrow(RangeError);
    sealer.seal('last', true);
    expect(() => sealer.seal('more', false)).toThrow(/ended/);
    expect(() => new StreamSealer(randomBytes(16), TASK)).toThrow(RangeError);
    expect(() => new StreamSealer(shared, '')).toThrow(TypeError);
    expect(() => new StreamOpener(randomBytes(16), TASK)).toThrow(RangeError);
    expect(() => new StreamOpener(shared, '')).toThrow(TypeError);
    expect(() => handshake().sealed.streamOpener('task-other')).toThrow(TypeError);
  });
});
