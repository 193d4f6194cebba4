/**
 * The owner comes first, mid-stream. Provider P watches its GPU through the fake `nvidia-smi` (as in
 * tests/integration/owner-first.test.ts) with a grace of 30 s for buffered tasks; a game appears while P streams. A
 * stream ends at once rather than at the end of the grace: at the node, a native client written from the spec sees a
 * terminal RESPONSE `error` with the code `provider_preempted` after its partials; through the gateway, the app gets
 * exactly one well-formed error in the API it spoke. Each time the LLM server's request is closed (the GPU freed) and
 * nothing is booked: no ledger row that earns at P, no award or debit at the directory, no credits on G's row.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient, type DecodedLifecycle } from '@engine/net';
import { DESKTOP, FAKE_NVIDIA_SMI, GAME, OLLAMA_ON_GPU, writeGpuState } from '../support/gpu-tools/gpu-state';
import { eventually, type NodeHarness } from '../support/node-harness';
import { expectOneError, openAppStream, startGatewayWorld, within, type AppApi, type GatewayWorld } from '../support/streaming-gateway';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';
import { tempDir } from '../support/tmp';
import { figure } from './helpers';

const MODEL = 'stream-model-7b';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
/** The grace a buffered task gets; a stream must not wait for it. */
const GRACE_S = 30;
/** One look of the watcher, its reaction and the stream's end, on a loaded machine: far under the grace. */
const ENDS_WITHIN_MS = 10_000;

let world: GatewayWorld;
let llm: StreamingLlm;
let p: NodeHarness;
let state: { dir: string; cleanup(): void };
let statePath: string;

const game = (on: boolean): void => writeGpuState(statePath, on ? [DESKTOP, OLLAMA_ON_GPU, GAME] : [DESKTOP, OLLAMA_ON_GPU]);
const ledgerRow = async (taskId: string) => (await p.node.commandHandlers().listLedger({ limit: 100 })).find((r) => r.taskId === taskId);

beforeAll(async () => {
  state = tempDir('iicp-stream-yield-');
  statePath = join(state.dir, 'gpu.json');
  game(false);
  // The fake tool reads its state from this file; the engine's watcher thread passes the environment on to it.
  process.env.FAKE_GPU_STATE = statePath;
  world = await startGatewayWorld();
  llm = await startStreamingLlm({ model: MODEL, first: ['Hello', ' there'], rest: [' and', ' goodbye'] });
  p = await world.addProvider(llm.url, {
    settings: {
      maxConcurrent: 2,
      ownerFirst: { gpuPrograms: true, fullscreen: false, programs: [], graceSeconds: GRACE_S, cooldownSeconds: 1, freeMemory: true, vramFloorGb: null, maxPowerW: null, maxTemperatureC: null },
    },
    options: { tuning: { owner: { intervalMs: 500, tools: { nvidiaSmi: FAKE_NVIDIA_SMI, rocmSmi: null, ioreg: null, xprop: null }, raplRoot: null } } },
  });
  await eventually(() => expect(p.node.getSnapshot().availability.owner.gpu).not.toBeNull(), 10_000);
  await world.waitModel(MODEL);
}, 120_000);

afterAll(async () => {
  // The LLM server first: a stream still held there ends, so no node waits out its drain for it.
  await llm?.close();
  await world?.close();
  state?.cleanup();
  delete process.env.FAKE_GPU_STATE;
}, 60_000);

/** The game ends and P serves again. */
async function gameOver(): Promise<void> {
  game(false);
  await eventually(() => expect(p.node.getSnapshot().availability.owner.phase).toBe('serving'), (GRACE_S + 10) * 1000);
}

describe('an owner-first yield mid-stream', () => {
  // Whatever a case found, the next starts with the game over and P serving (a stream the yield did not end holds
  // the node back until the grace is over).
  afterEach(async () => {
    await gameOver();
  }, (GRACE_S + 15) * 1000);

  it('ends a native stream at once with a terminal provider_preempted, closes the LLM request and books nothing', async () => {
    const closed = llm.closedEarly;
    const taskId = randomUUID();
    const client = await NativeClient.open({ host: '127.0.0.1', port: p.port });
    const frames: DecodedLifecycle[] = [];
    let yieldedAt = 0;
    const read = async (): Promise<void> => {
      const payload = Buffer.from(JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Say hello.' }] }));
      for await (const f of client.stream({ intent: CHAT, payload, taskId, idempotencyKey: randomUUID() })) {
        frames.push(f);
        if (frames.length === 1) {
          expect(f.status).toBe('partial');
          yieldedAt = performance.now();
          game(true);
        }
      }
    };
    try {
      await within(read(), ENDS_WITHIN_MS, 'the native stream ended for the owner, long before the grace');
    } finally {
      client.destroy();
    }
    const tookMs = performance.now() - yieldedAt;
    figure('game started → native stream ended ms', Math.round(tookMs));
    expect(tookMs).toBeLessThan(ENDS_WITHIN_MS);
    const last = frames.at(-1)!;
    expect(frames.slice(0, -1).every((f) => f.status === 'partial')).toBe(true);
    expect(last).toMatchObject({ status: 'error', error: { code: 'provider_preempted' } });
    expect(last.result).toBeUndefined();
    await within(llm.waitClosedEarly(closed + 1), 5_000, 'the LLM server request closed for the owner');
    expect((await ledgerRow(taskId))?.outcome ?? 'none').not.toBe('ok');
  });

  it.each(['openai', 'ollama', 'anthropic'] as const)('%s through the gateway: one error for the app, the LLM request closed, nothing booked', async (api: AppApi) => {
    world.forget();
    const closed = llm.closedEarly;
    const app = await openAppStream(world, api, MODEL);
    expect(app.status).toBe(200);
    await within(app.firstText, 10_000, 'the app read the first chunk');
    const at = performance.now();
    game(true);
    await within(app.ended, ENDS_WITHIN_MS, 'the app\'s stream ended for the owner');
    figure(`game started → app's stream ended (${api}) ms`, Math.round(performance.now() - at));
    expectOneError(api, app);
    expect('Hello there and goodbye'.startsWith(app.text()), app.text()).toBe(true);
    await within(llm.waitClosedEarly(closed + 1), 5_000, 'the LLM server request closed for the owner');

    const taskId = app.taskId!;
    await eventually(async () => expect(await world.row(taskId)).toMatchObject({ outcome: 'failed' }));
    expect((await world.row(taskId))!.credits ?? 0).toBe(0);
    await eventually(async () => expect(await world.held()).toBe(0));
    expect((await ledgerRow(taskId))?.outcome ?? 'none').not.toBe('ok');
    await gameOver();
    llm.release();
    // A stream read to its end afterwards earns its award: by then a claim for the cut one would have gone too. The
    // gateway skipped P after its error, and the directory hid it while it held back: both are over first.
    world.forget();
    await world.waitModel(MODEL);
    const after = await openAppStream(world, api, MODEL);
    expect(after.status).toBe(200);
    await within(after.firstText, 10_000, 'the next app read its first chunk');
    llm.release();
    await within(after.ended, 10_000, 'the next stream ended');
    await eventually(() => expect(world.awards(after.taskId!)).toHaveLength(1), 15_000);
    expect(world.awards(taskId)).toEqual([]);
    expect(world.debits(taskId)).toEqual([]);
  }, 60_000);
});
