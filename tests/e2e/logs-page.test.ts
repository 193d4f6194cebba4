/**
 * The Logs page of a real provider node: the built headless host with a fake Ollama that
 * wants an API key (IICP_BACKEND_API_KEY), registered with the test directory; the page in Chromium at 1280×800
 * (layout also checked at 800×600).
 *
 *  a. each row says what happened in a sentence; the event's name and details only appear once its "Details" is
 *     opened. Filters: by kind of event (offered in words), by level (a warning the node logged when the server
 *     refused its key), by text (in the sentence as well as the raw event);
 *  b. follow: a new event appears at the top by itself; scrolling down to read pauses following, new events are
 *     then held back and counted, and "Show them" brings them in and follows again; the switch does the same;
 *  c. "Save logs" downloads a text log (oldest first; with a filter, only the matching events) without the API
 *     key, the node token or an IP address;
 *  d. Diagnostics: "Prepare diagnostics" shows the whole JSON; "Save file" downloads exactly that text, which holds
 *     versions, settings, health, NAT steps and backend detection, and none of the node's secrets or addresses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsBundle, NodeSnapshot } from '@shared/contract';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';
import { checkLayoutAndShoot, fullShot, midTokenBreaks, WIDE } from '../support/page-layout';

const MODEL = 'qwen2.5:7b';
const API_KEY = 'sk-e2e-logs-0123456789abcdefXYZ';
/**
 * Enough events that the list scrolls inside its box, and few enough that, with the switches the tests make later,
 * each event name stays within its burst of rows of its own (EVENT_BURST_ROWS): past it, repeats are counted on one
 * row.
 */
const SWITCHES = 18;

let node: E2eNode;
let page: Page;

async function snapshotWhere(
  pred: (s: NodeSnapshot) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<NodeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await node.callOk<NodeSnapshot>('getSnapshot');
    if (pred(s)) return s;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify({ state: s.state, directory: s.directory, backend: s.backend })}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rows = () => page.getByTestId('log-scroll').getByTestId('event-row');
const firstEvent = () => rows().first().getAttribute('data-event');
const eventNames = () =>
  rows().evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { event: string } }).dataset.event));
/** A snake_case word: an event name or a key of its details, which a row must not show outside "Details". */
const SNAKE = /\b[a-z0-9]+(?:_[a-z0-9]+)+\b/;
const secrets = () => JSON.parse(readFileSync(join(node.data.dir, 'secrets.json'), 'utf8')) as Record<string, string>;

/**
 * Text that must never be in a saved file: the API key, every stored secret, and the loopback address everything here
 * uses.
 */
function expectClean(text: string): void {
  expect(text).not.toContain(API_KEY);
  for (const [name, value] of Object.entries(secrets())) expect(text, name).not.toContain(value);
  expect(text).not.toContain('127.0.0.1');
}

beforeAll(async () => {
  const taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-logs-',
    backend: { flavour: 'ollama', models: [MODEL], apiKey: API_KEY },
    directory: { routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 1_000, activeProbeIntervalMs: 500 },
    env: {
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
      IICP_BACKEND_API_KEY: API_KEY,
    },
  });
  await snapshotWhere((s) => s.directory.link === 'registered' && s.backend.status === 'healthy', 'registration');
  // A warning: the server refuses the node's key for a moment.
  node.backend.set({ apiKey: 'sk-someone-else-entirely-000000' });
  await snapshotWhere((s) => s.state === 'degraded', 'the refused key');
  node.backend.set({ apiKey: API_KEY });
  await snapshotWhere((s) => s.state === 'online', 'the key taken again');
  for (let i = 0; i < SWITCHES; i++) {
    await node.callOk('pause');
    await node.callOk('resume');
  }
  page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
  await page.goto(node.host.url);
  await page.getByRole('link', { name: 'Logs', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Logs' }).waitFor({ timeout: 15_000 });
}, 90_000);

afterAll(async () => {
  await page?.close();
  expect(await node?.stop()).toBe(0);
});

describe('Logs page (Chromium, 1280×800 and 800×600)', () => {
  it('a. says what happened in words, keeps the raw event behind "Details", and filters by kind, level and text', async () => {
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBeGreaterThan(2 * SWITCHES);
    expect(await firstEvent()).toBe('availability_on');
    await checkLayoutAndShoot(page, 'logs');

    // What the rows show (their rendered text, with every "Details" closed): sentences, no event names or keys.
    const shown = await page.getByTestId('log-scroll').innerText();
    expect(shown).toContain('You switched Available on: the node takes tasks again.');
    expect(shown).toContain('Registered with the IICP directory, offering 1 model.');
    expect(SNAKE.exec(shown)?.[0]).toBeUndefined();
    for (const sentence of await rows().getByTestId('event-sentence').allInnerTexts())
      expect(sentence).toMatch(/^[A-Z].*\.$/);

    // One row until its "Details" is opened, then with its event name and details, which wrap only at their joints.
    const registered = page
      .getByTestId('log-scroll')
      .locator('[data-testid="event-row"][data-event="register_ok"]')
      .first();
    const raw = registered.getByTestId('event-details').locator('code');
    expect(await registered.getByTestId('event-sentence').innerText()).toBe(
      'Registered with the IICP directory, offering 1 model.',
    );
    expect(await registered.innerText()).not.toContain('register_ok');
    expect(await raw.first().isVisible()).toBe(false);
    expect(await registered.locator('summary').innerText()).toBe('Details');
    await registered.locator('summary').click();
    await expect.poll(() => raw.first().isVisible()).toBe(true);
    expect(await raw.allInnerTexts()).toEqual([
      'register_ok',
      expect.stringMatching(/^endpoint=http:\/\/127\.0\.0\.1:\d+ models=1$/),
    ]);
    expect(await registered.innerText()).toContain('register_ok');
    expect(await midTokenBreaks(page)).toEqual([]);
    await fullShot(page, 'logs-details.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await fullShot(page, 'logs-details-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
    await registered.locator('summary').click();
    await expect.poll(() => raw.first().isVisible()).toBe(false);
    // Going down to that old row to read it paused following, like any scrolling down; the switch takes it back up.
    const follow = page.getByTestId('log-follow');
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    await follow.click();
    await expect
      .poll(() => page.getByTestId('log-scroll').evaluate((el: { scrollTop: number }) => el.scrollTop))
      .toBe(0);

    // Kinds of event are offered in words; the filter still picks by the stable name.
    const eventFilter = page.getByTestId('log-event-filter');
    const kinds = await eventFilter.locator('option').allTextContents();
    expect(kinds).toEqual(expect.arrayContaining(['All events', 'Available switched off', 'Registered', 'Problem']));
    for (const kind of kinds) expect(SNAKE.exec(kind)?.[0], kind).toBeUndefined();
    await eventFilter.selectOption('availability_off');
    await expect.poll(() => rows().count()).toBe(SWITCHES);
    expect(new Set(await eventNames())).toEqual(new Set(['availability_off']));
    expect(new Set(await rows().getByTestId('event-sentence').allInnerTexts())).toEqual(
      new Set(['You switched Available off: the node takes no new tasks.']),
    );
    expect(await page.getByTestId('log-count').textContent()).toMatch(
      new RegExp(`^${SWITCHES} of \\d+ loaded events match\\.`),
    );
    await eventFilter.selectOption('');

    await page.getByLabel('Level').selectOption('warn');
    await expect.poll(eventNames).toContain('problem');
    for (const level of await rows().locator('td:nth-child(2)').allTextContents()) expect(level).toMatch(/warn|error/i);
    const problem = page.getByTestId('log-scroll').locator('[data-testid="event-row"][data-event="problem"]').first();
    expect(await problem.getByTestId('event-sentence').innerText()).toMatch(/API key/);
    await page.getByLabel('Level').selectOption('all');

    // Text is looked for in the sentence ("Registered…") as well as in the raw event behind "Details".
    await page.getByLabel('Contains').fill('register');
    await expect.poll(eventNames).toContain('register_ok');
    for (const row of await rows().allTextContents()) expect(row.toLowerCase()).toContain('register');
    await page.getByLabel('Contains').fill('takes no new tasks');
    await expect.poll(eventNames).toEqual(Array(SWITCHES).fill('availability_off'));
    await page.getByLabel('Contains').fill('');
    await expect.poll(() => rows().count()).toBeGreaterThan(2 * SWITCHES);
  });

  it('b. follows new events, pauses when scrolled down to read, and shows what was held back', async () => {
    const follow = page.getByTestId('log-follow');
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    await node.callOk('pause');
    await expect.poll(firstEvent).toBe('availability_off');

    // Scrolling down to read pauses following; what arrives meanwhile is held back and counted.
    const box = page.getByTestId('log-scroll');
    expect(
      await box.evaluate((el: { scrollHeight: number; clientHeight: number }) => el.scrollHeight > el.clientHeight),
    ).toBe(true);
    await box.hover();
    await page.mouse.wheel(0, 400);
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('false');
    const before = await rows().count();
    await node.callOk('resume');
    await node.callOk('pause');
    await expect
      .poll(() => page.getByTestId('log-follow-status').textContent())
      .toMatch(/^Paused: 2 new events not shown\./);
    expect(await rows().count()).toBe(before);
    expect(await firstEvent()).toBe('availability_off');
    expect(await box.evaluate((el: { scrollTop: number }) => el.scrollTop)).toBeGreaterThan(0);
    await fullShot(page, 'logs-paused.png');

    // "Show them": the held events come in at the top and the list follows again, scrolled back up.
    await page.getByTestId('log-show-new').click();
    await expect.poll(() => rows().count()).toBe(before + 2);
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => box.evaluate((el: { scrollTop: number }) => el.scrollTop)).toBe(0);
    expect((await eventNames()).slice(0, 3)).toEqual(['availability_off', 'availability_on', 'availability_off']);

    // The switch pauses and resumes too.
    await follow.click();
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    await node.callOk('resume');
    await expect
      .poll(() => page.getByTestId('log-follow-status').textContent())
      .toMatch(/^Paused: 1 new event not shown\./);
    await follow.click();
    await expect.poll(firstEvent).toBe('availability_on');
  });

  it('c. "Save logs" downloads the events as text, oldest first, filtered like the page, without secrets or addresses', async () => {
    const [all] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-logs').click()]);
    expect(all.suggestedFilename()).toMatch(/^iicp-logs-\d{4}-\d\d-\d\dT\d{6}Z\.txt$/);
    const text = readFileSync((await all.path())!, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# IICP Provider \S+ \(headless, \w+\) — event log of node [0-9a-f-]{36}$/);
    const body = lines.filter((l) => !l.startsWith('# '));
    expect(body[0]).toMatch(/ INFO {2}engine_start /);
    expect(body.at(-1)).toMatch(/ INFO {2}availability_on cause=manual$/);
    expect(body.some((l) => / WARN {2}problem backend: /.test(l))).toBe(true);
    expect(body.some((l) => /register_ok endpoint=http:\/\/<ipv4:loopback>:\d+ /.test(l))).toBe(true);
    expectClean(text);
    await expect
      .poll(() => page.getByTestId('save-logs-status').textContent())
      .toContain(`${body.length} events saved as ${all.suggestedFilename()}`);

    await page.getByTestId('log-event-filter').selectOption('register_ok');
    expect(await page.getByTestId('save-logs').textContent()).toBe('Save these logs');
    const [some] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-logs').click()]);
    const filtered = readFileSync((await some.path())!, 'utf8')
      .trimEnd()
      .split('\n');
    expect(filtered[1]).toContain('filter: event = register_ok');
    const matching = filtered.filter((l) => !l.startsWith('# '));
    expect(matching.length).toBeGreaterThan(0);
    expect(matching.every((l) => / register_ok /.test(l))).toBe(true);
    await page.getByTestId('log-event-filter').selectOption('');
  });

  it('d. Diagnostics: the whole JSON is previewed, and exactly that is saved; masked throughout', async () => {
    await snapshotWhere((s) => s.reachability.verified, 'the directory confirming the route');
    const prepare = page.getByTestId('diagnostics-prepare');
    await prepare.scrollIntoViewIfNeeded();
    await prepare.click();
    const preview = page.getByTestId('diagnostics-preview');
    await preview.waitFor({ timeout: 15_000 });
    const shown = (await preview.textContent())!;
    const bundle = JSON.parse(shown) as DiagnosticsBundle;
    expect(bundle).toMatchObject({
      kind: 'iicp-provider-diagnostics',
      versions: { host: 'headless', apiVersion: 1 },
      settings: { backendUrl: expect.stringMatching(/^http:\/\/<ipv4:loopback>:\d+$/) },
      health: { status: 200, body: { status: 'ok', models: [MODEL] } },
      reachability: { status: 'public', verified: true },
      backend: { monitor: { status: 'healthy', flavour: 'ollama' } },
      directory: { link: 'registered' },
      secrets: { encryptedAtRest: false, present: { node_token: true, backend_api_key_for_this_run: true } },
    });
    expect(bundle.reachability.steps.length).toBeGreaterThan(0);
    expect(await page.getByTestId('diagnostics-status').textContent()).toMatch(
      /^iicp-diagnostics-\S+\.json \([\d.]+\skB\): this is exactly what will be saved\.$/,
    );
    expectClean(shown);
    await preview.evaluate((el: { scrollTop: number }) => (el.scrollTop = 0));
    await checkLayoutAndShoot(page, 'logs-diagnostics');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('diagnostics-save').click()]);
    expect(download.suggestedFilename()).toMatch(/^iicp-diagnostics-\d{4}-\d\d-\d\dT\d{6}Z\.json$/);
    expect(readFileSync((await download.path())!, 'utf8')).toBe(shown);
    await expect
      .poll(() => page.getByTestId('diagnostics-status').textContent())
      .toBe(`Saved as ${download.suggestedFilename()}.`);
  });
});
