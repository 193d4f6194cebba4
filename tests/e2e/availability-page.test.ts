/**
 * The Availability page of a real provider node: the built headless host with a fake Ollama behind it and the
 * test directory, the page in Chromium at 1280×800 (layout also checked at 800×600), read in en-GB where words matter.
 *
 *  a. the time zone can be changed and the change undone; a window painted by dragging across the grid (and
 *     one painted with the keyboard) is saved, the engine stores exactly those windows, and a reload shows the
 *     same grid; the "right now" card agrees with the engine;
 *  b. the engine refuses overlapping windows with a message naming them; a page whose draft holds such
 *     windows (a stand-in `window.provider` that serves an overlapping schedule "stored by an older version"
 *     and passes every other command to the real engine) shows the refusal and marks the window, nothing is
 *     stored; removing the window makes the save go through;
 *  c. headless: the conditions are shown disabled with the reason, and start at login is disabled with an
 *     explanation on the Settings page;
 *  d. as the desktop app would show them (the same stand-in, saying the host is Electron and can read power and
 *     idle state): the conditions save through updateSettings, the current power and idle state are shown, and
 *     the start-at-login switch records the choice through setStartAtLogin.
 */
import { english } from '@shared/i18n/say';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMAND_NAMES,
  type AvailabilitySchedule,
  type NodeSnapshot,
  type Result,
  type Settings,
} from '@shared/contract';
import { formatUntil } from '@shared/text/wall-clock';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { checkLayoutAndShoot, WIDE } from '../support/page-layout';

let node: E2eNode;

const cell = (page: Page, day: number, hour: number) =>
  page.locator(`[data-testid="grid-cell"][data-day="${day}"][data-hour="${hour}"]`);

/** Every painted cell of the grid as "day:hour=share" (partly covered cells marked with a ~). */
async function paintedCells(page: Page): Promise<string[]> {
  return page
    .getByTestId('grid-cell')
    .evaluateAll((cells: { dataset: Record<string, string | undefined> }[]) =>
      cells
        .filter((c) => c.dataset.share !== 'none')
        .map((c) => `${c.dataset.day}:${c.dataset.hour}=${c.dataset.share}${c.dataset.partial ? '~' : ''}`),
    );
}

/** Presses the mouse on one cell, moves across the grid to another and lets go there. */
async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = (await cell(page, ...from).boundingBox())!;
  const b = (await cell(page, ...to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function openAvailability(page: Page): Promise<void> {
  await page.goto(node.host.url);
  await page.getByRole('link', { name: 'Availability', exact: true }).click();
  await page.getByTestId('availability-grid').waitFor({ timeout: 15_000 });
}

/** Picks the paint share the way a person does, by its pill (the radio inside it is visually hidden). */
async function chooseBrush(page: Page, label: RegExp): Promise<void> {
  const picker = page.getByTestId('paint-share');
  await picker.locator('label').filter({ hasText: label }).click();
  expect(await picker.getByRole('radio', { name: label }).isChecked()).toBe(true);
}
const dirtyOf = (page: Page) => page.getByTestId('availability-schedule').getAttribute('data-dirty');

interface StandIn {
  /** Served by getSchedule until a save goes through (then the engine's own). */
  legacySchedule?: AvailabilitySchedule;
  /** Pretend to be the desktop app, which can read the power source and idle time. */
  desktop?: { onBattery: boolean; idleSeconds: number };
}

/**
 * A stand-in `window.provider` (the page prefers it to the bridge, as in Electron) that passes every command to
 * the real engine through the test's bridge client, changing only what `options` asks for.
 */
async function installStandIn(page: Page, options: StandIn): Promise<void> {
  await page.exposeFunction('iicpCall', (command: string, request: unknown) => node.client.call(command, request));
  await page.addInitScript(
    ({
      commands,
      legacy,
      desktop,
    }: {
      commands: readonly string[];
      legacy: AvailabilitySchedule | null;
      desktop: StandIn['desktop'] | null;
    }) => {
      type R = { ok: boolean; value?: Record<string, unknown> };
      const w = globalThis as unknown as {
        iicpCall(c: string, r: unknown): Promise<R>;
        provider: unknown;
        loginChoices: boolean[];
      };
      let legacyServed = legacy !== null;
      // The real engine is headless and refuses to record "start at login" it cannot apply; the desktop stand-in
      // records the choices itself, as the Electron host's engine would, and shows them in its snapshots.
      w.loginChoices = [];
      const asDesktop = (r: R): R => {
        if (!desktop || !r.ok || !r.value || !('availability' in r.value)) return r;
        const s = r.value as {
          host: string;
          availability: { conditions: Record<string, unknown> };
          setup: Record<string, unknown>;
        };
        const setup = w.loginChoices.length
          ? { ...s.setup, startAtLogin: w.loginChoices[w.loginChoices.length - 1] }
          : s.setup;
        return {
          ...r,
          value: {
            ...s,
            host: 'electron',
            setup,
            availability: {
              ...s.availability,
              conditions: { ...s.availability.conditions, supported: true, ...desktop },
            },
          },
        };
      };
      const api: Record<string, unknown> = {
        apiVersion: 1,
        transport: 'ipc',
        onSnapshot: () => () => {},
        onEngineEvent: () => () => {},
      };
      for (const c of commands) api[c] = async (request: unknown) => asDesktop(await w.iicpCall(c, request ?? {}));
      api.getSchedule = () =>
        legacyServed ? Promise.resolve({ ok: true, value: legacy }) : w.iicpCall('getSchedule', {});
      api.updateSchedule = async (request: unknown) => {
        const result = await w.iicpCall('updateSchedule', request);
        if (result.ok) legacyServed = false;
        return result;
      };
      if (desktop) {
        api.setStartAtLogin = async (request: { enabled: boolean }) => {
          w.loginChoices.push(request.enabled);
          // Recording "off" is allowed headless and gives a snapshot newer than the page's, as a real change would.
          return asDesktop(await w.iicpCall('setStartAtLogin', { enabled: false }));
        };
        api.getAppInfo = async () => {
          const r = await w.iicpCall('getAppInfo', {});
          return r.ok ? { ...r, value: { ...r.value, host: 'electron', limitations: [] } } : r;
        };
      }
      w.provider = api;
    },
    { commands: COMMAND_NAMES, legacy: options.legacySchedule ?? null, desktop: options.desktop ?? null },
  );
}

beforeAll(async () => {
  // Setup counts as done (a fresh data folder would open the wizard); this test is about the Availability page.
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-availability-',
    backend: { flavour: 'ollama', models: ['qwen2.5:7b'] },
    directory: {},
    env: { IICP_MAX_CONCURRENT: '4' },
  });
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

describe('Availability page of a real node (Chromium, 1280×800 and 800×600)', () => {
  it('a. paints windows by dragging and with the keyboard, saves them, and shows the same schedule after a reload', async () => {
    const before = await node.callOk<AvailabilitySchedule>('getSchedule');
    expect(before.windows).toEqual([]);
    expect(before.outsideShare).toBe(0);

    const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light', locale: 'en-GB' });
    try {
      await openAvailability(page);
      expect(await page.getByTestId('grid-cell').count()).toBe(7 * 24);
      expect(await paintedCells(page)).toEqual([]);
      expect(await page.getByTestId('timezone-select').inputValue()).toBe(before.timeZone);
      expect(await page.getByTestId('outside-share').inputValue()).toBe('0');
      expect(await page.getByTestId('outside-share').locator('option:checked').textContent()).toBe('closed (default)');
      expect(await dirtyOf(page)).toBe('false');

      // The time zone is a draft change like any other, and Undo takes it back.
      await page.getByTestId('timezone-select').selectOption('America/New_York');
      await expect.poll(() => dirtyOf(page)).toBe('true');
      expect(await page.getByTestId('availability-save-status').textContent()).toMatch(/unsaved changes/i);
      await expect.poll(() => page.getByTestId('availability-preview').getAttribute('data-source')).toBe('draft');
      expect(await page.getByTestId('timezone-differs').textContent()).toContain('America/New York');
      await page.getByTestId('availability-undo').click();
      await expect.poll(() => dirtyOf(page)).toBe('false');
      expect(await page.getByTestId('timezone-select').inputValue()).toBe(before.timeZone);

      // Drag from Monday 09:00 to Wednesday 12:00 with 50 %: twelve cells, one window over three days.
      await chooseBrush(page, /^50/);
      await drag(page, [1, 9], [3, 12]);
      const expected50 = [1, 2, 3].flatMap((d) => [9, 10, 11, 12].map((h) => `${d}:${h}=0.5`));
      await expect.poll(() => paintedCells(page)).toEqual(expected50);

      // The keyboard: focus Friday 19:00, move right, Space paints 20:00 with 100 %; the focus ring shows.
      await chooseBrush(page, /^100/);
      await cell(page, 5, 19).focus();
      await page.keyboard.press('ArrowRight');
      // Strings, not functions: this file is typed for Node, without DOM typings.
      expect(
        await page.evaluate<string>('document.activeElement.dataset.day + ":" + document.activeElement.dataset.hour'),
      ).toBe('5:20');
      await page.keyboard.press('Space');
      await expect.poll(() => cell(page, 5, 20).getAttribute('data-share')).toBe('1');
      expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
      expect(await dirtyOf(page)).toBe('true');

      const windows = page.getByTestId('availability-window');
      await expect
        .poll(() => windows.allTextContents())
        .toEqual([
          expect.stringMatching(/^Mon–Wed 09:00–13:00 · 50\s?%/),
          expect.stringMatching(/^Fri 20:00–21:00 · 100\s?%/),
        ]);
      await expect.poll(() => page.getByTestId('availability-preview').getAttribute('data-source')).toBe('draft');

      await page.getByTestId('availability-save').click();
      await expect.poll(() => page.getByTestId('availability-save-status').textContent()).toMatch(/^Saved\./);
      expect(await dirtyOf(page)).toBe('false');
      expect(await page.getByTestId('availability-error').count()).toBe(0);

      const stored = await node.callOk<AvailabilitySchedule>('getSchedule');
      expect(stored).toEqual({
        timeZone: before.timeZone,
        outsideShare: 0,
        windows: [
          { days: [1, 2, 3], start: '09:00', end: '12:59', share: 0.5 },
          { days: [5], start: '20:00', end: '20:59', share: 1 },
        ],
      });

      // The engine's verdict reaches the page: the "right now" card says what the snapshot says.
      const now = page.getByTestId('availability-now');
      const locale = await page.evaluate<string>('Intl.DateTimeFormat().resolvedOptions().locale');
      // The engine's reason, with its time written in the page's locale (the engine's own message uses its clock).
      const reasonWords = (s: NodeSnapshot) => {
        const a = s.availability;
        if (a.reason === 'outside_window' && a.nextChangeAt)
          return `Outside your availability windows until ${formatUntil(a.nextChangeAt, Date.now(), a.timeZone, locale)}, in`;
        return a.message === null ? '' : english.said(a.message);
      };
      const agrees = async () => {
        const s = await node.callOk<NodeSnapshot>('getSnapshot');
        const text = (await now.textContent()) ?? '';
        return (
          s.availability.windowCount === 2 &&
          (await now.getAttribute('data-open')) === String(s.capacity.effectiveMaxConcurrent) &&
          (await now.getAttribute('data-reason')) === (s.availability.reason ?? 'none') &&
          (s.availability.reason === null || text.includes(reasonWords(s)))
        );
      };
      await expect.poll(agrees, { timeout: 10_000 }).toBe(true);
      // The preview is the engine's timeline of the stored schedule (answered for the latest edit: not busy).
      const preview = page.getByTestId('availability-preview');
      expect(await preview.getAttribute('data-source')).toBe('saved');
      await expect.poll(() => preview.getAttribute('aria-busy')).toBeNull();
      const timeline = await node.callOk<{ segments: { share: number; capacity: number }[] }>('previewAvailability', {
        hours: 24,
      });
      const shown = await page
        .getByTestId('preview-segment')
        .evaluateAll((items: { dataset: Record<string, string | undefined> }[]) =>
          items.map((i) => ({ share: Number(i.dataset.share), capacity: Number(i.dataset.capacity) })),
        );
      // (A segment boundary can pass between the two answers; the shares in order are what must agree.)
      expect(shown.map((x) => x.share)).toEqual(timeline.segments.map((x) => x.share));
      expect(shown.map((x) => x.capacity)).toEqual(timeline.segments.map((x) => x.capacity));

      await checkLayoutAndShoot(page, 'availability-saved');

      // A reload shows the same schedule.
      await page.reload();
      await page.getByTestId('availability-grid').waitFor({ timeout: 15_000 });
      await expect.poll(() => paintedCells(page)).toEqual([...expected50, '5:20=1'].sort(byCell));
      expect(await dirtyOf(page)).toBe('false');
      expect(await windows.count()).toBe(2);
    } finally {
      await page.close();
    }
  });

  it('b. overlapping windows are refused by the engine; the page says which and stores nothing; removing one saves', async () => {
    const stored = await node.callOk<AvailabilitySchedule>('getSchedule');
    // The brief's example: both windows include Monday 12:00, since ends are inclusive.
    const overlapping: AvailabilitySchedule = {
      timeZone: stored.timeZone,
      outsideShare: 0,
      windows: [
        { days: [1], start: '08:00', end: '12:00', share: 1 },
        { days: [1], start: '12:00', end: '18:00', share: 0.5 },
      ],
    };
    const refused = await node.client.call('updateSchedule', overlapping);
    expect(refused.ok).toBe(false);
    const error = (refused as Extract<Result<unknown>, { ok: false }>).error;
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([
      {
        path: 'windows.1',
        message: expect.stringMatching(/Mon 08:00–12:00 and Mon 12:00–18:00 overlap at Mon 12:00/),
        said: expect.objectContaining({ id: expect.any(String) }),
      },
    ]);
    expect(await node.callOk<AvailabilitySchedule>('getSchedule')).toEqual(stored);

    const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light', locale: 'en-GB' });
    try {
      // Every command goes to the real engine, except that getSchedule serves the overlapping schedule (as an
      // older version might have stored it) until a save goes through.
      await installStandIn(page, { legacySchedule: overlapping });
      await page.goto(`${node.host.url.split('#')[0]}#/availability`);
      await page.getByTestId('availability-grid').waitFor({ timeout: 15_000 });

      // Minute-exact windows: Monday 12 holds 12:00 of the first and the rest of the second; 18 holds one minute.
      await expect
        .poll(() => paintedCells(page))
        .toEqual(
          [
            ...[8, 9, 10, 11].map((h) => `1:${h}=1`),
            '1:12=0.5~',
            ...[13, 14, 15, 16, 17].map((h) => `1:${h}=0.5`),
            '1:18=0.5~',
          ].sort(byCell),
        );

      // Paint Sunday 10:00 (a click paints one cell): Monday's windows are kept exactly, overlap included.
      await chooseBrush(page, /^100/);
      await cell(page, 7, 10).click();
      await expect.poll(() => cell(page, 7, 10).getAttribute('data-share')).toBe('1');
      await page.getByTestId('availability-save').click();

      const alert = page.getByTestId('availability-error');
      await alert.waitFor({ timeout: 10_000 });
      expect(await alert.getAttribute('role')).toBe('alert');
      expect(await alert.getAttribute('data-code')).toBe('invalid_request');
      const alertText = (await alert.textContent())!;
      expect(alertText).toMatch(/not saved/i);
      expect(alertText).toContain(error.issues![0]!.message);
      // The window the engine named is marked in the list, with the message.
      const bad = page.locator('[data-testid="availability-window"][data-problem]');
      expect(await bad.count()).toBe(1);
      // The list says a window's end as the minute after the stored, inclusive one (ADR 0040).
      expect(await bad.textContent()).toMatch(/^Mon 12:00–18:01 · 50\s?%/);
      expect(await bad.textContent()).toContain('overlap at Mon 12:00');
      expect(await dirtyOf(page)).toBe('true');
      expect(await page.getByTestId('availability-save-status').textContent()).not.toMatch(/Saved/);
      // Nothing was stored.
      expect(await node.callOk<AvailabilitySchedule>('getSchedule')).toEqual(stored);
      // The preview of this draft is refused for the same reason, and says so.
      const preview = page.getByTestId('availability-preview');
      await expect.poll(() => preview.getAttribute('aria-busy')).toBeNull();
      expect(await preview.getAttribute('data-source')).toBe('draft');
      expect(await preview.getByRole('alert').textContent()).toContain('overlap at Mon 12:00');

      await checkLayoutAndShoot(page, 'availability-refused');

      // Removing the second window makes the schedule valid: it saves, and the engine has exactly that.
      await page.getByRole('button', { name: 'Remove the window Mon 12:00–18:01' }).click();
      expect(await page.getByTestId('availability-error').count()).toBe(0);
      await page.getByTestId('availability-save').click();
      await expect.poll(() => page.getByTestId('availability-save-status').textContent()).toMatch(/^Saved\./);
      expect(await node.callOk<AvailabilitySchedule>('getSchedule')).toEqual({
        timeZone: stored.timeZone,
        outsideShare: 0,
        windows: [
          { days: [1], start: '08:00', end: '12:00', share: 1 },
          { days: [7], start: '10:00', end: '10:59', share: 1 },
        ],
      });
    } finally {
      await page.close();
    }
  });

  it('c. headless: the conditions are disabled with the reason; start at login is disabled on Settings', async () => {
    const snap = await node.callOk<NodeSnapshot>('getSnapshot');
    expect(snap.availability.conditions.supported).toBe(false);
    const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'dark' });
    try {
      await openAvailability(page);
      const mains = page.getByTestId('condition-mains');
      await mains.waitFor({ timeout: 10_000 });
      expect(await mains.isDisabled()).toBe(true);
      expect(await page.getByTestId('condition-idle').isDisabled()).toBe(true);
      expect(await page.getByTestId('condition-idle-minutes').isDisabled()).toBe(true);
      expect(await page.getByTestId('conditions-unsupported').textContent()).toBe(
        "Not available in headless mode: this computer's power and idle state cannot be read.",
      );
      // The stored schedule (from b) in the dark theme.
      await expect.poll(() => page.getByTestId('availability-window').count()).toBe(2);
      await expect.poll(() => page.getByTestId('availability-preview').getAttribute('aria-busy')).toBeNull();
      await checkLayoutAndShoot(page, 'availability-dark');

      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const login = page.getByTestId('start-at-login-setting');
      await login.waitFor({ timeout: 10_000 });
      expect(await login.getAttribute('role')).toBe('switch');
      expect(await login.getAttribute('aria-checked')).toBe('false');
      expect(await login.getAttribute('aria-disabled')).toBe('true');
      expect(await login.getAttribute('data-choice')).toBe('unavailable');
      const hintId = (await login.getAttribute('aria-describedby'))!;
      expect(await page.locator(`[id="${hintId}"]`).textContent()).toMatch(/^Not available in headless mode/);
      // A click on the disabled switch sends nothing: the recorded choice stays what setup recorded.
      // (forced: Playwright itself refuses to click an aria-disabled element, a person's click still arrives.)
      await login.click({ force: true });
      expect((await node.callOk<NodeSnapshot>('getSnapshot')).setup.startAtLogin).toBe(false);
      await checkLayoutAndShoot(page, 'availability-settings-start-at-login');
    } finally {
      await page.close();
    }
  });
  it("d. as the desktop app: the conditions save and show the computer's state; start at login records the choice", async () => {
    const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
    try {
      await installStandIn(page, { desktop: { onBattery: false, idleSeconds: 400 } });
      await page.goto(`${node.host.url.split('#')[0]}#/availability`);
      const mains = page.getByTestId('condition-mains');
      await mains.waitFor({ timeout: 15_000 });
      expect(await mains.isDisabled()).toBe(false);
      expect(await page.getByTestId('conditions-unsupported').count()).toBe(0);
      const conditionsText = (await page.getByRole('region', { name: 'Conditions' }).textContent())!;
      expect(conditionsText).toContain('Now on mains power.');
      expect(conditionsText).toContain('Idle for 6 min now.');

      // Only on mains power: saved at once.
      await mains.check();
      await expect.poll(async () => (await node.callOk<Settings>('getSettings')).onlyOnMains).toBe(true);
      await expect.poll(() => page.getByTestId('conditions-status').textContent()).toBe('Saved.');

      // Idle: ticking it stores the minutes shown (10); a new number is stored on Enter; a bad one is refused here.
      const idle = page.getByTestId('condition-idle');
      const minutes = page.getByTestId('condition-idle-minutes');
      expect(await minutes.inputValue()).toBe('10');
      // The page takes the stored value in by remounting the form (its key is the stored conditions) once its own
      // answer arrives, which on a busy machine can come after the engine has stored it: what is typed before that is
      // gone with the old field. So typing waits for the field the check was made in to be replaced.
      const before = await minutes.elementHandle();
      await idle.check();
      await expect.poll(async () => (await node.callOk<Settings>('getSettings')).idleMinutes).toBe(10);
      await expect.poll(() => before!.evaluate((el) => el.isConnected)).toBe(false);
      await minutes.fill('300');
      await minutes.press('Enter');
      await expect.poll(() => minutes.getAttribute('aria-invalid')).toBe('true');
      // The minutes' own error, as the field points at it.
      const minutesError = (await minutes.getAttribute('aria-describedby'))!.split(' ')[0]!;
      expect(await page.locator(`[id="${minutesError}"]`).textContent()).toMatch(/from 1 to 240/);
      await minutes.fill('30');
      await minutes.press('Enter');
      await expect.poll(async () => (await node.callOk<Settings>('getSettings')).idleMinutes).toBe(30);
      expect(await minutes.getAttribute('aria-invalid')).toBeNull();
      await idle.uncheck();
      await expect.poll(async () => (await node.callOk<Settings>('getSettings')).idleMinutes).toBeNull();
      await mains.uncheck();
      await expect.poll(async () => (await node.callOk<Settings>('getSettings')).onlyOnMains).toBe(false);

      // Start at login: off as setup recorded it; one click records "on" in the engine, another "off".
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const login = page.getByTestId('start-at-login-setting');
      await login.waitFor({ timeout: 10_000 });
      expect(await login.getAttribute('aria-disabled')).toBeNull();
      expect(await login.getAttribute('aria-checked')).toBe('false');
      expect(await login.getAttribute('data-choice')).toBe('off');
      await login.click();
      await expect.poll(() => login.getAttribute('aria-checked')).toBe('true');
      expect(await page.evaluate(() => (globalThis as unknown as { loginChoices: boolean[] }).loginChoices)).toEqual([
        true,
      ]);
      // The headless engine itself refuses to promise a start at login it cannot apply.
      expect(await node.client.call('setStartAtLogin', { enabled: true })).toMatchObject({
        ok: false,
        error: { code: 'invalid_state' },
      });
      await checkLayoutAndShoot(page, 'availability-settings-desktop');
      await login.click();
      await expect.poll(() => login.getAttribute('aria-checked')).toBe('false');
      expect(await page.evaluate(() => (globalThis as unknown as { loginChoices: boolean[] }).loginChoices)).toEqual([
        true,
        false,
      ]);
    } finally {
      await page.close();
    }
  });
});

function byCell(a: string, b: string): number {
  const key = (s: string) => {
    const [d, h] = s.split(/[:=]/).map(Number);
    return d! * 100 + h!;
  };
  return key(a) - key(b);
}
