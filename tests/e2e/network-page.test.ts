/**
 * The Network page of a real provider node: the built headless host with a fake Ollama behind it and the test
 * directory, the page in Chromium at 1280×800 (layout also checked at 800×600). Router discovery is off (the
 * host network has no router), so the ladder finds nothing by itself:
 *
 *  a. nothing found (local_only): the page says "not reachable", names the task port and this computer's LAN
 *     address (or says it is unknown), lists the detection steps, and "Check again" re-runs the ladder;
 *  b. an invalid URL in the manual form is refused at the field and not saved; a public URL nothing answers on
 *     is saved, the directory's dial-back fails (IICP-E036) and the page says so in the directory's words;
 *  c. the node's own loopback task port as its public URL (the host allows private endpoints, the directory
 *     skips its routability rule but still dials back): public, and confirmed by the directory;
 *  d. settings fixed for this run by the host (IICP_PORT_MAPPING=off from the test harness, IICP_BACKEND_URL,
 *     IICP_DIRECTORY_URL) are shown read-only with a note on the Settings page, and an unrelated change saves.
 *
 * Port mapping is fixed to off for this run, so the manual form shows its select disabled with the note.
 *
 * The mapped state needs a router; a separate test feeds a handcrafted snapshot with a router mapping and a
 * NAT warning to the page through a stand-in `window.provider`, to check how that renders.
 */
import { english } from '@shared/i18n/say';
import { inEnglish } from '../support/said-english';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, NodeSnapshot, ReachabilityInfo, Settings } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { artifactPath, overflowingElements } from '../support/browser';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { checkLayoutAndShoot, WIDE } from '../support/page-layout';
import { installStubProvider } from '../support/stub-provider';

const MODELS = ['qwen2.5:7b'];
/** Routable (outside 100.64.0.0/10), not a documentation range, and nothing answers on port 9 there. */
const DEAD_PUBLIC_URL = 'http://100.128.0.9:9';

let node: E2eNode;

/** Polls the engine until `pred` holds for its snapshot. */
async function snapshotWhere(pred: (s: NodeSnapshot) => boolean, timeoutMs = 20_000): Promise<NodeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await node.callOk<NodeSnapshot>('getSnapshot');
    if (pred(s)) return s;
    if (Date.now() > deadline)
      throw new Error(
        `timed out; last reachability: ${JSON.stringify(s.reachability)}, directory: ${JSON.stringify(s.directory)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openNetworkPage(): Promise<Page> {
  const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
  await page.goto(node.host.url);
  await page.getByRole('link', { name: 'Network', exact: true }).click();
  await page.getByTestId('network-status').waitFor({ timeout: 15_000 });
  return page;
}

const statusOf = (page: Page) => page.getByTestId('network-status').getAttribute('data-status');

const FIXED_NOTE = "Set for this run by the host's command line or environment.";

/** The field's "fixed for this run" note: visible, in words, and tied to the control by aria-describedby. */
async function expectFixedNote(page: Page, control: Locator): Promise<void> {
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const notes = [];
  for (const id of ids) {
    const el = page.locator(`[id="${id}"]`);
    if ((await el.getAttribute('data-testid')) === 'field-fixed-note') notes.push(el);
  }
  expect(notes).toHaveLength(1);
  expect(await notes[0]!.isVisible()).toBe(true);
  expect((await notes[0]!.textContent())!.trim()).toBe(FIXED_NOTE);
}

/** How many "fixed" notes the control's description points at. */
async function fixedNotesOf(page: Page, control: Locator): Promise<number> {
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  let n = 0;
  for (const id of ids)
    if ((await page.locator(`[id="${id}"]`).getAttribute('data-testid')) === 'field-fixed-note') n++;
  return n;
}

/** The field's own error, found as the control points at it (aria-describedby). */
async function errorOf(page: Page, control: Locator): Promise<string | null> {
  const id = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').find((i) => i.endsWith('-error'));
  return id ? page.locator(`[id="${id}"]`).textContent() : null;
}

beforeAll(async () => {
  // Setup counts as done (a fresh data folder would open the wizard); this test is about the Network page.
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-network-',
    backend: { flavour: 'ollama', models: MODELS },
    // The routability rule (IICP-E035) would refuse a loopback endpoint before the dial-back; the dial-back stays on.
    // The directory's active reachability probe (what "confirmed" rests on) every 500 ms instead of every 5 min.
    directory: { routabilityCheck: false, livenessProbe: true, activeProbeIntervalMs: 500 },
    env: { IICP_ALLOW_PRIVATE_ENDPOINT: '1' },
  });
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

describe('Network page of a real node (Chromium, 1280×800 and 800×600)', () => {
  it('a. nothing found: not reachable, what to do with the task port and LAN address, the steps, and Check again', async () => {
    const snap = await snapshotWhere(
      (s) =>
        s.reachability.status === 'local_only' && s.reachability.steps.length > 0 && s.reachability.taskPort !== null,
    );
    const r = snap.reachability;
    expect(r.verified).toBe(false);
    expect(r.endpoint).toBeNull();

    const page = await openNetworkPage();
    try {
      const status = page.getByTestId('network-status');
      await expect.poll(() => statusOf(page)).toBe('local_only');
      expect(await status.getAttribute('data-verified')).toBe('false');
      expect(await status.getAttribute('aria-live')).toBe('polite');
      const statusText = (await status.textContent())!;
      expect(statusText).toContain('Not reachable from the internet');
      expect(statusText).not.toMatch(/Confirmed by the directory/);
      if (r.message) expect(statusText).toContain(english.said(r.message));

      expect((await page.getByTestId('network-endpoint').textContent())!.trim()).toBe('None yet');
      expect((await page.getByTestId('network-method').textContent())!.trim()).toBe('No way in found');
      const lan = (await page.getByTestId('network-local-address').textContent())!.trim();
      expect(lan).toBe(r.localAddress ?? 'Unknown');
      expect(await page.getByTestId('network-mapping').count()).toBe(0);
      expect(await page.getByTestId('network-nat-warning').count()).toBe(0);

      // What to do: forward the real task port to this computer's LAN address (or say it is unknown), or a tunnel.
      const guidance = (await page.getByTestId('network-guidance').textContent())!;
      expect(guidance).toContain(`TCP port ${r.taskPort}`);
      if (r.localAddress) expect(guidance).toContain(r.localAddress);
      else expect(guidance).toMatch(/LAN address is unknown/);
      expect(guidance).toMatch(/tunnel/);

      // The steps, oldest first, folded away until opened; each row shows a compact time and the step's words.
      const steps = page.getByTestId('network-steps');
      expect(await steps.evaluate((d: { open?: boolean }) => d.open)).toBe(false);
      await steps.locator('summary').click();
      const rows = steps.getByTestId('network-step');
      await expect.poll(() => rows.count()).toBe(r.steps.length);
      for (let i = 0; i < r.steps.length; i++) {
        const text = (await rows.nth(i).textContent())!;
        // Each step is its time and its sentence, said in the page's language.
        const { at: stamp, words: sentence } = r.steps[i]!;
        const words = english.said(sentence);
        expect(text).toContain(words.slice(0, 24));
        // The time is shown compactly (the full ISO stamp is in the tooltip only).
        expect(text).not.toContain(stamp);
        expect(await rows.nth(i).locator('time').getAttribute('datetime')).toBe(stamp);
      }

      // The manual form shows what is stored.
      const form = page.getByTestId('network-manual-form');
      expect(await form.getByTestId('public-url-input').inputValue()).toBe('');
      expect(await form.getByTestId('port-mapping-mode').inputValue()).toBe('off');
      expect(await form.getByLabel('Router port mapping').count()).toBe(1);

      // Port mapping is fixed for this run (IICP_PORT_MAPPING=off): disabled, with the note tied to it.
      const mode = form.getByTestId('port-mapping-mode');
      await expect.poll(() => mode.isDisabled()).toBe(true);
      await expectFixedNote(page, mode);
      // The public URL is not fixed: editable, without the note.
      const publicUrl = form.getByTestId('public-url-input');
      expect(await publicUrl.isEditable()).toBe(true);
      expect(await fixedNotesOf(page, publicUrl)).toBe(0);

      await checkLayoutAndShoot(page, 'network-local-only');

      // Check again: the ladder runs again and comes back with the same answer, without an error.
      const versionBefore = (await node.callOk<NodeSnapshot>('getSnapshot')).version;
      await page.getByTestId('network-recheck').click();
      await snapshotWhere((s) => s.version > versionBefore && s.reachability.status === 'local_only');
      await expect.poll(() => statusOf(page), { timeout: 15_000 }).toBe('local_only');
      expect(await page.getByTestId('network-recheck-result').textContent()).toBe('');
    } finally {
      await page.close();
    }
  });

  it("b. an invalid URL is refused at the field; a public URL nothing answers on is not reachable, in the directory's words", async () => {
    const page = await openNetworkPage();
    try {
      const input = page.getByTestId('public-url-input');
      await expect.poll(() => statusOf(page)).toBe('local_only');

      // Typos: refused at the field, nothing is saved.
      for (const typo of ['my-node.example.net:9484', 'ftp://my-node.example.net']) {
        await input.fill(typo);
        await page.getByTestId('network-save').click();
        await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
        expect(await errorOf(page, input)).toMatch(/http:\/\/ or https:\/\//);
        expect(await node.callOk<Settings>('getSettings')).toMatchObject({ publicEndpoint: null });
      }
      expect(await page.getByTestId('network-save-status').textContent()).not.toMatch(/Saved/);
      await checkLayoutAndShoot(page, 'network-invalid-url');

      // A routable address nothing answers on: saved, then the directory's dial-back fails.
      await input.fill(DEAD_PUBLIC_URL);
      expect(await input.getAttribute('aria-invalid')).toBeNull();
      await page.getByTestId('network-save').click();
      await expect.poll(() => page.getByTestId('network-save-status').textContent()).toMatch(/Saved/);
      expect(await node.callOk<Settings>('getSettings')).toMatchObject({ publicEndpoint: DEAD_PUBLIC_URL });

      const snap = await snapshotWhere(
        (s) => s.reachability.status === 'not_reachable' && s.reachability.endpoint === DEAD_PUBLIC_URL,
        30_000,
      );
      expect(snap.reachability.verified).toBe(false);
      expect(snap.reachability.method).toBe('public_url');
      expect(node.directory!.state.probes.some((p) => p.url.startsWith(DEAD_PUBLIC_URL) && !p.ok)).toBe(true);

      const status = page.getByTestId('network-status');
      await expect.poll(() => statusOf(page), { timeout: 15_000 }).toBe('not_reachable');
      expect(await status.getAttribute('data-verified')).toBe('false');
      await expect
        .poll(() => status.textContent())
        .toContain(snap.reachability.message ? english.said(snap.reachability.message) : 'Not reachable');
      const statusText = (await status.textContent())!;
      expect(statusText).toContain('Not reachable from the internet');
      // The directory's words: it could not reach the address.
      expect(`${statusText} ${inEnglish(snap.directory.message) ?? ''}`).toMatch(/directory could not reach/i);
      expect(statusText).toMatch(/directory could not reach/i);
      expect((await page.getByTestId('network-endpoint').textContent())!).toContain(DEAD_PUBLIC_URL);
      expect((await page.getByTestId('network-method').textContent())!.trim()).toBe('Your public URL');
      const guidance = (await page.getByTestId('network-guidance').textContent())!;
      expect(guidance).toContain(DEAD_PUBLIC_URL);
      expect(guidance).toContain(`TCP port ${snap.reachability.taskPort}`);

      await checkLayoutAndShoot(page, 'network-not-reachable');
    } finally {
      await page.close();
    }
  });

  it("c. the node's own task port as its public URL: public and confirmed by the directory", async () => {
    const before = await node.callOk<NodeSnapshot>('getSnapshot');
    const ownUrl = `http://127.0.0.1:${before.reachability.taskPort}`;
    const page = await openNetworkPage();
    try {
      const input = page.getByTestId('public-url-input');
      await expect.poll(() => input.inputValue()).toBe(DEAD_PUBLIC_URL);
      await input.fill(ownUrl);
      await page.getByTestId('network-save').click();
      await expect.poll(() => page.getByTestId('network-save-status').textContent()).toMatch(/Saved/);

      const snap = await snapshotWhere(
        (s) => s.reachability.status === 'public' && s.reachability.verified && s.reachability.endpoint === ownUrl,
        30_000,
      );
      expect(snap.reachability.method).toBe('public_url');
      expect(snap.directory.link).toBe('registered');
      expect(node.directory!.state.probes.some((p) => p.url.startsWith(ownUrl) && p.ok)).toBe(true);

      const status = page.getByTestId('network-status');
      await expect.poll(() => status.getAttribute('data-verified'), { timeout: 15_000 }).toBe('true');
      expect(await statusOf(page)).toBe('public');
      const statusText = (await status.textContent())!;
      expect(statusText).toContain('Reachable from the internet');
      expect(statusText).toContain('Confirmed by the directory');
      expect(statusText).not.toMatch(/Not confirmed yet/);
      expect((await page.getByTestId('network-endpoint').textContent())!).toContain(ownUrl);
      expect((await page.getByTestId('network-method').textContent())!.trim()).toBe('Your public URL');
      expect(await page.getByTestId('network-guidance').count()).toBe(0);

      await checkLayoutAndShoot(page, 'network-public-verified');

      // The dashboard's Reachability card agrees and links here.
      await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      const reach = page.getByTestId('reachability-status');
      await reach.waitFor();
      expect(await reach.getAttribute('data-verified')).toBe('true');
      expect(await reach.textContent()).toContain('Reachable from the internet');
      expect(await reach.textContent()).not.toMatch(/not confirmed/);
      expect(await page.getByTestId('reachability-link').getAttribute('href')).toBe('#/network');
    } finally {
      await page.close();
    }
  });

  it('d. settings fixed for this run are read-only with a note; an unrelated change still saves', async () => {
    const info = await node.callOk<AppInfo>('getAppInfo');
    expect([...info.fixedSettings].sort()).toEqual(['backendUrl', 'directoryUrl', 'portMapping']);
    // The engine refuses a different value for a fixed field, naming the field.
    const refused = await node.client.call('updateSettings', { portMapping: 'auto' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_request',
        issues: [{ path: 'portMapping', message: expect.stringMatching(/Fixed for this run/) }],
      },
    });
    const before = await node.callOk<Settings>('getSettings');

    const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const form = page.getByRole('form', { name: 'Node settings' });
      await form.waitFor({ timeout: 15_000 });

      // Fixed: shown as the host has them, read-only (focusable, not editable), each with the note.
      for (const [label, value] of [
        ['Directory URL', before.directoryUrl],
        ['Local LLM server', before.backendUrl],
      ] as const) {
        const input = form.getByLabel(label, { exact: true });
        await expect.poll(() => input.getAttribute('readonly')).not.toBeNull();
        expect(await input.inputValue()).toBe(value);
        expect(await input.isEditable()).toBe(false);
        await expectFixedNote(page, input);
      }
      // Not fixed: editable, no note.
      const name = form.getByLabel('Display name', { exact: true });
      expect(await name.isEditable()).toBe(true);
      expect(await fixedNotesOf(page, name)).toBe(0);
      expect(await form.getByTestId('field-fixed-note').count()).toBe(2);

      await checkLayoutAndShoot(page, 'settings-fixed-fields');

      // An unrelated change saves; the fixed fields are not sent, so the host does not refuse it.
      await name.fill('Fixed-flags node');
      await form.getByRole('button', { name: 'Save changes' }).click();
      // The save's own status line (the model picker has a status line of its own).
      await expect
        .poll(() => form.getByRole('button', { name: 'Save changes' }).locator('..').getByRole('status').textContent())
        .toBe('Saved.');
      expect(await form.getByRole('alert').count()).toBe(0);
      const after = await node.callOk<Settings>('getSettings');
      expect(after).toMatchObject({
        displayName: 'Fixed-flags node',
        directoryUrl: before.directoryUrl,
        backendUrl: before.backendUrl,
        portMapping: 'off',
      });
    } finally {
      await page.close();
    }
  });

  it('e. the setup wizard keeps the LLM server the host fixed, and finishes without being refused', async () => {
    const before = await node.callOk<Settings>('getSettings');
    const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Run setup again' }).click();

      // Step 1: the fixed server is said so, chosen, and no other address can be added.
      const step1 = page.getByTestId('wizard-step-1');
      await step1.waitFor({ timeout: 15_000 });
      await expect.poll(() => step1.getAttribute('data-detection'), { timeout: 15_000 }).toBe('done');
      const note = page.getByTestId('detect-fixed');
      expect(await note.textContent()).toContain(before.backendUrl!);
      expect(await note.textContent()).toMatch(/set for this run by the host's command line or environment/);
      const fixedCard = page.locator(`[data-testid="detect-candidate"][data-url="${before.backendUrl}"]`);
      await expect.poll(() => fixedCard.getAttribute('data-selected')).toBe('true');
      const noteId = (await note.getByTestId('field-fixed-note').getAttribute('id'))!;
      expect(await page.getByRole('radiogroup', { name: 'LLM servers found' }).getAttribute('aria-describedby')).toBe(
        noteId,
      );
      expect(await page.getByTestId('add-server-url').count()).toBe(0);
      // Any other server found on this machine is listed but cannot be chosen.
      for (const other of await page.locator('[data-testid="detect-candidate"]:not([data-selected="true"])').all()) {
        expect(await other.getAttribute('data-locked')).toBe('true');
        expect(await other.getByRole('radio').isDisabled()).toBe(true);
      }
      expect(await overflowingElements(page)).toEqual([]);
      await page.screenshot({ path: artifactPath('e2e', 'wizard-fixed-server.png') });

      for (const n of [2, 3, 4, 5, 6, 7]) {
        await page.getByTestId('wizard-next').click();
        await page.getByTestId(`wizard-step-${n}`).waitFor();
        // The operator identity step: this computer goes on without one.
        if (n === 6) await page.getByTestId('wizard-step-6').getByLabel('Skip for now').check();
      }
      await page.getByTestId('wizard-start').click();
      await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/#\/dashboard$/);
      expect(await page.getByTestId('wizard-error').count()).toBe(0);
      expect(await node.callOk<Settings>('getSettings')).toMatchObject({ backendUrl: before.backendUrl });
    } finally {
      await page.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// The mapped state, from a handcrafted snapshot
// ---------------------------------------------------------------------------------------------------

/** A router mapping held over UPnP, 90 of 120 minutes left, behind a carrier-grade NAT. */
function mappedReachability(now: number): ReachabilityInfo {
  const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  return {
    status: 'mapped',
    rungWords: said('network.rung.mapped'),
    relay: null,
    tunnel: null,
    pinhole: null,
    check: { running: false, last: null, probe: null },
    verified: false,
    verifiedAt: null,
    method: 'upnp',
    endpoint: 'http://100.72.3.4:41234',
    message: said('network.message.registered'),
    taskPort: 9484,
    localAddress: '192.168.1.20',
    routerExternalIp: '100.72.3.4',
    natWarning: said('network.natWarning.cgnat', { address: '100.72.3.4' }),
    mapping: {
      protocol: 'upnp',
      state: 'mapped',
      externalAddress: '100.72.3.4:41234',
      internalPort: 9484,
      leaseSeconds: 7200,
      leaseRemainingSeconds: 5400,
      lastRenewalAt: iso(-30 * 60_000),
      nextAttemptAt: iso(30 * 60_000),
      consecutiveFailures: 1,
      lastError: said('ladder.error.refused', { detail: '718 ConflictInMappingEntry' }),
    },
    transportMethod: 'upnp',
    exposureMode: 'mapped',
    steps: [
      { at: iso(-40_000), words: said('ladder.mapping.reports', { protocol: 'UPnP', address: '100.72.3.4' }) },
      {
        at: iso(-38_000),
        words: said('ladder.mapping.installed', { address: '100.72.3.4:41234', port: '9484', seconds: '7200' }),
      },
    ],
  };
}

describe('Network page, mapped state (handcrafted snapshot through a stand-in window.provider)', () => {
  it('shows the router mapping, the lease counting down, the NAT warning and an unconfirmed claim', async () => {
    const real = await node.callOk<NodeSnapshot>('getSnapshot');
    const settings = await node.callOk<Settings>('getSettings');
    const snap: NodeSnapshot = {
      ...real,
      emittedAt: new Date().toISOString(),
      reachability: mappedReachability(Date.now()),
    };
    const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
    try {
      await installStubProvider(page, snap, { ...settings, portMapping: 'auto' }, { recheckReachability: snap });
      await page.goto(`${node.host.url.split('#')[0]}#/network`);
      const status = page.getByTestId('network-status');
      await status.waitFor({ timeout: 15_000 });
      expect(await status.getAttribute('data-status')).toBe('mapped');
      expect(await status.getAttribute('data-verified')).toBe('false');
      const statusText = (await status.textContent())!;
      expect(statusText).toContain("Reachable only through the router's port mapping");
      expect(statusText).toContain('Not yet confirmed reachable');
      expect(statusText).not.toContain('Confirmed by the directory');

      expect((await page.getByTestId('network-method').textContent())!.trim()).toBe('UPnP port mapping on your router');
      expect(await page.getByTestId('network-nat-warning').textContent()).toContain('carrier-grade NAT');

      const mapping = page.getByTestId('network-mapping');
      expect((await mapping.getByTestId('mapping-protocol').textContent())!.trim()).toBe('UPnP');
      expect((await mapping.getByTestId('mapping-state').textContent())!.trim()).toBe('Port open on the router');
      expect(await mapping.getByTestId('mapping-external').textContent()).toContain('100.72.3.4:41234');
      expect(await mapping.getByTestId('mapping-renewed').textContent()).toBe('30 min ago');
      expect(await mapping.textContent()).toContain('ConflictInMappingEntry');
      // 5400 s left at emittedAt: "1 h 29 min …" of 2 h, and it keeps counting down between snapshots.
      const lease = mapping.getByTestId('mapping-lease');
      const first = (await lease.textContent())!;
      expect(first).toMatch(/^1 h (29|30) min \d\d s of 2 h$/);
      await expect.poll(() => lease.textContent(), { timeout: 5_000 }).not.toBe(first);

      await checkLayoutAndShoot(page, 'network-mapped-handcrafted');
    } finally {
      await page.close();
    }
  });
});
