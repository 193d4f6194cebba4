import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetWebhook, type FleetWebhookOptions, type WebhookMessage } from '@engine/fleet/fleet-webhook';
import { eventually } from '../../support/eventually';
import { fakeClock } from '../../support/fake-clock';
import { readBodyUpTo, serveOnLoopback } from '../../support/http-server';
import { manualTimers } from '../../support/manual-timers';
import { said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';

/** The last delivery's sentence in English, as the log and an English page say it; '' before any. */
const lastWords = (hook: FleetWebhook): string => {
  const last = hook.status().last;
  return last ? english.said(last.words) : '';
};

/** The secret part of an ntfy address: whoever knows the topic reads the person's alerts. */
const TOKEN = 'fleet-alerts-Xk93hQ2pZw7';

/** What the receiver does with one request: answer it, or hold it open and say nothing. */
type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'endless';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real receiver on loopback, answering from a script (then `otherwise`), counting the requests open at once. */
async function receiver(script: Reply[] = [], otherwise: Reply = { status: 200, body: '{"id":"x"}' }) {
  const got: Received[] = [];
  const state = { open: 0, maxOpen: 0, otherwise };
  const server = await serveOnLoopback((req, res: ServerResponse) => {
    state.open += 1;
    state.maxOpen = Math.max(state.maxOpen, state.open);
    res.on('close', () => (state.open -= 1));
    void readBodyUpTo(req, 1 << 20).then(({ bytes }) => {
      got.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: bytes.toString('utf8') });
      const r = script.shift() ?? state.otherwise;
      if (r === 'hang') return;
      if (r === 'endless') {
        // A 200 whose body never ends: the webhook must not read it to the end.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const more = (): void => {
          if (!res.destroyed) res.write(chunk, () => setImmediate(more));
        };
        more();
        return;
      }
      res.writeHead(r.status, r.headers);
      res.end(r.body ?? '');
    });
  });
  cleanups.push(() => server.close());
  return { got, state, url: `http://127.0.0.1:${server.port}/${TOKEN}`, port: server.port, close: server.close };
}

/** A webhook on manual timers and a fixed clock, recording its log lines and every `last` the page would show. */
function webhook(url: () => string | null, o: Partial<FleetWebhookOptions> = {}) {
  const t = manualTimers();
  const clock = fakeClock();
  const logs: string[] = [];
  const shown: string[] = [];
  const hook: FleetWebhook = new FleetWebhook({
    url,
    now: clock.now,
    timers: t.timers,
    random: () => 0.5,
    log: (level, event, details) => logs.push(`${level} ${event} ${details}`),
    onChange: () => shown.push(lastWords(hook)),
    ...o,
  });
  cleanups.push(() => hook.stop());
  return { hook, t, clock, logs, shown };
}

const msg = (title: string, over: Partial<WebhookMessage> = {}): WebhookMessage => ({
  title,
  body: `${title}: body`,
  tags: ['warning'],
  priority: 'default',
  ...over,
});

/** Reads RFC 2047 encoded words (as ntfy does) back into text; throws on anything else. */
function decode2047(value: string): string {
  const parts = value.split(' ').map((w) => {
    const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(w);
    if (!m) throw new Error(`not an encoded word: ${w}`);
    expect(w.length).toBeLessThanOrEqual(75);
    return Buffer.from(m[1]!, 'base64');
  });
  return Buffer.concat(parts).toString('utf8');
}

describe('what the webhook sends', () => {
  it('the body as text, title, tags and priority in the headers ntfy reads', async () => {
    const r = await receiver();
    const { hook, clock } = webhook(() => r.url);
    const body = 'gpu-box has not been heard since 12:25.\nIt should be on until 18:00 — ünïcode 🔥';
    hook.send({ title: 'gpu-box is down', body, tags: ['warning', 'computer'], priority: 'high' });
    await eventually(() =>
      expect(hook.status()).toEqual({
        pending: 0,
        last: { at: new Date(clock.now()).toISOString(), ok: true, words: said('fleet.webhook.words.delivered') },
      }),
    );
    expect(r.got).toHaveLength(1);
    const [req] = r.got;
    expect(req).toMatchObject({ method: 'POST', path: `/${TOKEN}`, body });
    expect(req!.headers).toMatchObject({
      title: 'gpu-box is down',
      tags: 'warning,computer',
      priority: '4',
      'content-type': 'text/plain; charset=utf-8',
    });

    hook.send(msg('gpu-box is back', { tags: ['white_check_mark'], priority: 'default' }));
    await eventually(() => expect(r.got).toHaveLength(2));
    expect(r.got[1]!.headers).toMatchObject({ title: 'gpu-box is back', tags: 'white_check_mark', priority: '3' });
  });

  it('a title that is not ASCII goes RFC 2047 encoded, in words of at most 75 characters, and decodes back', async () => {
    const r = await receiver();
    const { hook } = webhook(() => r.url);
    const titles = [
      'Büro-PC is down',
      'Machine «Werkstatt-Rechner im Keller» is down since 12:30 — 🔥🧯 日本語のマシン',
      'Looks =?UTF-8?B?like?= a word',
    ];
    for (const title of titles) hook.send(msg(title, { tags: ['warning', 'ünï'] }));
    await eventually(() => expect(r.got).toHaveLength(3));
    r.got.forEach((req, i) => {
      const raw = req.headers.title as string;
      expect(raw).toMatch(/^[\x20-\x7e]+$/);
      expect(raw.startsWith('=?UTF-8?B?')).toBe(true);
      expect(decode2047(raw)).toBe(titles[i]);
      expect(decode2047(req.headers.tags as string)).toBe('warning,ünï');
    });
    expect((r.got[1]!.headers.title as string).split(' ').length).toBeGreaterThan(1);
  });

  it('control characters never split a header, nor a comma a tag', async () => {
    const r = await receiver();
    const { hook } = webhook(() => r.url);
    hook.send(msg('down\r\nX-Injected: yes\u0000\u007f', { tags: ['a,b', 'c\nd', ' '] }));
    await eventually(() => expect(r.got).toHaveLength(1));
    const h = r.got[0]!.headers;
    expect(h.title).toBe('down X-Injected: yes');
    expect(h['x-injected']).toBeUndefined();
    expect(h.tags).toBe('a b,c d');
  });

  it('the user name and password of the address go as Basic authentication, not in the address', async () => {
    const r = await receiver();
    const { hook } = webhook(() => r.url.replace('http://', 'http://phil:p%40ss@'));
    hook.send(msg('x'));
    await eventually(() => expect(hook.status().last?.ok).toBe(true));
    expect(r.got[0]!.headers.authorization).toBe(`Basic ${Buffer.from('phil:p@ss').toString('base64')}`);
  });

  it('the answer body is never read to its end', async () => {
    const r = await receiver([
      'endless',
      { status: 200, headers: { 'content-length': String(1 << 20) }, body: 'y'.repeat(1 << 20) },
    ]);
    const { hook } = webhook(() => r.url);
    hook.send(msg('one'));
    hook.send(msg('two'));
    await eventually(() => expect(r.got).toHaveLength(2));
    await eventually(() => expect(hook.status()).toMatchObject({ pending: 0, last: { ok: true } }));
    // The endless answer was cut off: its connection is closed, not left streaming.
    await eventually(() => expect(r.state.open).toBe(0));
  });
});

describe('when the receiver fails', () => {
  it('500 twice, then 200: three attempts, delivered once, the pause growing', async () => {
    const r = await receiver([{ status: 500 }, { status: 500 }]);
    const { hook, t, logs, shown } = webhook(() => r.url);
    hook.send(msg('down'));
    await eventually(() => expect(t.pending()).toEqual([2_000]));
    expect(hook.status()).toMatchObject({ pending: 1, last: { ok: false } });
    expect(lastWords(hook)).toBe('The webhook answered HTTP 500; trying again in 2 s.');
    t.fire();
    await eventually(() => expect(t.pending()).toEqual([4_000]));
    expect(lastWords(hook)).toBe('The webhook answered HTTP 500; trying again in 4 s.');
    t.fire();
    await eventually(() =>
      expect(hook.status()).toMatchObject({
        pending: 0,
        last: { ok: true, words: said('fleet.webhook.words.delivered') },
      }),
    );
    expect(r.got).toHaveLength(3);
    expect(shown).toEqual([
      'The webhook answered HTTP 500; trying again in 2 s.',
      'The webhook answered HTTP 500; trying again in 4 s.',
      'Delivered.',
    ]);
    expect(logs).toEqual([
      'warn fleet_webhook_failed status=500 attempt=1/6 retry_in_ms=2000',
      'warn fleet_webhook_failed status=500 attempt=2/6 retry_in_ms=4000',
    ]);
    expect(t.pending()).toEqual([]);
  });

  it('the pause is jittered ±20 % and capped', async () => {
    const r = await receiver([], { status: 502 });
    const low = webhook(() => r.url, { random: () => 0 });
    low.hook.send(msg('x'));
    await eventually(() => expect(low.t.pending()).toEqual([1_600]));
    const high = webhook(() => r.url, { random: () => 1, baseDelayMs: 50_000, maxDelayMs: 55_000 });
    high.hook.send(msg('x'));
    await eventually(() => expect(high.t.pending()).toEqual([55_000]));
  });

  it.each([
    [429, '7', 7_000, 'The webhook asked to wait (HTTP 429); trying again in 7 s.'],
    [503, '0', 1_000, 'The webhook answered HTTP 503; trying again in 1 s.'],
    [503, '999999', 60_000, 'The webhook answered HTTP 503; trying again in 60 s.'],
    [408, 'Wed, 21 Oct 2026 07:28:00 GMT', 2_000, 'The webhook answered HTTP 408; trying again in 2 s.'],
  ])('%i with Retry-After %s: waits %i ms', async (status, retryAfter, wait, words) => {
    const r = await receiver([{ status, headers: { 'retry-after': retryAfter } }]);
    const { hook, t } = webhook(() => r.url, { maxDelayMs: 60_000 });
    hook.send(msg('x'));
    await eventually(() => expect(t.pending()).toEqual([wait]));
    expect(lastWords(hook)).toBe(words);
  });

  it('a receiver that hangs: each attempt cut off at the timeout, one open at a time, then given up', async () => {
    const r = await receiver([], 'hang');
    const { hook, t, logs } = webhook(() => r.url, { maxAttempts: 3 });
    hook.send(msg('down'));
    for (let i = 1; i <= 3; i++) {
      await eventually(() => expect(r.got).toHaveLength(i));
      expect(t.pending()).toEqual([10_000]);
      t.fire(); // the attempt's timeout
      // The abort closes the connection: nothing of a hung call stays open.
      await eventually(() => expect(r.state.open).toBe(0));
      if (i === 3) break;
      const pause = 2_000 * 2 ** (i - 1);
      await eventually(() => expect(t.pending()).toEqual([pause]));
      expect(lastWords(hook)).toBe(`The webhook did not answer within 10 s; trying again in ${pause / 1000} s.`);
      t.fire();
    }
    await eventually(() =>
      expect({ pending: hook.status().pending, ok: hook.status().last?.ok, words: lastWords(hook) }).toEqual({
        pending: 0,
        ok: false,
        words: 'Gave up after 3 tries: the webhook did not answer.',
      }),
    );
    expect(t.pending()).toEqual([]);
    expect(r.got).toHaveLength(3);
    expect(r.state.maxOpen).toBe(1);
    expect(logs.at(-1)).toBe('warn fleet_webhook_gave_up error=timeout attempts=3');
  });

  it('404: given up at once, and the next message is tried', async () => {
    const r = await receiver([{ status: 404, body: 'topic not found' }]);
    const { hook, t, logs, shown } = webhook(() => r.url);
    hook.send(msg('first'));
    hook.send(msg('second'));
    await eventually(() => expect(r.got).toHaveLength(2));
    await eventually(() => expect(hook.status()).toMatchObject({ pending: 0, last: { ok: true } }));
    expect(shown).toEqual(['The webhook refused it (HTTP 404): check the address.', 'Delivered.']);
    expect(r.got.map((g) => g.headers.title)).toEqual(['first', 'second']);
    expect(logs).toEqual(['warn fleet_webhook_gave_up status=404 attempts=1']);
    expect(t.pending()).toEqual([]);
  });

  it('a redirect is neither followed nor retried', async () => {
    const r = await receiver([{ status: 302, headers: { location: '/elsewhere' } }]);
    const { hook, t } = webhook(() => r.url);
    hook.send(msg('x'));
    await eventually(() =>
      expect(lastWords(hook)).toBe(
        'The webhook answered with a redirect (HTTP 302), which is not followed: check the address.',
      ),
    );
    expect(r.got.map((g) => g.path)).toEqual([`/${TOKEN}`]);
    expect(t.pending()).toEqual([]);
  });
});

describe('one lane per machine', () => {
  it('a receiver asking to wait an hour is asked again after a minute', async () => {
    const r = await receiver([{ status: 429, headers: { 'retry-after': '3600' } }]);
    const { hook, t } = webhook(() => r.url);
    hook.send(msg('down', { key: 'node-attic' }));
    await eventually(() => expect(t.pending()).toEqual([60_000]));
    expect(lastWords(hook)).toBe('The webhook asked to wait (HTTP 429); trying again in 60 s.');
    t.fire();
    await eventually(() => expect(hook.status()).toMatchObject({ pending: 0, last: { ok: true } }));
  });

  it("one machine's pause never holds another machine's alert", async () => {
    const r = await receiver([{ status: 429, headers: { 'retry-after': '30' } }]);
    const { hook, t } = webhook(() => r.url);
    hook.send(msg('attic is down', { key: 'node-attic' }));
    await eventually(() => expect(t.pending()).toEqual([30_000]));
    hook.send(msg('den is down', { key: 'node-den' }));
    // Delivered at once, while the other lane still waits out its pause.
    await eventually(() => expect(r.got.map((g) => g.headers.title)).toEqual(['attic is down', 'den is down']));
    expect(hook.status().pending).toBe(1);
    expect(t.pending()).toEqual([30_000]);
    t.fire();
    await eventually(() =>
      expect(r.got.map((g) => g.headers.title)).toEqual(['attic is down', 'den is down', 'attic is down']),
    );
    expect(hook.status().pending).toBe(0);
  });

  it('a newer message about a machine replaces one still waiting: only where it stands now is pushed', async () => {
    const r = await receiver([{ status: 500 }]);
    const { hook, t } = webhook(() => r.url);
    hook.send(msg('attic is down', { key: 'node-attic' }));
    await eventually(() => expect(t.pending()).toEqual([2_000]));
    hook.send(msg('attic is back', { key: 'node-attic' }));
    hook.send(msg('attic is back again', { key: 'node-attic' }));
    expect(hook.status().pending).toBe(1);
    // The lane's pause still holds: the receiver asked for it.
    expect(r.got).toHaveLength(1);
    t.fire();
    await eventually(() => expect(hook.status()).toMatchObject({ pending: 0, last: { ok: true } }));
    expect(r.got.map((g) => g.headers.title)).toEqual(['attic is down', 'attic is back again']);
  });

  it('messages without a machine keep their order and are never replaced', async () => {
    const r = await receiver([{ status: 500 }]);
    const { hook, t } = webhook(() => r.url);
    hook.send(msg('one'));
    await eventually(() => expect(t.pending()).toEqual([2_000]));
    hook.send(msg('two'));
    expect(hook.status().pending).toBe(2);
    t.fire();
    await eventually(() => expect(hook.status().pending).toBe(0));
    expect(r.got.map((g) => g.headers.title)).toEqual(['one', 'one', 'two']);
  });
});

describe('bounds', () => {
  it('50 messages while the receiver hangs: never more than maxQueue wait, the oldest waiting go first', async () => {
    const r = await receiver(['hang']);
    const { hook, t, logs } = webhook(() => r.url);
    for (let i = 0; i < 50; i++) {
      hook.send(msg(`m${i}`));
      expect(hook.status().pending).toBeLessThanOrEqual(20);
    }
    expect(hook.status().pending).toBe(20);
    // One call under way, nothing else started: its timeout is the only timer.
    expect(t.pending()).toEqual([10_000]);
    await eventually(() => expect(r.got).toHaveLength(1));
    t.fire();
    await eventually(() => expect(t.pending()).toEqual([2_000]));
    expect(logs).toContain('warn fleet_webhook_dropped dropped=30 max_queue=20');
    t.fire();
    await eventually(() => expect(hook.status().pending).toBe(0));
    // The one being tried is kept; of the rest, the newest 19.
    expect(r.got.map((g) => g.headers.title)).toEqual([
      'm0',
      'm0',
      ...Array.from({ length: 19 }, (_, i) => `m${31 + i}`),
    ]);
    expect(r.state.maxOpen).toBe(1);
  });

  it('stop: drops what waits and cuts off the call under way', async () => {
    const r = await receiver([], 'hang');
    const { hook, t, shown } = webhook(() => r.url);
    hook.send(msg('a'));
    hook.send(msg('b'));
    await eventually(() => expect(r.got).toHaveLength(1));
    hook.stop();
    expect(hook.status().pending).toBe(0);
    expect(t.pending()).toEqual([]);
    await eventually(() => expect(r.state.open).toBe(0));
    expect(shown).toEqual([]);
  });
});

describe('the address', () => {
  it('none set: nothing is sent', async () => {
    const r = await receiver();
    const { hook, t } = webhook(() => null);
    for (let i = 0; i < 3; i++) hook.send(msg(`m${i}`));
    expect(hook.status()).toEqual({ pending: 0, last: null });
    expect(t.pending()).toEqual([]);
    expect(r.got).toHaveLength(0);
  });

  it('cleared while a message waits to be retried: what waits is dropped at the next step', async () => {
    const r = await receiver([{ status: 500 }]);
    let url: string | null = r.url;
    const { hook, t } = webhook(() => url);
    hook.send(msg('a'));
    await eventually(() => expect(t.pending()).toEqual([2_000]));
    hook.send(msg('b'));
    expect(hook.status().pending).toBe(2);
    url = null;
    t.fire();
    expect(hook.status().pending).toBe(0);
    expect(t.pending()).toEqual([]);
    expect(r.got).toHaveLength(1);
  });

  it('never appears in the words shown or the log, whatever goes wrong', async () => {
    const r = await receiver([{ status: 500 }, { status: 404 }, 'hang', 'hang']);
    const { port } = r;
    let url: string | null = r.url.replace('http://', 'http://user:hunter2@');
    const { hook, t, logs, shown } = webhook(() => url, { maxAttempts: 2 });
    hook.send(msg('a')); // 500, then 404
    hook.send(msg('b')); // hangs twice
    await eventually(() => expect(t.pending()).toEqual([2_000]));
    t.fire();
    await eventually(() => expect(r.got).toHaveLength(3));
    t.fire();
    await eventually(() => expect(t.pending()).toEqual([2_000]));
    t.fire();
    await eventually(() => expect(r.got).toHaveLength(4));
    t.fire();
    await eventually(() => expect(hook.status().pending).toBe(0));
    // Nothing listens there any more: a network error (refused, or the kept-alive connection found closed).
    await r.close();
    hook.send(msg('c'));
    await eventually(() => expect(lastWords(hook)).toBe('The webhook could not be reached; trying again in 2 s.'));
    expect(logs.at(-1)).toMatch(
      /^warn fleet_webhook_failed error=network code=[A-Z0-9_]+ attempt=1\/2 retry_in_ms=2000$/,
    );
    t.fire();
    await eventually(() => expect(lastWords(hook)).toBe('Gave up after 2 tries: the webhook could not be reached.'));
    url = `ftp://127.0.0.1/${TOKEN}`;
    hook.send(msg('d'));
    await eventually(() => expect(lastWords(hook)).toBe('The webhook address is not an http:// or https:// address.'));

    expect(shown).toHaveLength(7);
    for (const text of [...shown, ...logs]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(String(port));
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('127.0.0.1');
    }
  });
});
