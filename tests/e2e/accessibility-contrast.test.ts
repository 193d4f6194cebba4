/**
 * What the eye needs, measured on a real node (the built headless host, a fake Ollama with no models) in Chromium
 * from the computed colours, in the light and the dark theme: the hour labels of the availability grid read at
 * 4.5:1 or more, an empty cell of the grid stands out from its card at 3:1 or more, a wizard Next that cannot be used
 * looks unusable (grey, not a faded primary button) and says so to assistive technology, and a page opened with a
 * wrong token says in the tab's title that access is refused rather than "Connecting…".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from '../support/browser';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { COLOUR_MATH } from '../support/page-colours';
import { NARROW, WIDE } from '../support/page-layout';

let node: E2eNode;

beforeAll(async () => {
  // No models: the server the host names answers but offers nothing, so the wizard's first step cannot go on.
  node = await startE2eNode({ dataPrefix: 'iicp-e2e-a11y-', backend: { flavour: 'ollama', models: [] } });
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

/**
 * Colour arithmetic in the page: `parse` reads a computed colour (rgb(), rgba() or color(srgb …)) as [r, g, b, a]
 * on 0–255; `backdrop` is the opaque colour behind an element (the nearest ancestor with a background);
 * `ink` is an element's text colour as it lands on that backdrop (its alpha and every ancestor's opacity applied);
 * `contrast` is the WCAG ratio of two colours.
 */
const COLOURS = `
  ${COLOUR_MATH}
  const backdrop = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const ink = (el) => {
    let alpha = parse(getComputedStyle(el).color)[3];
    for (let e = el; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
    return over(parse(getComputedStyle(el).color), backdrop(el.parentElement), alpha);
  };
`;

/** Every hour label of the grid with its contrast against what is behind it. */
const HOUR_LABELS = `(() => {
  ${COLOURS}
  return [...document.querySelectorAll('[data-testid="availability-grid"] [role="columnheader"]')]
    .filter((h) => h.textContent.trim() !== '')
    .map((h) => ({ label: h.textContent.trim(), ratio: contrast(ink(h), backdrop(h.parentElement)) }));
})()`;

/**
 * An empty cell (outside every window) against the card it sits on: the strongest of its fill, its border and an inset
 * edge, which is what shows where the cell is.
 */
const EMPTY_CELL = `(() => {
  ${COLOURS}
  const cell = document.querySelector('[data-testid="grid-cell"][data-share="none"]');
  const style = getComputedStyle(cell);
  const around = backdrop(cell.parentElement);
  const candidates = [parse(style.backgroundColor)].filter((c) => c[3] > 0).map((c) => over(c, around, c[3]));
  if (parseFloat(style.borderTopWidth) >= 1) candidates.push(over(parse(style.borderTopColor), around, parse(style.borderTopColor)[3]));
  const inset = /(rgba?\\([^)]*\\)|color\\([^)]*\\))[^,]*inset/.exec(style.boxShadow);
  if (inset) {
    const c = parse(inset[1]);
    candidates.push(over(c, around, c[3]));
  }
  return Math.max(...candidates.map((c) => contrast(c, around)));
})()`;

/**
 * How the wizard's Next looks: its fill as seen over the page (opacity applied), how colourful that is (chroma: the
 * spread of its red, green and blue on 0–1; a grey is near 0, the accent blue far above), its label, its state.
 */
const NEXT_LOOK = `(() => {
  ${COLOURS}
  const next = document.querySelector('[data-testid="wizard-next"]');
  const style = getComputedStyle(next);
  let alpha = 1;
  for (let e = next; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
  const fill = parse(style.backgroundColor);
  const seen = over(fill, backdrop(next.parentElement), fill[3] * alpha);
  return {
    chroma: (Math.max(...seen) - Math.min(...seen)) / 255,
    labelContrast: contrast(ink(next), seen),
    cursor: style.cursor,
    ariaDisabled: next.getAttribute('aria-disabled'),
    disabled: next.disabled,
    describedBy: next.getAttribute('aria-describedby') ? document.getElementById(next.getAttribute('aria-describedby')).textContent : null,
  };
})()`;

async function useTheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await expect.poll(() => page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe(scheme);
}

async function openAvailability(page: Page): Promise<void> {
  await page.goto(node.host.url);
  await page.getByRole('link', { name: 'Availability', exact: true }).click();
  await page.getByTestId('availability-grid').waitFor({ timeout: 15_000 });
}

describe('accessibility by the computed colours (Chromium)', () => {
  it('gives every hour label of the availability grid at least 4.5:1 in both themes', async () => {
    const page = await node.browser.newPage({ viewport: WIDE });
    try {
      await openAvailability(page);
      for (const scheme of ['light', 'dark'] as const) {
        await useTheme(page, scheme);
        const labels = await page.evaluate<{ label: string; ratio: number }[]>(HOUR_LABELS);
        expect(labels).toHaveLength(24);
        const weakest = labels.reduce((a, b) => (b.ratio < a.ratio ? b : a));
        expect
          .soft(weakest.ratio, `${scheme}: hour ${weakest.label} at ${weakest.ratio.toFixed(2)}:1`)
          .toBeGreaterThanOrEqual(4.5);
        await page
          .getByTestId('availability-grid')
          .screenshot({ path: artifactPath('e2e', `a11y-grid-hours-${scheme}.png`) });
      }
    } finally {
      await page.close();
    }
  });

  it('shows an empty cell of the grid at 3:1 or more against its card, dark and light', async () => {
    const page = await node.browser.newPage({ viewport: WIDE });
    try {
      await openAvailability(page);
      for (const scheme of ['dark', 'light'] as const) {
        await useTheme(page, scheme);
        const ratio = await page.evaluate<number>(EMPTY_CELL);
        expect.soft(ratio, `${scheme}: an empty cell at ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(3);
        await page
          .getByTestId('availability-grid')
          .screenshot({ path: artifactPath('e2e', `a11y-grid-empty-${scheme}.png`) });
      }
    } finally {
      await page.close();
    }
  });

  it('shows a wizard Next that cannot be used as unusable: grey, aria-disabled, with the reason', async () => {
    const page = await node.browser.newPage({ viewport: NARROW });
    try {
      await page.goto(node.host.url);
      await page.evaluate(`window.location.hash = '/setup'`);
      const step1 = page.getByTestId('wizard-step-1');
      await expect.poll(() => step1.getAttribute('data-detection'), { timeout: 15_000 }).toBe('done');
      await expect.poll(() => page.getByTestId('wizard-next').getAttribute('aria-describedby')).not.toBeNull();
      for (const scheme of ['light', 'dark'] as const) {
        await useTheme(page, scheme);
        const look = await page.evaluate<{
          chroma: number;
          labelContrast: number;
          cursor: string;
          ariaDisabled: string | null;
          disabled: boolean;
          describedBy: string | null;
        }>(NEXT_LOOK);
        // Said to assistive technology (it stays focusable so the reason can be found), with the reason next to it.
        expect(look.ariaDisabled === 'true' || look.disabled, scheme).toBe(true);
        expect(look.describedBy, scheme).toMatch(/\S/);
        // Seen: a grey button (the primary one is the accent colour), its word still readable, the pointer says no.
        expect.soft(look.chroma, `${scheme}: ${JSON.stringify(look)}`).toBeLessThanOrEqual(0.1);
        expect.soft(look.labelContrast, `${scheme}: ${JSON.stringify(look)}`).toBeGreaterThanOrEqual(4.5);
        expect(look.cursor, scheme).toBe('not-allowed');
        await page
          .getByTestId('wizard-nav')
          .screenshot({ path: artifactPath('e2e', `a11y-wizard-next-blocked-${scheme}.png`) });
      }
    } finally {
      await page.close();
    }
  });

  it('says in the tab title that access is refused when the link has a wrong token', async () => {
    const page = await node.browser.newPage({ viewport: WIDE });
    try {
      await page.goto(`http://127.0.0.1:${node.host.port}/#token=${'0'.repeat(64)}`);
      await expect
        .poll(() => page.getByRole('heading', { name: /access token/i }).isVisible(), { timeout: 15_000 })
        .toBe(true);
      await expect.poll(() => page.title()).toMatch(/access/i);
      expect(await page.title()).not.toMatch(/Connecting/);
      await page.screenshot({ path: artifactPath('e2e', 'a11y-wrong-token.png') });
    } finally {
      await page.close();
    }
  });
});
