/**
 * The one request body reader (src-main/engine/net/http-body.ts), which the task port and the gateway both read with,
 * over real loopback sockets: a body read whole and its wanted fields, each refusal decided as the bytes arrive (the
 * declared length, a field's own cap, the shared budget, a hostile shape, a trickle), a client that goes away, and
 * when a refused request's body is worth draining.
 */
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteBudget } from '@engine/net/byte-budget';
import { bodyStillComing, readBody, SMALL_REMAINDER_BYTES, type BodyRead, type BodyTerms } from '@engine/net/http-body';
import { shapeFields } from '@engine/net/json-shape';
import { serveOnLoopback } from '../../support/http-server';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const SHAPE = { maxDepth: 8, maxValues: 1000 };
const FIELDS = shapeFields(['intent', 'constraints.qos']);

/**
 * A loopback server that reads each request's body with `terms` and hands the outcome over, with what each wanted
 * field read as; the client's end is returned so a test can write the body in pieces.
 */
async function reading(terms: BodyTerms, headers: Record<string, string | number> = {}) {
  let settle!: (r: { read: BodyRead; fields: Record<string, string | undefined> }) => void;
  const outcome = new Promise<{ read: BodyRead; fields: Record<string, string | undefined> }>((r) => (settle = r));
  const { port, close } = await serveOnLoopback((req, res) => {
    void readBody(req, terms).then((read) => {
      const fields = read.kind === 'body' ? { intent: read.field('intent'), qos: read.field('constraints.qos') } : {};
      if (read.kind === 'body') read.release();
      settle({ read, fields });
      res.writeHead(read.kind === 'body' ? 200 : 400, { connection: 'close' });
      res.end();
    });
  });
  closers.push(close);
  const client = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers });
  client.on('error', () => undefined);
  client.on('response', (r) => r.resume());
  return { client, outcome };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('a body within its terms', () => {
  it('is read whole, its wanted fields by parsing when it is too small to scan', async () => {
    const body = json({ intent: 'chat', constraints: { qos: 'realtime' }, payload: { text: 'hi' } });
    const { client, outcome } = await reading({ maxBytes: 4096, shape: SHAPE, scanFrom: 16 * 1024, fields: FIELDS });
    client.end(body);
    const { read, fields } = await outcome;
    expect(read.kind).toBe('body');
    expect(read.kind === 'body' && read.raw.equals(body)).toBe(true);
    expect(fields).toEqual({ intent: 'chat', qos: 'realtime' });
  });

  it('picks up its wanted fields while scanning a large one, in whatever pieces it comes', async () => {
    const body = json({ intent: 'chat', constraints: { qos: 'batch' }, pad: 'x'.repeat(40_000) });
    const { client, outcome } = await reading({ maxBytes: 100_000, shape: SHAPE, scanFrom: 16 * 1024, fields: FIELDS });
    for (let i = 0; i < body.length; i += 7000) client.write(body.subarray(i, i + 7000));
    client.end();
    const { read, fields } = await outcome;
    expect(read.kind === 'body' && read.raw.length).toBe(body.length);
    expect(fields).toEqual({ intent: 'chat', qos: 'batch' });
  });
});

describe('a body refused as it arrives', () => {
  it('over the cap by its declared length, before a byte is read', async () => {
    const { client, outcome } = await reading({ maxBytes: 1000, shape: SHAPE }, { 'content-length': 5000 });
    client.write('{');
    expect((await outcome).read).toEqual({ kind: 'refused', problem: 'too_large', cap: 1000 });
    client.destroy();
  });

  it('over the cap as it streams in without a declared length', async () => {
    const { client, outcome } = await reading({ maxBytes: 1000, shape: SHAPE }, { 'transfer-encoding': 'chunked' });
    client.write(`{"pad":"${'x'.repeat(2000)}`);
    expect((await outcome).read).toEqual({ kind: 'refused', problem: 'too_large', cap: 1000 });
    client.destroy();
  });

  it("over a field's own cap as soon as that field went by", async () => {
    const terms: BodyTerms = {
      maxBytes: 100_000,
      shape: SHAPE,
      fields: FIELDS,
      capBy: { field: 'intent', capFor: (v) => (v === 'small' ? 2000 : 100_000) },
    };
    const { client, outcome } = await reading(terms, { 'transfer-encoding': 'chunked' });
    client.write(`{"intent":"small","pad":"${'x'.repeat(5000)}`);
    expect((await outcome).read).toEqual({ kind: 'refused', problem: 'too_large', cap: 2000 });
    client.destroy();
  });

  it("over the source's share of the shared budget, and gives back what it held", async () => {
    const budget = new ByteBudget(8000, 0.5);
    const { client, outcome } = await reading(
      { maxBytes: 100_000, shape: SHAPE, budget: { bytes: budget, source: 'a' } },
      { 'transfer-encoding': 'chunked' },
    );
    client.write(`{"pad":"${'x'.repeat(6000)}`);
    expect((await outcome).read).toEqual({ kind: 'refused', problem: 'over_budget', cap: 100_000 });
    expect(budget.inUse).toBe(0);
    client.destroy();
  });

  it('nested too deep at its first chunk when every byte is scanned (the gateway), left to the parse when small (the task port)', async () => {
    const deep = '['.repeat(50);
    const scanned = await reading({ maxBytes: 100_000, shape: SHAPE }, { 'transfer-encoding': 'chunked' });
    scanned.client.write(deep);
    expect((await scanned.outcome).read).toEqual({ kind: 'refused', problem: 'too_deep', cap: 100_000 });
    scanned.client.destroy();
    const small = await reading({ maxBytes: 100_000, shape: SHAPE, scanFrom: 16 * 1024 });
    small.client.end(deep);
    expect((await small.outcome).read.kind).toBe('body');
  });

  it('too slow once its grace is over', async () => {
    const { client, outcome } = await reading(
      { maxBytes: 100_000, shape: SHAPE, minRate: { graceMs: 0, bytesPerSecond: 1e9 } },
      { 'transfer-encoding': 'chunked' },
    );
    client.write('{"a":');
    expect((await outcome).read).toEqual({ kind: 'refused', problem: 'too_slow', cap: 100_000 });
    client.destroy();
  });

  it('gone when the client leaves half-way', async () => {
    const { client, outcome } = await reading({ maxBytes: 100_000, shape: SHAPE }, { 'content-length': 1000 });
    client.write('{"a":', () => client.destroy());
    expect((await outcome).read).toEqual({ kind: 'gone' });
  });
});

describe('whether a refused body is worth draining', () => {
  const req = (headers: Record<string, string>, complete = false) =>
    ({ headers, complete }) as unknown as IncomingMessage;

  it('only while much of it is still to come, or when the client may be holding it back', () => {
    expect(bodyStillComing(req({ 'content-length': String(SMALL_REMAINDER_BYTES + 1) }))).toBe(true);
    expect(bodyStillComing(req({ 'content-length': String(SMALL_REMAINDER_BYTES) }))).toBe(false);
    expect(bodyStillComing(req({ 'content-length': '10000000' }, true))).toBe(false);
    expect(bodyStillComing(req({ 'transfer-encoding': 'chunked' }))).toBe(true);
    expect(bodyStillComing(req({}))).toBe(false);
    expect(bodyStillComing(req({ 'content-length': '10', expect: '100-continue' }))).toBe(true);
    expect(bodyStillComing(req({ 'content-length': 'lots' }))).toBe(true);
  });
});
