/**
 * Step 1 of the tour's wizard walk: two LLM servers added by address, the first chosen as the main one and the second
 * ticked under "Also use", and "Look again" pressed after the choice. A search that finds the chosen server keeps it
 * chosen; a search it is too slow for leaves no other server chosen in its place and holds "Next" back, saying the
 * chosen server did not answer; the next search that finds it has it chosen again, with "Also use" still ticked.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Say } from '@shared/i18n/say';
import { urlId } from '../../src-renderer/src/pages/setup/wizard-logic';
import type { FakeBackend } from './backends';
import { lookEverywhere } from './tour-checks';

/** What step 1 is walked with: the page, its locale's words, the two servers and the names the page may show. */
export interface ServersStep {
  page: Page;
  locale: string;
  say: Say;
  main: FakeBackend;
  other: FakeBackend;
  names: readonly string[];
}

const candidate = (step: Locator, url: string): Locator =>
  step.locator(`[data-testid="detect-candidate"][data-url="${url}"]`);

/** Whether "Next" takes the person on: it is never disabled outright, only marked so while something is missing. */
const nextWaits = async (page: Page): Promise<boolean> =>
  (await page.getByTestId('wizard-next').getAttribute('aria-disabled')) === 'true';

/**
 * Runs one search and waits for its end: a call to `witness`, a server this search asks, means the search has begun
 * (the step may still say "done" of the one before), and the step says "done" only once it has ended.
 */
async function search(step: Locator, witness: FakeBackend, press: () => Promise<void>): Promise<void> {
  const before = witness.calls.length;
  await press();
  await expect.poll(() => witness.calls.length, { timeout: 15_000 }).toBeGreaterThan(before);
  await expect.poll(() => step.getAttribute('data-detection'), { timeout: 20_000 }).toBe('done');
}

export async function chooseTwoServers(s: ServersStep): Promise<void> {
  const { page, say } = s;
  const step = page.getByTestId('wizard-step-1');
  await step.waitFor({ timeout: 15_000 });
  await expect.poll(() => step.getAttribute('data-detection'), { timeout: 15_000 }).toBe('done');
  // The intro says what the step offers: a main server, and the others found beside it.
  expect(await step.getByText(say('setup.detect.intro'), { exact: true }).isVisible()).toBe(true);

  for (const server of [s.main, s.other]) {
    await search(step, server, async () => {
      await page.getByTestId('add-server-url').fill(server.url);
      await page.getByTestId('add-server-submit').click();
    });
    await candidate(step, server.url).waitFor({ timeout: 15_000 });
  }
  await candidate(step, s.main.url).click();
  const alsoUse = page.getByTestId(`also-use-${urlId(s.other.url)}`);
  await alsoUse.check();
  expect(await nextWaits(page)).toBe(false);

  const lookAgain = () => step.getByRole('button', { name: say('setup.detect.lookAgain'), exact: true }).click();
  // Found again: still the choice, the other still used too, and "Next" still goes on.
  await search(step, s.other, lookAgain);
  expect(await candidate(step, s.main.url).getAttribute('data-selected')).toBe('true');
  expect(await alsoUse.isChecked()).toBe(true);
  expect(await nextWaits(page)).toBe(false);

  // Too slow to answer this once: the other server is not chosen in its place, and "Next" waits.
  s.main.set({ hang: true });
  try {
    await search(step, s.other, lookAgain);
    await step.locator(`[data-testid="detect-problem"][data-url="${s.main.url}"]`).waitFor();
    expect(await candidate(step, s.other.url).getAttribute('data-selected')).toBe('false');
    expect(await nextWaits(page)).toBe(true);
    expect(await page.getByTestId('wizard-nav').innerText()).toContain(say('setup.detect.chosenMissing'));
    await lookEverywhere(page, `${s.locale}-wizard2-chosen-missed`, s.locale, s.names);
  } finally {
    s.main.set({ hang: false });
  }

  // Found again: chosen again, as the person left it.
  await search(step, s.other, lookAgain);
  expect(await candidate(step, s.main.url).getAttribute('data-selected')).toBe('true');
  expect(await candidate(step, s.other.url).getAttribute('data-selected')).toBe('false');
  expect(await alsoUse.isChecked()).toBe(true);
  expect(await nextWaits(page)).toBe(false);
  await lookEverywhere(page, `${s.locale}-wizard2-servers`, s.locale, s.names);
}
