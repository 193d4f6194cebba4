/**
 * One operator across two computers, and earnings checked against the directory's signed record, end to end: two
 * built headless hosts (fake Ollama each) and one test directory that signs its event log with a real Ed25519 key.
 *
 *  a. Computer A's setup wizard creates the operator identity at its identity step; its fingerprint is shown.
 *  b. Computer B's wizard imports A's export file: with a wrong passphrase it says so at the passphrase field, with
 *     the right one it shows the same fingerprint as A.
 *  c. Both register as that operator. A serves tasks; the directory signs one award for less than A claimed. After
 *     "Verify now", A's Earnings page says what was verified and that one task differs, names that task with why,
 *     and shows the operator wallet summing both computers; the day table's Verified column follows the check, and an
 *     award after it is said at once as not checked yet.
 * Each screen is checked for sideways overflow and shot in light and dark, at 1366×768 and 900×600.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerRow, NodeSnapshot, OperatorInfo, VerificationInfo } from '@shared/contract';
import { CHECK_WORDS } from '@shared/words/verification-words';
import { artifactPath } from '../support/browser';
import { generateGenesisKey } from '../support/directory';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { WIDE } from '../support/page-layout';
import { checkThemesAndShoot, LAPTOP, SMALL } from '../support/theme-shots';

const MODEL = 'qwen2.5:7b';
const NAME = 'Ada’s Rigs';
const PASSPHRASE = 'correct horse battery staple';

let a: E2eNode;
let b: E2eNode;
let portA: number;

/** A host on its own loopback task port as public endpoint, setup not done (the wizard opens), the backend fixed. */
async function host(prefix: string, port: number, directoryUrl?: string): Promise<E2eNode> {
  return startE2eNode({
    dataPrefix: prefix,
    backend: { flavour: 'ollama', models: [MODEL] },
    completeSetup: false,
    ...(directoryUrl
      ? {}
      : {
          directory: {
            routabilityCheck: false,
            livenessProbe: false,
            heartbeatIntervalMs: 2_000,
            genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
          },
        }),
    env: {
      IICP_PORT: String(port),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${port}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
      ...(directoryUrl ? { IICP_DIRECTORY_URL: directoryUrl } : {}),
    },
  });
}

beforeAll(async () => {
  portA = await freePort();
  a = await host('iicp-e2e-operator-a-', portA);
  b = await host('iicp-e2e-operator-b-', await freePort(), a.directory!.url);
});

afterAll(async () => {
  expect(await b?.stop()).toBe(0);
  expect(await a?.stop()).toBe(0);
});

/** The wizard, opened by itself on a first run, walked with Next to its identity step (the server is fixed). */
async function identityStep(node: E2eNode): Promise<Page> {
  const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
  await page.goto(node.host.url);
  // A node given its LLM server by flags counts as set up and opens on the dashboard; the wizard is one link away.
  await page.evaluate("window.location.hash = '/setup'");
  const step1 = page.getByTestId('wizard-step-1');
  await step1.waitFor({ timeout: 15_000 });
  await expect
    .poll(() => page.locator('[data-testid="detect-candidate"][data-selected="true"]').count(), { timeout: 15_000 })
    .toBe(1);
  for (const n of [2, 3, 4, 5, 6]) {
    await page.getByTestId('wizard-next').click();
    await page.getByTestId(`wizard-step-${n}`).waitFor();
  }
  return page;
}

/** From the identity step on: Next, Start, and the dashboard. */
async function finishWizard(page: Page): Promise<void> {
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-step-7').waitFor();
  await page.getByTestId('wizard-start').click();
  await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/#\/dashboard$/);
}

const snapshot = (node: E2eNode) => node.callOk<NodeSnapshot>('getSnapshot');

async function serveTask(): Promise<string> {
  const taskId = randomUUID();
  const res = await fetch(`http://127.0.0.1:${portA}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: taskId,
      intent: 'urn:iicp:intent:llm:chat:v1',
      payload: { model: MODEL, messages: [{ role: 'user', content: 'Say hello.' }] },
    }),
  });
  expect(res.status, await res.text()).toBe(200);
  return taskId;
}

describe('one operator on two computers, and earnings checked against the signed record (Chromium)', () => {
  let fingerprint: string;

  it('a. the wizard creates the operator identity and shows its fingerprint', async () => {
    const page = await identityStep(a);
    try {
      const step = page.getByTestId('wizard-step-6');
      expect(await step.getAttribute('data-identity')).toBe('none');
      // Next says why it cannot go on before a choice is made.
      expect(await page.getByTestId('wizard-next').getAttribute('aria-disabled')).toBe('true');
      await checkThemesAndShoot(page, 'wizard-identity-choices', [SMALL]);
      await step.getByLabel('Create a new identity').check();
      await page.getByTestId('wizard-identity-create-name').fill(NAME);
      await page.getByTestId('wizard-identity-create-submit').click();
      const ready = page.getByTestId('wizard-identity-ready');
      await ready.waitFor({ timeout: 15_000 });
      expect(await ready.textContent()).toContain('Your operator identity is ready.');
      fingerprint = (await page.getByTestId('wizard-identity-fingerprint').textContent())!;
      expect(fingerprint).toMatch(/^[0-9a-f]{12}$/);
      expect(await ready.textContent()).toContain(`“${NAME}”`);
      const info = await a.callOk<OperatorInfo>('getOperator');
      expect(info).toMatchObject({ state: 'active', fingerprint, displayName: NAME });
      await checkThemesAndShoot(page, 'wizard-identity-created');
      await finishWizard(page);
    } finally {
      await page.close();
    }
  });

  it('b. another computer imports it: a wrong passphrase is said at its field, the right one shows the same fingerprint', async () => {
    const exported = await a.callOk<{ filename: string; text: string }>('exportOperator', { passphrase: PASSPHRASE });
    const page = await identityStep(b);
    try {
      const step = page.getByTestId('wizard-step-6');
      await step.getByLabel('Import the identity from another computer').check();
      await page
        .getByTestId('wizard-identity-import-file')
        .setInputFiles({ name: exported.filename, mimeType: 'application/json', buffer: Buffer.from(exported.text) });
      await expect.poll(() => step.textContent()).toContain(`Chosen: ${exported.filename}`);

      const passphrase = page.getByTestId('wizard-identity-import-passphrase');
      await passphrase.fill('not the passphrase');
      await page.getByTestId('wizard-identity-import-submit').click();
      await expect.poll(() => passphrase.getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true');
      expect(await step.textContent()).toContain(
        'This passphrase does not open the file. Type the passphrase it was exported with.',
      );
      expect((await b.callOk<OperatorInfo>('getOperator')).state).toBe('none');
      await checkThemesAndShoot(page, 'wizard-identity-wrong-passphrase');

      await passphrase.fill(PASSPHRASE);
      await page.getByTestId('wizard-identity-import-submit').click();
      const ready = page.getByTestId('wizard-identity-ready');
      await ready.waitFor({ timeout: 30_000 });
      expect(await ready.textContent()).toContain('Your operator identity was imported.');
      expect(await page.getByTestId('wizard-identity-fingerprint').textContent()).toBe(fingerprint);
      expect(await b.callOk<OperatorInfo>('getOperator')).toMatchObject({
        state: 'active',
        fingerprint,
        displayName: NAME,
      });
      await checkThemesAndShoot(page, 'wizard-identity-imported');
      await finishWizard(page);
    } finally {
      await page.close();
    }
  });

  it('c. Earnings says what the signed record verifies, names the task that differs with why, and shows the wallet of both', async () => {
    // Both computers registered and bound to the one operator.
    for (const node of [a, b]) {
      await eventually(async () => {
        const s = await snapshot(node);
        expect(s.directory.link).toBe('registered');
        expect(s.operator.directory).toBe('bound');
      }, 30_000);
    }
    const directory = a.directory!;
    const awarded = async (n: number) =>
      eventually(
        async () =>
          expect(
            (await a.callOk<LedgerRow[]>('listLedger', { limit: 10 })).filter((r) => r.receipt === 'awarded'),
          ).toHaveLength(n),
        30_000,
      );
    await serveTask();
    await serveTask();
    await awarded(2);
    // The directory signs the next award for less than the node claims.
    directory.events.tamper({ kind: 'awarded_less' });
    const less = await serveTask();
    await awarded(3);
    const synced = await a.callOk<NodeSnapshot>('syncEarnings');
    expect(synced.earnings.operatorWallet).toMatchObject({ nodeCount: 2, fingerprint });

    const page = await a.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
    try {
      await page.goto(a.host.url);
      await page.getByRole('link', { name: 'Earnings', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Earnings' }).waitFor({ timeout: 15_000 });
      // "Verify now", as the person would.
      await page.getByTestId('verify-now').click();
      const card = page.getByTestId('verification');
      await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
      const v = await a.callOk<VerificationInfo>('verifyEarnings', {});
      expect(v.verified.count).toBe(2);
      expect(v.differences).toEqual([expect.objectContaining({ check: 'awarded_less', count: 1 })]);
      expect(await card.getAttribute('data-match')).toBe('false');
      const sentence = (await page.getByTestId('verification-sentence').textContent())!.replace(/\u00a0/g, ' ');
      expect(sentence).toMatch(
        /^Verified against the directory’s signed record: 2 awards, 0\.\d+ credits; 1 task differs\.$/,
      );
      expect(await page.getByTestId('verification-differences').textContent()).toMatch(
        /1 task: awarded less \(0\.\d+ credits?\)\./,
      );

      // The task that differs, with what was claimed, what the signed award pays, and why.
      const row = page.locator(`[data-testid="award-difference"][data-task-id="${less}"]`);
      await row.waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('award-difference').count()).toBe(1);
      expect(await row.getAttribute('data-check')).toBe('awarded_less');
      const rowText = (await row.textContent())!;
      expect(rowText).toContain(CHECK_WORDS.awarded_less.label);
      expect(rowText).toContain(CHECK_WORDS.awarded_less.why);

      // The operator wallet: both computers, the same fingerprint as the wizard showed.
      expect(await page.getByTestId('operator-wallet-nodes').textContent()).toMatch(/^2 computers?$/);
      expect(await page.getByTestId('operator-wallet-fingerprint').textContent()).toBe(fingerprint);
      // The two cards on their own, for a closer look than the full-page shots give.
      await page.setViewportSize(LAPTOP);
      await page
        .getByTestId('verification-card')
        .screenshot({ path: artifactPath('e2e', 'earnings-verification-card.png') });
      await page
        .getByTestId('operator-wallet')
        .screenshot({ path: artifactPath('e2e', 'earnings-operator-wallet.png') });
      await checkThemesAndShoot(page, 'earnings-verified');

      // The day table's Verified column followed that check without the page being left and opened again.
      const verifiedCell = page.getByTestId('reconciliation-verified').first();
      await expect
        .poll(async () => Number(await verifiedCell.getAttribute('data-verified')), { timeout: 15_000 })
        .toBeCloseTo(Number(v.verified.credits), 6);
      expect(await verifiedCell.textContent()).toContain('1 task differs');

      // An award after the check: the verdict says how much it covers at once, and that the newer award is unchecked.
      await serveTask();
      await awarded(4);
      const words = async (testId: string) =>
        ((await page.getByTestId(testId).textContent()) ?? '').replace(/\u00a0/g, ' ');
      await expect
        .poll(() => words('verification-sentence'), { timeout: 15_000 })
        .toMatch(
          /^3 of 4 awards checked against the directory’s signed record: 2 awards verified \(0\.\d+ credits?\); 1 task differs\.$/,
        );
      expect(await card.getAttribute('data-unchecked')).toBe('1');
      expect(await words('verification-unchecked')).toMatch(
        /^1 newer award is not checked yet \(0\.\d+ credits?\); the next check includes them\.$/,
      );
      expect(await words('verification-checked-at')).toMatch(/^Checked at .+\.$/);
    } finally {
      await page.close();
    }
  });
});
