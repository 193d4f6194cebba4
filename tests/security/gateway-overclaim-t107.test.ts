/**
 * Attack T107 against the whole node: a paid node of another operator answers with usage claiming 10^9 tokens, on
 * the buffered path (node A, model claim-a) and on the streamed path (node B, model claim-b). Node G's gateway runs
 * with the default limits at the PHP-faithful test directory (tests/support/streaming-gateway.ts); A and B are real
 * nodes serving from their LLM servers (tests/support/streaming-llm.ts) behind a front door that tells the lie with
 * their CX keys (tests/support/overclaiming-node.ts): a real node no longer passes on a count its server makes up.
 *
 * Each time: at most the hold is booked (the row's credits no more than its worst case nor its expected cost), the row
 * is flagged `overclaimed`, the app is shown usage no larger than the request could produce, and the next request for
 * that model is refused (503 no_nodes, naming why) instead of reaching the node. Afterwards the default limits still
 * let a paid request reach an honest node, and after a restart of G the flags, and the skipping, are still there.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type GatewayRequestRow } from '@shared/contract';
import { cxKeyPairFromPrivateRaw } from '@engine/cx';
import { nodeIdOf, setGateway } from '../support/gateway-setup';
import { eventually, startNode, type NodeHarness } from '../support/node-harness';
import { openAppStream, startGatewayWorld, within, type GatewayWorld } from '../support/streaming-gateway';
import { startOverclaimingNode, type OverclaimingNode } from '../support/overclaiming-node';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';

const BILLION = { prompt_tokens: 5, completion_tokens: 999_999_995 };
const MAX_TOKENS = 32;
/**
 * Far above what any of these requests could use (a few hundred bytes, a template's room, 32 tokens), far below 10^9.
 */
const BOUND = 4096;

let world: GatewayWorld;
let g: NodeHarness;
const llms: StreamingLlm[] = [];
const doors: OverclaimingNode[] = [];
let restartedDir: string | null = null;

beforeAll(async () => {
  world = await startGatewayWorld();
  g = world.g;
  // The limits a new user has: T107 used to book 11 000 credits and refuse every paid request after.
  await setGateway(g, {
    dailyCap: DEFAULT_GATEWAY_SETTINGS.dailyCap,
    monthlyCap: DEFAULT_GATEWAY_SETTINGS.monthlyCap,
    perRequestMax: DEFAULT_GATEWAY_SETTINGS.perRequestMax,
  });
  for (const model of ['claim-a:7b', 'claim-b:7b']) {
    const llm = await startStreamingLlm({ model, first: ['Hello'], rest: [' there'], hold: false });
    llms.push(llm);
    const door = await startOverclaimingNode(BILLION);
    doors.push(door);
    const p = await world.addProvider(llm.url, { publicEndpoint: () => door.url });
    door.attach({
      port: p.port,
      cx: cxKeyPairFromPrivateRaw(Buffer.from(p.secrets.get('cx_private_key')!, 'base64url')),
    });
  }
  await world.waitModel('claim-a:7b');
  await world.waitModel('claim-b:7b');
}, 120_000);

afterAll(async () => {
  if (g !== world?.g) await g.node.stop().catch(() => undefined);
  for (const l of llms) await l.close();
  await world?.close();
  for (const d of doors) await d.close();
  if (restartedDir) rmSync(restartedDir, { recursive: true, force: true });
});

const port = (): number => Number(new URL(g.node.getSnapshot().gateway.baseUrl!).port);
const bearer = () => ({ 'Content-Type': 'application/json', Authorization: `Bearer ${world.key}` });

async function chat(
  model: string,
): Promise<{ status: number; nodeId: string | null; taskId: string | null; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port()}/v1/chat/completions`, {
    method: 'POST',
    headers: bearer(),
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: MAX_TOKENS }),
  });
  return {
    status: res.status,
    nodeId: res.headers.get('x-iicp-node-id'),
    taskId: res.headers.get('x-iicp-task-id'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

async function bookedRow(taskId: string): Promise<GatewayRequestRow> {
  let row: GatewayRequestRow | undefined;
  await eventually(async () => {
    row = (await g.node.commandHandlers().getGateway({})).recent.find((r) => r.taskId === taskId);
    expect(row?.outcome).toBe('answered');
  }, 10_000);
  return row!;
}

/** The row booked no more than the hold, flagged; what the node claimed is kept as it said it. */
function expectHeldAndFlagged(row: GatewayRequestRow): void {
  expect(row).toMatchObject({ flag: 'overclaimed', route: 'paid', own: false });
  expect(row.expected).not.toBeNull();
  expect(row.worstCase).not.toBeNull();
  expect(row.credits!).toBeLessThanOrEqual(row.worstCase!);
  expect(row.credits!).toBeLessThanOrEqual(row.expected!);
}

/** The next request for a flagged node's model: refused before it reaches the node, saying why. */
async function expectSkipped(model: string): Promise<void> {
  const r = await chat(model);
  expect(r.status).toBe(503);
  expect(r.nodeId).toBeNull();
  expect(JSON.stringify(r.body)).toContain('no_nodes');
  expect(JSON.stringify(r.body)).toContain('claimed more than a request could cost');
}

describe('T107: a paid node claiming 10^9 tokens', () => {
  it('buffered: at most the hold is booked, the row flagged, the app shown the bound, the node skipped', async () => {
    const r = await chat('claim-a:7b');
    expect(r.status).toBe(200);
    expect(r.nodeId).toBeTruthy();
    const usage = r.body.usage as { total_tokens: number; completion_tokens: number; prompt_tokens: number };
    expect(usage.total_tokens).toBeLessThanOrEqual(BOUND);
    expect(usage.completion_tokens + usage.prompt_tokens).toBeLessThanOrEqual(BOUND);
    expectHeldAndFlagged(await bookedRow(r.taskId!));
    expect(llms[0]!.requests).toBe(1);
    expect(doors[0]!.httpTasks).toBe(1);
    await expectSkipped('claim-a:7b');
    expect(llms[0]!.requests).toBe(1);
  }, 30_000);

  it('streamed: at most the hold is booked, the row flagged, the usage chunk no larger than the bound, the node skipped', async () => {
    const s = await openAppStream({ gatewayPort: port(), key: world.key }, 'openai', 'claim-b:7b');
    expect(s.status).toBe(200);
    await within(s.ended, 15_000, 'the stream ends');
    expect(s.text()).toBe('Hello there');
    const usages = s.events.flatMap((e) =>
      e.kind === 'other' && typeof e.body === 'object' && e.body !== null && (e.body as { usage?: unknown }).usage
        ? [(e.body as { usage: { total_tokens: number } }).usage]
        : [],
    );
    expect(usages.length).toBeGreaterThan(0);
    for (const u of usages) expect(u.total_tokens).toBeLessThanOrEqual(BOUND);
    expectHeldAndFlagged(await bookedRow(s.taskId!));
    expect(llms[1]!.requests).toBe(1);
    // It came over the native port, streamed.
    expect(doors[1]!.streams).toBe(1);
    await expectSkipped('claim-b:7b');
    expect(llms[1]!.requests).toBe(1);
  }, 30_000);

  it('the default limits still let a paid request reach an honest node; after a restart the flags and the skipping stay', async () => {
    const honest = await startStreamingLlm({ model: 'honest:7b', first: ['Fine'], rest: [' thanks'], hold: false });
    llms.push(honest);
    const h = await world.addProvider(honest.url);
    await world.waitModel('honest:7b');
    const ok = await chat('honest:7b');
    expect(ok.status).toBe(200);
    expect(ok.nodeId).toBe(nodeIdOf(h));
    const info = await g.node.commandHandlers().getGateway({});
    expect(info.budget.limitReached).toBeNull();
    expect(info.budget.spentToday).toBeLessThan(1);

    // G restarts on its data folder: nothing of this run is in memory any more.
    const { dir, port: taskPort } = g;
    const { backendUrl, directoryUrl, publicEndpoint } = await g.node.commandHandlers().getSettings({});
    await g.node.stop();
    restartedDir = dir;
    g = await startNode(
      { backendUrl, directoryUrl, publicEndpoint },
      {
        secretStore: world.g.secrets,
        taskPort,
        gatewayPort: 0,
        allowPrivateEndpoint: true,
        tuning: { directoryStartupRetryDelaysMs: [200, 400], directoryBackoffBaseMs: 200 },
      },
      dir,
    );
    await eventually(
      () => expect(g.node.getSnapshot().gateway.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
      15_000,
    );
    await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
    const rows = (await g.node.commandHandlers().getGateway({})).recent;
    expect(rows.filter((r) => r.flag === 'overclaimed')).toHaveLength(2);
    await expectSkipped('claim-a:7b');
    await expectSkipped('claim-b:7b');
    expect(llms[0]!.requests + llms[1]!.requests).toBe(2);
    const again = await chat('honest:7b');
    expect(again.status).toBe(200);
    expect(again.nodeId).toBe(nodeIdOf(h));
  }, 60_000);
});
