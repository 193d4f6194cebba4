import { describe, expect, it } from 'vitest';
import { askDirectoryProbe, probeLogLevel, probeTarget, ProbeGate } from '@engine/directory/reach-probe';
import type { DirectoryProbe } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { fakeClock } from '../../support/fake-clock';

const BASE = 'https://directory.example/api';

/** A directory that answers every call with `status` and `body`, and remembers the URLs it was asked. */
function directory(status: number, body: unknown, headers: Record<string, string> = {}) {
  const urls: string[] = [];
  const fetchImpl = (async (url: string) => {
    urls.push(url);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }) as unknown as typeof fetch;
  return { urls, fetchImpl };
}

describe('what the directory can dial', () => {
  it('host and port of a plain HTTP address from 1024 up', () => {
    expect(probeTarget('http://203.0.113.7:9484')).toEqual({ host: '203.0.113.7', port: 9484 });
    expect(probeTarget('http://node.example.org:40001/')).toEqual({ host: 'node.example.org', port: 40001 });
  });

  it.each([
    ['https://abc.trycloudflare.com', /plain HTTP only/],
    ['http://203.0.113.7', /ports from 1024 up.*port 80/],
    ['http://[2001:db8::7]:9484', /IPv6/],
    ['not a url', /not a URL/],
  ])('not %s', (endpoint, words) => {
    const t = probeTarget(endpoint);
    expect('not' in t && english.said(t.not)).toMatch(words);
  });
});

describe('the directory’s answer in plain words', () => {
  const clock = fakeClock();
  const ask = (d: ReturnType<typeof directory>, endpoint: string | null = 'http://203.0.113.7:9484') =>
    askDirectoryProbe(BASE, endpoint, clock.now, d.fetchImpl);

  it('asks for the host and port, and says reachable with the time it took', async () => {
    const d = directory(200, { reachable: true, latency_ms: 41.4, error: null });
    const answer = await ask(d);
    expect(answer).toEqual({
      at: new Date(clock.now()).toISOString(),
      outcome: 'reachable',
      latencyMs: 41,
      words: said('network.probe.words.reached'),
    });
    expect(english.said(answer.words)).toBe('The directory reached your node just now.');
    expect(d.urls).toEqual(['https://directory.example/api/v1/probe?host=203.0.113.7&port=9484']);
  });

  it.each([
    [{ reachable: false, latency_ms: null, error: 'timeout' }, /nothing answered within 5 seconds/, 'timeout'],
    [
      { reachable: false, latency_ms: null, error: 'connection_refused' },
      /refused or did not get through/,
      'connection_refused',
    ],
    [{ reachable: false, latency_ms: null, error: 'http_405' }, /answered HTTP 405/, 'http_405'],
  ])('unreachable: %j', async (body, words, quoted) => {
    const r = await ask(directory(200, body));
    expect(r).toMatchObject({ outcome: 'unreachable', latencyMs: null, quoted });
    expect(english.said(r.words)).toMatch(words);
  });

  it('text of the directory that is no plain code is not shown at all, cleaned or not', async () => {
    const r = await ask(directory(200, { reachable: false, error: `evil\u202e${'x'.repeat(100)}\n` }));
    expect(english.said(r.words)).toBe('The directory could not reach your node.');
    expect(r).not.toHaveProperty('quoted');
  });

  it.each([
    ['its answer', 200, { reachable: false, latency_ms: null, error: 'call +1 555 0100 to fix your node' }],
    ['its refusal', 422, { reachable: false, latency_ms: null, error: 'call +1 555 0100 to fix your node' }],
    [
      'its refusal in the object form',
      400,
      { error: { code: 'call +1 555 0100', message: 'call +1 555 0100 to fix your node' } },
    ],
  ])('the directory’s words in %s never reach the person', async (_where, status, body) => {
    const r = await ask(directory(status, body));
    expect(JSON.stringify(r)).not.toMatch(/555|call/);
    expect(r).not.toHaveProperty('quoted');
  });

  it.each([
    ['private_address\u200b', 422],
    ['unresolvable\u202e_host', 422],
    ['connection_refused\u2066', 200],
    ['time\u200dout', 200],
  ])('a code with hidden characters (%j) is neither the known code nor shown', async (error, status) => {
    const r = await ask(directory(status, { reachable: false, latency_ms: null, error }));
    expect(r.outcome).not.toBe('not_possible');
    expect(english.said(r.words)).not.toMatch(/private|DNS|refused|5 seconds/);
    expect(r).not.toHaveProperty('quoted');
  });

  it.each([
    [422, { reachable: false, latency_ms: null, error: 'private_address' }, 'not_possible', /private addresses/],
    [422, { reachable: false, latency_ms: null, error: 'unresolvable_host' }, 'unreachable', /DNS/],
    [
      429,
      { error: { code: 'rate_limited', message: 'Too many requests — retry after 37s' } },
      'unavailable',
      /too often/,
    ],
    [404, '<html>Not Found</html>', 'not_offered', /does not offer an instant check/],
    [405, '', 'not_offered', /does not offer an instant check/],
    [500, { error: 'boom' }, 'unavailable', /could not check/],
    [200, { reachable: 'yes' }, 'unavailable', /could not be read/],
    [200, '[1,2]', 'unavailable', /could not be asked|could not check|could not be read/],
  ])('HTTP %i %j → %s', async (status, body, outcome, words) => {
    const r = await ask(directory(status, body));
    expect(r.outcome).toBe(outcome);
    expect(english.said(r.words)).toMatch(words);
  });

  it('an address it cannot dial is not sent to the directory at all', async () => {
    const d = directory(200, { reachable: true });
    expect((await ask(d, 'https://abc.trycloudflare.com')).outcome).toBe('not_possible');
    expect((await ask(d, null)).outcome).toBe('not_possible');
    expect(d.urls).toEqual([]);
  });

  it('a directory that cannot be reached: unavailable', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    expect((await askDirectoryProbe(BASE, 'http://203.0.113.7:9484', clock.now, failing)).outcome).toBe('unavailable');
  });
});

describe('the node’s own limit', () => {
  it('one call at a time, none again within 15 s: the last answer with its time instead', async () => {
    const clock = fakeClock();
    let calls = 0;
    const answer = (): DirectoryProbe => ({
      at: new Date(clock.now()).toISOString(),
      outcome: 'reachable',
      latencyMs: calls,
      words: said('network.probe.words.reached'),
    });
    const gate = new ProbeGate(async () => {
      calls += 1;
      return answer();
    }, clock.now);
    expect(gate.latest).toBeNull();
    const [a, b] = await Promise.all([gate.probe(), gate.probe()]);
    expect(a).toBe(b);
    expect(calls).toBe(1);
    clock.advance(14_999);
    expect(await gate.probe()).toBe(a);
    expect(calls).toBe(1);
    clock.advance(1);
    const c = await gate.probe();
    expect(calls).toBe(2);
    expect(c.at).not.toBe(a.at);
    expect(gate.latest).toBe(c);
  });

  it('a directory without the instant check is asked once, and its answer is logged once, not as a warning', async () => {
    const clock = fakeClock();
    const without = directory(404, '<html>Not Found</html>');
    const other = directory(200, { reachable: true, latency_ms: 12, error: null });
    let base = BASE;
    const answers: DirectoryProbe[] = [];
    const gate = new ProbeGate(
      () =>
        askDirectoryProbe(
          base,
          'http://203.0.113.7:9484',
          clock.now,
          base === BASE ? without.fetchImpl : other.fetchImpl,
        ),
      clock.now,
      {
        directory: () => base,
        onAnswer: (a) => answers.push(a),
      },
    );
    // The wizard's network step asks when it opens, when the public address changes, and on a click.
    const first = await gate.probe();
    clock.advance(20_000);
    expect(await gate.probe()).toBe(first);
    clock.advance(60_000);
    expect(await gate.probe()).toBe(first);
    expect(without.urls).toHaveLength(1);
    expect(answers.map((a) => [a.outcome, english.said(a.words), probeLogLevel(a)])).toEqual([
      ['not_offered', 'This directory does not offer an instant check.', 'info'],
    ]);

    // Another directory may have the check: it is asked.
    base = 'https://other.example/api';
    expect((await gate.probe()).outcome).toBe('reachable');
    expect(other.urls).toHaveLength(1);
    expect(answers).toHaveLength(2);
  });

  it('an answer given again within the limit is not a new answer', async () => {
    const clock = fakeClock();
    const d = directory(200, { reachable: false, latency_ms: null, error: 'timeout' });
    const answers: DirectoryProbe[] = [];
    const gate = new ProbeGate(
      () => askDirectoryProbe(BASE, 'http://203.0.113.7:9484', clock.now, d.fetchImpl),
      clock.now,
      { onAnswer: (a) => answers.push(a) },
    );
    await Promise.all([gate.probe(), gate.probe()]);
    clock.advance(5_000);
    await gate.probe();
    expect(answers).toHaveLength(1);
    expect(probeLogLevel(answers[0]!)).toBe('warn');
  });
});
