/**
 * The tour's walk through the setup wizard with two LLM servers, as a new user met it: the first server found, a
 * second one ticked under "Also use", both servers' models listed on the models step (one unticked, the second
 * server's chat model made the default), the summary counting all of them, and the node registering exactly what the
 * summary said. Every step is looked at in both themes at both sizes (`lookEverywhere`).
 */
import { expect } from 'vitest';
import type { NodeSnapshot, Settings } from '@shared/contract';
import { urlId } from '../../src-renderer/src/pages/setup/wizard-logic';
import { startFakeBackend } from './backends';
import { startE2eNode } from './e2e-node';
import { eventually } from './eventually';
import { LAPTOP } from './theme-shots';
import { lookEverywhere, sayIn } from './tour-checks';

const FIRST = ['qwen2.5:7b', 'nomic-embed-text'];
const SECOND = ['mistral:7b', 'llava:7b'];
/** Unticked on the models step: it must stay private. */
const PRIVATE = 'llava:7b';
const DEFAULT = 'mistral:7b';

export async function walkWizardWithTwoServers(locale: string, env: NodeJS.ProcessEnv): Promise<void> {
  const say = sayIn(locale);
  const names = [...FIRST, ...SECOND, 'IICP', 'My IICP node'];
  const node = await startE2eNode({
    dataPrefix: 'iicp-e2e-tour-wizard-',
    backend: { flavour: 'ollama', models: FIRST },
    backendUrl: false,
    completeSetup: false,
    directory: { routabilityCheck: false, livenessProbe: false },
    env,
  });
  const second = await startFakeBackend({ flavour: 'ollama', models: SECOND });
  const page = await node.browser.newPage({ locale, viewport: LAPTOP });
  try {
    await page.goto(node.host.url);
    const step1 = page.getByTestId('wizard-step-1');
    await step1.waitFor({ timeout: 15_000 });
    await expect.poll(() => step1.getAttribute('data-detection'), { timeout: 15_000 }).toBe('done');
    for (const url of [node.backend.url, second.url]) {
      await page.getByTestId('add-server-url').fill(url);
      await page.getByTestId('add-server-submit').click();
      await page.locator(`[data-testid="detect-candidate"][data-url="${url}"]`).waitFor({ timeout: 15_000 });
      await expect.poll(() => step1.getAttribute('data-detection')).toBe('done');
    }
    await page.locator(`[data-testid="detect-candidate"][data-url="${node.backend.url}"]`).click();
    await page.getByTestId(`also-use-${urlId(second.url)}`).check();
    await lookEverywhere(page, `${locale}-wizard2-servers`, locale, names);

    // The models step lists both servers' models, grouped; any can be unticked, any chat model made the default.
    await page.getByTestId('wizard-next').click();
    const step2 = page.getByTestId('wizard-step-2');
    await step2.waitFor();
    expect(await step2.getByTestId('model-group').count()).toBe(2);
    const rows = await step2.getByTestId('model-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-model')));
    expect([...rows].sort()).toEqual([...FIRST, ...SECOND].sort());
    await step2.locator(`[data-testid="model-row"][data-model="${PRIVATE}"]`).getByTestId('model-offer').uncheck();
    await page.getByTestId('default-model').selectOption(DEFAULT);
    await lookEverywhere(page, `${locale}-wizard2-models`, locale, names);

    for (const step of [3, 4, 5, 6]) {
      await page.getByTestId('wizard-next').click();
      await page.getByTestId(`wizard-step-${step}`).waitFor();
      if (step === 6) await page.getByTestId('wizard-step-6').getByLabel(say('setup.identity.skip')).check();
    }
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-step-7').waitFor();
    const summary = await page.getByTestId('wizard-summary').innerText();
    const offered = [...FIRST, ...SECOND].filter((m) => m !== PRIVATE);
    for (const m of offered) expect(summary).toContain(m);
    expect(summary).not.toContain(PRIVATE);
    expect(summary).toContain(
      say('setup.start.offeredOf', {
        offered: new Intl.NumberFormat(locale).format(offered.length),
        count: FIRST.length + SECOND.length,
      }),
    );
    await lookEverywhere(page, `${locale}-wizard2-summary`, locale, names);

    await page.getByTestId('wizard-start').click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/#\/dashboard$/);
    // What registers is what the summary said: both servers, the unticked model kept private, the chosen default.
    const settings = await node.callOk<Settings>('getSettings');
    expect(settings.moreBackends.map((b) => b.url)).toEqual([second.url]);
    expect(settings.defaultModel).toBe(DEFAULT);
    await eventually(
      async () =>
        expect([...(await node.callOk<NodeSnapshot>('getSnapshot')).backend.models].sort()).toEqual(
          [...offered].sort(),
        ),
      20_000,
    );
  } finally {
    await page.close();
    await second.close();
    expect(await node.stop()).toBe(0);
  }
}
