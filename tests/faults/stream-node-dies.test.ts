/**
 * A node that dies mid-stream. The paid provider P runs in a child process (`tests/support/fault-node-child.ts`, on a
 * fixed port and data folder, so it comes back as the same node); the gateway node G streams one app's answer from it
 * through P's native port. Once the app holds its first chunk, P is SIGKILLed. The app gets exactly one well-formed
 * error in the API it spoke and nothing glued after it (no answer from another try), the LLM server's request is
 * closed (the dead process's connection), and nothing is booked: G's row has no credits and the hold is given back,
 * the directory has no debit or award for the task, and P, started again on the same folder, has no ledger row that
 * earns for it. In each of the three APIs, P restarted between them and G's clock moved past its breaker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnFaultNode, type FaultNodeProcess, type VerifyResult } from '../support/fault-node';
import { freePort } from '../support/free-port';
import { eventually } from '../support/node-harness';
import {
  expectOneError,
  openAppStream,
  startGatewayWorld,
  within,
  type AppApi,
  type GatewayWorld,
} from '../support/streaming-gateway';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';
import { tempDir } from '../support/tmp';
import { figure } from './helpers';

const MODEL = 'stream-model-7b';

let world: GatewayWorld;
let llm: StreamingLlm;
let data: { dir: string; cleanup(): void };
let port: number;
let p: FaultNodeProcess | null = null;

const startP = async (): Promise<void> => {
  p = spawnFaultNode({ dataDir: data.dir, port, directoryUrl: world.directory.url, backendUrl: llm.url });
  await p.ready;
};

beforeAll(async () => {
  world = await startGatewayWorld();
  llm = await startStreamingLlm({ model: MODEL, first: ['Hello', ' there'], rest: [' and', ' goodbye'] });
  data = tempDir('iicp-stream-dies-');
  port = await freePort();
  await startP();
  await world.waitModel(MODEL);
}, 120_000);

afterAll(async () => {
  p?.kill('SIGKILL');
  await p?.exited;
  await world?.close();
  await llm?.close();
  data?.cleanup();
});

describe('a node that dies mid-stream', () => {
  it.each(['openai', 'ollama', 'anthropic'] as const)(
    '%s: one error for the app, the LLM request closed, nothing booked',
    async (api: AppApi) => {
      if (!p || p.child.exitCode !== null || p.child.signalCode !== null) await startP();
      world.forget();
      const requests = llm.requests;
      const closed = llm.closedEarly;
      const app = await openAppStream(world, api, MODEL);
      expect(app.status).toBe(200);
      await within(app.firstText, 10_000, 'the app read the first chunk');
      const at = performance.now();
      p!.kill('SIGKILL');
      await within(app.ended, 15_000, "the gateway ended the app's stream");
      figure(`node killed → app's stream ended (${api}) ms`, Math.round(performance.now() - at));
      expectOneError(api, app);
      expect('Hello there and goodbye'.startsWith(app.text()), app.text()).toBe(true);
      await within(llm.waitClosedEarly(closed + 1), 5_000, 'the LLM server request closed with the dead node');
      expect(llm.requests).toBe(requests + 1);

      const taskId = app.taskId!;
      expect(taskId).toBeTruthy();
      await within(p!.exited, 10_000, 'the killed node exited');
      await eventually(async () => expect(await world.row(taskId)).toMatchObject({ outcome: 'failed' }));
      expect((await world.row(taskId))!.credits ?? 0).toBe(0);
      await eventually(async () => expect(await world.held()).toBe(0));
      expect(world.debits(taskId)).toEqual([]);
      expect(world.awards(taskId)).toEqual([]);

      // Back on the same folder: the dead stream left nothing that earns, and its outbox holds no claim for it.
      await startP();
      const v = await p!.call<VerifyResult>('verify');
      expect(v.integrity).toBe('ok');
      expect(v.ledger.filter((r) => r.taskId === taskId && r.outcome === 'ok')).toEqual([]);
      expect(v.outbox).not.toContain(taskId);
      p!.kill('SIGKILL');
      await p!.exited;
      p = null;
    },
    60_000,
  );
});
