/**
 * The tour's walk through the setup wizard with two LLM servers, as a new user met it: the first server found, a
 * second one ticked under "Also use", and "Look again" keeping that choice (`tour-wizard-servers.ts`); both servers'
 * models listed on the models step (one unticked, the second server's chat model made the default); the network step
 * saying where the host's public URL came from and heading the directory's instant check as such; the summary counting
 * all models; and after "Start", the node's first registration offering exactly what the summary said and the
 * Dashboard giving each server its own line (`tour-wizard-started.ts`). Every step is looked at in both themes at both
 * sizes (`lookEverywhere`).
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DirectoryProbe, Settings } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import type { Say } from '@shared/i18n/say';
import { startFakeBackend } from './backends';
import { startE2eNode } from './e2e-node';
import { freePort } from './free-port';
import { LAPTOP } from './theme-shots';
import { lookEverywhere, sayIn } from './tour-checks';
import { chooseTwoServers } from './tour-wizard-servers';
import { expectOneFirstRegistration, expectServerLines } from './tour-wizard-started';

const FIRST = ['qwen2.5:7b', 'nomic-embed-text'];
const SECOND = ['mistral:7b', 'llava:7b'];
/** Unticked on the models step: it must stay private. */
const PRIVATE = 'llava:7b';
const DEFAULT = 'mistral:7b';
const OFFERED = [...FIRST, ...SECOND].filter((m) => m !== PRIVATE);

/** The words of each outcome of the directory's instant check, as the probe line shows them. */
const PROBE_OUTCOME: Record<DirectoryProbe['outcome'], MessageId> = {
  reachable: 'network.probe.reachable',
  unreachable: 'network.probe.unreachable',
  not_possible: 'network.probe.notPossible',
  not_offered: 'network.probe.notOffered',
  unavailable: 'network.probe.unavailable',
};

export async function walkWizardWithTwoServers(locale: string, env: NodeJS.ProcessEnv): Promise<void> {
  const say = sayIn(locale);
  const names = [...FIRST, ...SECOND, 'IICP', 'My IICP node'];
  // The host fixes the public URL for this run, as a person who starts it with IICP_PUBLIC_ENDPOINT does.
  const taskPort = await freePort();
  const publicUrl = `http://127.0.0.1:${taskPort}`;
  const node = await startE2eNode({
    dataPrefix: 'iicp-e2e-tour-wizard-',
    backend: { flavour: 'ollama', models: FIRST },
    backendUrl: false,
    completeSetup: false,
    directory: { routabilityCheck: false, livenessProbe: false },
    env: { ...env, IICP_PORT: String(taskPort), IICP_PUBLIC_ENDPOINT: publicUrl, IICP_ALLOW_PRIVATE_ENDPOINT: '1' },
  });
  const second = await startFakeBackend({ flavour: 'ollama', models: SECOND });
  const page = await node.browser.newPage({ locale, viewport: LAPTOP });
  try {
    await page.goto(node.host.url);
    await chooseTwoServers({ page, locale, say, main: node.backend, other: second, names });
    await chooseModels(page, locale, names);
    await passNetworkStep(page, say, locale, publicUrl, names);
    await passToSummary(page, say, locale, names);

    await page.getByTestId('wizard-start').click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/#\/dashboard$/);
    // What registers is what the summary said: both servers, the unticked model kept private, the chosen default.
    const settings = await node.callOk<Settings>('getSettings');
    expect(settings.moreBackends.map((b) => b.url)).toEqual([second.url]);
    expect(settings.defaultModel).toBe(DEFAULT);
    await expectOneFirstRegistration(node, OFFERED);
    await expectServerLines(page, say, locale, [
      { url: node.backend.url, kind: 'Ollama', models: FIRST },
      { url: second.url, kind: 'Ollama', models: SECOND.filter((m) => m !== PRIVATE) },
    ]);
    // The Dashboard's "Check my node" card shows the same check, asked when the node got its address.
    await expectInstantCheck(page.locator('section', { has: page.getByTestId('node-check') }), say);
    await lookEverywhere(page, `${locale}-wizard2-dashboard`, locale, names);
  } finally {
    await page.close();
    await second.close();
    expect(await node.stop()).toBe(0);
  }
}

/** Step 2: both servers' models listed, grouped; any can be unticked, any chat model made the default. */
async function chooseModels(page: Page, locale: string, names: readonly string[]): Promise<void> {
  await page.getByTestId('wizard-next').click();
  const step2 = page.getByTestId('wizard-step-2');
  await step2.waitFor();
  expect(await step2.getByTestId('model-group').count()).toBe(2);
  const rows = await step2.getByTestId('model-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-model')));
  expect([...rows].sort()).toEqual([...FIRST, ...SECOND].sort());
  await step2.locator(`[data-testid="model-row"][data-model="${PRIVATE}"]`).getByTestId('model-offer').uncheck();
  await page.getByTestId('default-model').selectOption(DEFAULT);
  await lookEverywhere(page, `${locale}-wizard2-models`, locale, names);
}

/**
 * Step 3 with a public URL the host fixed: said to come from the host's command line or environment (nobody typed
 * it), and the directory's instant check of it headed as a check, its outcome the badge's words.
 */
async function passNetworkStep(
  page: Page,
  say: Say,
  locale: string,
  publicUrl: string,
  names: readonly string[],
): Promise<void> {
  await page.getByTestId('wizard-next').click();
  const step3 = page.getByTestId('wizard-step-3');
  await step3.waitFor();
  await expect
    .poll(() => step3.getByTestId('wizard-typed-endpoint').innerText(), { timeout: 15_000 })
    .toBe(say('setup.network.fixedEndpoint', { url: publicUrl }));
  await expectInstantCheck(step3, say);
  await lookEverywhere(page, `${locale}-wizard2-network`, locale, names);
}

/** Steps 4 to 6 passed as they come (the operator identity skipped), then the summary counting every model. */
async function passToSummary(page: Page, say: Say, locale: string, names: readonly string[]): Promise<void> {
  for (const step of [4, 5, 6]) {
    await page.getByTestId('wizard-next').click();
    await page.getByTestId(`wizard-step-${step}`).waitFor();
    if (step === 6) await page.getByTestId('wizard-step-6').getByLabel(say('setup.identity.skip')).check();
  }
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-step-7').waitFor();
  const summary = await page.getByTestId('wizard-summary').innerText();
  for (const m of OFFERED) expect(summary).toContain(m);
  expect(summary).not.toContain(PRIVATE);
  expect(summary).toContain(
    say('setup.start.offeredOf', {
      offered: new Intl.NumberFormat(locale).format(OFFERED.length),
      count: FIRST.length + SECOND.length,
    }),
  );
  await lookEverywhere(page, `${locale}-wizard2-summary`, locale, names);
}

/**
 * The directory's instant check where a page shows it: headed as a check, never as a dial that happened, with its
 * outcome as the badge's words. The test directory dials loopback, so the check reaches the node.
 */
async function expectInstantCheck(scope: Locator, say: Say): Promise<void> {
  const probe = scope.getByTestId('directory-probe');
  await probe.waitFor({ timeout: 20_000 });
  const outcome = (await probe.getAttribute('data-outcome')) as DirectoryProbe['outcome'];
  expect(outcome).toBe('reachable');
  expect(await probe.innerText()).toMatch(new RegExp(`^${escape(say('network.probe.heading'))}\\s`));
  expect(await probe.locator('[data-tone]').innerText()).toBe(say(PROBE_OUTCOME[outcome]));
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
