/**
 * The engine in its own process under the headless host (`npm run headless`, built): killed with SIGKILL under load
 * and while writing, frozen, and killed over and over. The host stays up and answers throughout, the dashboard page
 * that was open carries on by itself, nothing the node acknowledged is lost, the node lock keeps a second engine out,
 * and a crash loop ends in a plain problem with "Restart now" instead of restarting for ever.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineProcessInfo, LedgerRow, NodeSnapshot, Settings } from '@shared/contract';
import { pidAlive } from '@engine/identity/instance-lock';
import { artifactPath } from '../support/browser';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { chatTask, http } from '../support/node-harness';

let node: E2eNode;
let taskPort: number;
let page: Page;

const snapshot = () => node.callOk<NodeSnapshot>('getSnapshot');
const processInfo = async (): Promise<EngineProcessInfo> => (await snapshot()).engineProcess;

/** Waits until the host reports an engine running with another pid than `old`, and returns its pid. */
async function newEngine(old: number, timeoutMs = 30_000): Promise<number> {
  const info = await eventually(async () => {
    const p = await processInfo();
    expect(p.state).toBe('running');
    expect(p.pid).not.toBe(old);
    return p;
  }, timeoutMs);
  return info.pid!;
}

const serving = async () => {
  const s = await snapshot();
  expect(s.directory.link).toBe('registered');
  expect(s.backend.status).toBe('healthy');
};

/** GET on the dashboard's own page, straight to the host: its answer time says whether the host is responsive. */
function dashboardGet(): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: node.host.port, path: '/' }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
    });
    req.once('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-supervision-',
    backend: { flavour: 'ollama', models: ['qwen2.5:7b'], latencyMs: 15 },
    directory: { routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1_000, rateLimitPerMinute: 1_000 },
    env: {
      // A fixed task port: every new engine binds the same one, as a real node does.
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
      IICP_MAX_CONCURRENT: '4',
      // SIGUSR2 freezes the engine's loop (test hook, off unless set).
      IICP_ENGINE_TEST_HOOKS: '1',
    },
  });
  await eventually(serving, 30_000);
  page = await node.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(node.host.url);
  await page.getByTestId('node-state').filter({ hasText: 'Serving the network' }).waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await page?.close();
  const hostRunning = node?.host.child.exitCode === null && node.host.child.signalCode === null;
  const pid = hostRunning ? ((await processInfo().catch(() => null))?.pid ?? null) : null;
  // A clean stop: the host drains the engine and stops it; no engine process outlives its host.
  expect(await node?.stop()).toBe(0);
  if (pid !== null) expect(pidAlive(pid)).toBe(false);
});

describe('the engine in its own process, supervised by the headless host', () => {
  it('comes back after SIGKILL under load and while writing, with nothing acknowledged lost', async () => {
    const first = (await processInfo()).pid!;
    expect(first).not.toBe(node.host.child.pid);
    const before = node.client.snapshots.length;

    // Four consumers back to back, and settings written one after the other, all through the kill.
    const answered = new Set<string>();
    const refused: number[] = [];
    let stop = false;
    const consumers = [0, 1, 2, 3].map(async () => {
      while (!stop) {
        const id = randomUUID();
        try {
          const r = await http(`http://127.0.0.1:${taskPort}/v1/task`, { body: chatTask(id) });
          if (r.status === 200) answered.add(id);
          else refused.push(r.status);
        } catch {
          // the engine died under this request (connection reset or refused): nothing was acknowledged
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    });
    let acked = -1;
    let attempted = -1;
    const unavailable: string[] = [];
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        attempted = i;
        const r = await node.client.call('updateSettings', { displayName: `supervised-${i}` });
        if (r.ok) acked = i;
        else if (r.error.code === 'engine_unavailable') unavailable.push(r.error.message);
        else throw new Error(`updateSettings: ${r.error.code} ${r.error.message}`);
      }
    })();

    await eventually(() => {
      expect(answered.size).toBeGreaterThanOrEqual(20);
      expect(acked).toBeGreaterThanOrEqual(5);
    }, 30_000);
    const answeredBeforeKill = new Set(answered);
    process.kill(first, 'SIGKILL');
    const second = await newEngine(first);
    // Serving again: tasks after the restart are answered by the new engine.
    const countAfter = answered.size;
    await eventually(() => expect(answered.size).toBeGreaterThanOrEqual(countAfter + 20), 30_000);
    stop = true;
    await Promise.all([...consumers, writer]);

    // The host said so meanwhile: a snapshot with the process restarting, then running again.
    const states = node.client.snapshots.slice(before).map((s) => s.engineProcess.state);
    expect(states).toContain('restarting');
    expect(states.at(-1)).toBe('running');
    expect(unavailable.every((m) => /restarting/.test(m))).toBe(true);
    expect(refused.every((s) => s === 429 || s === 503)).toBe(true);

    // Nothing acknowledged is lost: every task answered 200 has its ledger row, the last setting acknowledged holds.
    const rows = await node.callOk<LedgerRow[]>('listLedger', { limit: 500 });
    const inLedger = new Set(rows.map((r) => r.taskId));
    const pages: LedgerRow[] = [...rows];
    while (pages.length % 500 === 0 && pages.length > 0) {
      const more = await node.callOk<LedgerRow[]>('listLedger', { limit: 500, beforeId: pages.at(-1)!.id });
      if (more.length === 0) break;
      pages.push(...more);
      for (const r of more) inLedger.add(r.taskId);
    }
    const missing = [...answered].filter((id) => !inLedger.has(id));
    expect(
      missing,
      `${missing.length} of ${answered.size} answered tasks (${answeredBeforeKill.size} before the kill) have no ledger row`,
    ).toEqual([]);
    const settings = await node.callOk<Settings>('getSettings');
    const shown = Number(settings.displayName.replace('supervised-', ''));
    expect(shown).toBeGreaterThanOrEqual(acked);
    expect(shown).toBeLessThanOrEqual(attempted);

    // The engine said in its own log why it was started again.
    const events = await node.callOk<{ event: string; details: string }[]>('listEvents', { limit: 200 });
    expect(
      events.some(
        (e) => e.event === 'engine_restarted' && /stopped unexpectedly \(ended by signal SIGKILL\)/.test(e.details),
      ),
    ).toBe(true);

    // The page open all along carried on by itself: it shows the node serving again, no reload needed.
    await page.getByTestId('node-state').filter({ hasText: 'Serving the network' }).waitFor({ timeout: 20_000 });
    expect(second).not.toBe(first);
  });

  it('notices a frozen engine within seconds, replaces it within 10 s, and stays responsive meanwhile', async () => {
    const frozen = (await processInfo()).pid!;
    const frozenAt = Date.now();
    process.kill(frozen, 'SIGUSR2');
    // While the engine's loop is blocked, the host answers: its own page, and its own commands.
    const probes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const got = await dashboardGet();
      expect(got.status).toBe(200);
      probes.push(got.ms);
      const status = await node.client.call('getUpdateStatus');
      expect(status).toMatchObject({ ok: true, value: { supported: false } });
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(Math.max(...probes)).toBeLessThan(2_000);
    const replacement = await newEngine(frozen, 20_000);
    const recoveredMs = Date.now() - frozenAt;
    console.log(`[supervision] frozen engine ${frozen} replaced by ${replacement} after ${recoveredMs} ms`);
    expect(recoveredMs).toBeLessThanOrEqual(10_000);
    expect(pidAlive(frozen)).toBe(false);
    await eventually(serving, 30_000);
    const events = await node.callOk<{ event: string; details: string }[]>('listEvents', { limit: 50 });
    expect(events.some((e) => e.event === 'engine_restarted' && /stopped answering for \d+ s/.test(e.details))).toBe(
      true,
    );
  });

  it('keeps a second engine off the node: another host on the same data folder exits 73 naming the running engine', async () => {
    const engine = (await processInfo()).pid!;
    const second = spawn(process.execPath, ['out/main/headless.js'], {
      env: {
        ...process.env,
        IICP_HOME: node.data.dir,
        IICP_HOST: '127.0.0.1',
        IICP_PORT: '0',
        IICP_UI_PORT: '0',
        IICP_PORT_MAPPING: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    second.stdout.on('data', (d: Buffer) => (out += d.toString()));
    second.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(73);
    expect(out).toContain(`already being served by another process (PID ${engine})`);
    expect((await processInfo()).pid).toBe(engine);
  });

  it('ends a crash loop in a plain problem with "Restart now", and starts again when asked', async () => {
    let info = await processInfo();
    for (let kills = 0; info.state !== 'failed'; kills++) {
      expect(kills).toBeLessThan(6);
      process.kill(info.pid!, 'SIGKILL');
      info = await eventually(async () => {
        const p = await node.client.call('getUpdateStatus').then(() => processInfo().catch(() => null));
        const latest = node.client.snapshots.at(-1)!.engineProcess;
        if (latest.state === 'failed') return latest;
        expect(p?.state).toBe('running');
        expect(p?.pid).not.toBe(info.pid);
        return p!;
      }, 30_000);
    }
    expect(info.message).toMatch(
      /^The node stopped unexpectedly 6 times within a minute, so it is not restarted again by itself\./,
    );
    // It stays down: no engine runs, commands say why, the host still answers.
    await expect(node.client.call('getSettings')).resolves.toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable' },
    });
    expect((await dashboardGet()).status).toBe(200);

    const sentence = page.getByTestId('node-state');
    await sentence.filter({ hasText: 'The node has stopped' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.title()).toContain('The node has stopped');
    await page.screenshot({ path: artifactPath('e2e', 'engine-crash-loop.png') });
    await page.getByTestId('node-status').getByTestId('status-action').filter({ hasText: 'Restart now' }).click();
    await sentence.filter({ hasText: 'Serving the network' }).waitFor({ timeout: 30_000 });
    const after = node.client.snapshots.at(-1)!.engineProcess;
    expect(after).toMatchObject({ state: 'running', message: null });
    expect(after.restarts).toBeGreaterThanOrEqual(6);
  });

  it('a clean stop lets the running task finish, then stops the engine and exits 0 within the bound', async () => {
    const engine = (await processInfo()).pid!;
    node.backend.set({ latencyMs: 2_000 });
    const id = randomUUID();
    const task = http(`http://127.0.0.1:${taskPort}/v1/task`, { body: chatTask(id) });
    await eventually(async () => expect((await snapshot()).capacity.activeJobs).toBeGreaterThanOrEqual(1), 10_000);
    const stoppedAt = Date.now();
    const code = await node.host.stop();
    const answer = await task;
    expect(answer.status).toBe(200);
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(20_000);
    expect(pidAlive(engine)).toBe(false);
  });
});
