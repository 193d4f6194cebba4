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
import { NativeClient, type DecodedLifecycle } from '@engine/native';
import { DESKTOP, FAKE_NVIDIA_SMI, GAME, OLLAMA_ON_GPU, writeGpuState } from '../support/gpu-tools/gpu-state';
import { eventually } from '../support/node-harness';
import { PAID_STREAM_MODEL, startPaidStreamRig, type PaidStreamRig } from '../support/paid-stream-rig';
import { expectOneError, openAppStream, within, type AppApi } from '../support/streaming-gateway';
import { tempDir } from '../support/tmp';
import { figure } from './helpers';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
/** The grace a buffered task gets; a stream must not wait for it. */
const GRACE_S = 30;
/** One look of the watcher, its reaction and the stream's end, on a loaded machine: far under the grace. */
const ENDS_WITHIN_MS = 10_000;

let rig: PaidStreamRig;
let state: { dir: string; cleanup(): void };
let statePath: string;

const game = (on: boolean): void =>
  writeGpuState(statePath, on ? [DESKTOP, OLLAMA_ON_GPU, GAME] : [DESKTOP, OLLAMA_ON_GPU]);

beforeAll(async () => {
  state = tempDir('iicp-stream-yield-');
  statePath = join(state.dir, 'gpu.json');
  game(false);
  // The fake tool reads its state from this file; the engine's watcher thread passes the environment on to it.
  process.env.FAKE_GPU_STATE = statePath;
  rig = await startPaidStreamRig({
    settings: {
      maxConcurrent: 2,
      ownerFirst: {
        gpuPrograms: true,
        fullscreen: false,
        programs: [],
        graceSeconds: GRACE_S,
        cooldownSeconds: 1,
        freeMemory: true,
        vramFloorGb: null,
        maxPowerW: null,
        maxTemperatureC: null,
      },
    },
    options: {
      tuning: {
        owner: {
          intervalMs: 500,
          tools: { nvidiaSmi: FAKE_NVIDIA_SMI, rocmSmi: null, ioreg: null, xprop: null },
          raplRoot: null,
        },
      },
    },
  });
  await eventually(() => expect(rig.p.node.getSnapshot().availability.owner.gpu).not.toBeNull(), 10_000);
}, 120_000);

afterAll(async () => {
  await rig?.close();
  state?.cleanup();
  delete process.env.FAKE_GPU_STATE;
}, 60_000);

/** The game ends and P serves again. */
async function gameOver(): Promise<void> {
  game(false);
  await eventually(
    () => expect(rig.p.node.getSnapshot().availability.owner.phase).toBe('serving'),
    (GRACE_S + 10) * 1000,
  );
}

describe('an owner-first yield mid-stream', () => {
  // Whatever a case found, the next starts with the game over and P serving (a stream the yield did not end holds
  // the node back until the grace is over).
  afterEach(
    async () => {
      await gameOver();
    },
    (GRACE_S + 15) * 1000,
  );

  it('ends a native stream at once with a terminal provider_preempted, closes the LLM request and books nothing', async () => {
    const closed = rig.llm.closedEarly;
    const taskId = randomUUID();
    const client = await NativeClient.open({ host: '127.0.0.1', port: rig.p.port });
    const frames: DecodedLifecycle[] = [];
    let yieldedAt = 0;
    const read = async (): Promise<void> => {
      const payload = Buffer.from(
        JSON.stringify({ model: PAID_STREAM_MODEL, messages: [{ role: 'user', content: 'Say hello.' }] }),
      );
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
    await within(rig.llm.waitClosedEarly(closed + 1), 5_000, 'the LLM server request closed for the owner');
    expect((await rig.ledgerRow(taskId))?.outcome ?? 'none').not.toBe('ok');
  });

  it.each(['openai', 'ollama', 'anthropic'] as const)(
    '%s through the gateway: one error for the app, the LLM request closed, nothing booked',
    async (api: AppApi) => {
      rig.world.forget();
      const closed = rig.llm.closedEarly;
      const app = await openAppStream(rig.world, api, PAID_STREAM_MODEL);
      expect(app.status).toBe(200);
      await within(app.firstText, 10_000, 'the app read the first chunk');
      const at = performance.now();
      game(true);
      await within(app.ended, ENDS_WITHIN_MS, "the app's stream ended for the owner");
      figure(`game started → app's stream ended (${api}) ms`, Math.round(performance.now() - at));
      expectOneError(api, app);
      expect('Hello there and goodbye'.startsWith(app.text()), app.text()).toBe(true);
      await within(rig.llm.waitClosedEarly(closed + 1), 5_000, 'the LLM server request closed for the owner');

      const taskId = app.taskId!;
      await eventually(async () => expect(await rig.world.row(taskId)).toMatchObject({ outcome: 'failed' }));
      expect((await rig.world.row(taskId))!.credits ?? 0).toBe(0);
      await eventually(async () => expect(await rig.world.held()).toBe(0));
      expect((await rig.ledgerRow(taskId))?.outcome ?? 'none').not.toBe('ok');
      await gameOver();
      rig.llm.release();
      // A stream read to its end afterwards earns its award: by then a claim for the cut one would have gone too. The
      // gateway skipped P after its error, and the directory hid it while it held back: both are over first.
      rig.world.forget();
      await rig.world.waitModel(PAID_STREAM_MODEL);
      const after = await openAppStream(rig.world, api, PAID_STREAM_MODEL);
      expect(after.status).toBe(200);
      await within(after.firstText, 10_000, 'the next app read its first chunk');
      rig.llm.release();
      await within(after.ended, 10_000, 'the next stream ended');
      await eventually(() => expect(rig.world.awards(after.taskId!)).toHaveLength(1), 15_000);
      expect(rig.world.awards(taskId)).toEqual([]);
      expect(rig.world.debits(taskId)).toEqual([]);
    },
    60_000,
  );
});
