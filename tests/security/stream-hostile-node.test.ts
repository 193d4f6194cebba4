/**
 * A hostile node on the streamed path, against the real gateway. Node P registers at the test directory like any paid
 * node (its own LLM server, another operator than the gateway's), but its public address is a front door
 * (`tests/support/hostile-native-node.ts`) that passes HTTP through and answers native connections itself: it opens
 * the gateway's sealed CALL with P's CX key and streams a first sealed chunk, waits until the app has read it, then
 * breaks the stream — a sealed chunk left out, two swapped, one sent twice, one in plaintext, a terminal without the
 * end mark, a flipped bit, a 16 MiB + 1 frame header, bytes that are no frame, or the connection dropped.
 *
 * Each time the app gets exactly one well-formed error in the API it spoke and nothing glued after it (no second
 * answer from a retry, no success), the gateway's books hold nothing for it (its row failed with no credits, the hold
 * given back, no debit or award at the directory), and the node is skipped by the next request (the breaker). The
 * gateway's clock is moved past the breaker between cases. A node that stalls after its first chunk is let go as soon
 * as the app leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cxKeyPairFromPrivateRaw } from '@engine/cx';
import {
  HOSTILE_PIECES,
  startHostileNativeNode,
  type HostileNativeNode,
  type HostileScript,
} from '../support/hostile-native-node';
import { eventually, type NodeHarness } from '../support/node-harness';
import {
  expectOneError,
  openAppStream,
  startGatewayWorld,
  within,
  type AppApi,
  type GatewayWorld,
} from '../support/streaming-gateway';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';

const MODEL = 'stream-model-7b';

let world: GatewayWorld;
let llm: StreamingLlm;
let hostile: HostileNativeNode;
let p: NodeHarness;

beforeAll(async () => {
  world = await startGatewayWorld();
  llm = await startStreamingLlm({ model: MODEL, first: ['Honest'], rest: [' answer'], hold: false });
  hostile = await startHostileNativeNode({ model: MODEL });
  p = await world.addProvider(llm.url, { publicEndpoint: () => hostile.url });
  hostile.attach({
    port: p.port,
    nodeId: p.node.getSnapshot().node.nodeId!,
    cx: cxKeyPairFromPrivateRaw(Buffer.from(p.secrets.get('cx_private_key')!, 'base64url')),
  });
  await world.waitModel(MODEL);
}, 120_000);

afterAll(async () => {
  await world?.close();
  await hostile?.close();
  await llm?.close();
});

/** One streamed request the hostile node breaks after its first chunk, and what the app and the books saw. */
async function attack(api: AppApi, script: HostileScript): Promise<void> {
  world.forget();
  hostile.script = script;
  const calls = hostile.calls;
  const httpTasks = hostile.httpTasks;
  const app = await openAppStream(world, api, MODEL);
  expect(app.status).toBe(200);
  await within(app.firstText, 10_000, 'the app read the first chunk');
  hostile.release();
  await within(app.ended, 15_000, "the gateway ended the app's stream");

  expectOneError(api, app);
  // What the app holds is the start of the one answer it was streamed: nothing from a retry glued to it.
  expect(HOSTILE_PIECES.join('').startsWith(app.text()), app.text()).toBe(true);
  expect(hostile.calls).toBe(calls + 1);
  expect(hostile.httpTasks).toBe(httpTasks);
  expect(hostile.problems).toEqual([]);

  const taskId = app.taskId!;
  expect(taskId).toBeTruthy();
  await eventually(async () =>
    expect(await world.row(taskId)).toMatchObject({ outcome: 'failed', nodeId: p.node.getSnapshot().node.nodeId }),
  );
  const row = (await world.row(taskId))!;
  expect(row.credits ?? 0).toBe(0);
  expect(row.charged ?? 0).toBe(0);
  await eventually(async () => expect(await world.held()).toBe(0));
  expect(world.debits(taskId)).toEqual([]);
  expect(world.awards(taskId)).toEqual([]);
  // The node that misbehaved is skipped now: the next request does not reach it, by either way in.
  hostile.script = 'honest';
  const next = await openAppStream(world, api, MODEL);
  await within(next.ended, 15_000, 'the next request was answered');
  expect(hostile.calls).toBe(calls + 1);
  expect(hostile.httpTasks).toBe(httpTasks);
}

describe('a hostile node on the streamed path', () => {
  it('streams an honest sealed answer through the front door (the control)', async () => {
    world.forget();
    hostile.script = 'honest';
    const app = await openAppStream(world, 'openai', MODEL);
    expect(app.status).toBe(200);
    await app.firstText;
    hostile.release();
    await app.ended;
    expect(app.text()).toBe(HOSTILE_PIECES.join(''));
    expect(app.events.filter((e) => e.kind === 'error')).toEqual([]);
    expect(app.events.some((e) => e.kind === 'done')).toBe(true);
  });

  it.each(['gap', 'reorder', 'replay', 'unsealed', 'no_end', 'flip', 'huge', 'garbage', 'dies'] as const)(
    'openai: a node that sends %s after its first chunk gives one error, books nothing and is skipped',
    async (script) => {
      await attack('openai', script);
    },
  );

  it('openai: a node that stalls after its first chunk is let go as soon as the app leaves, with nothing booked', async () => {
    // The gateway waits for a silent node as long as a task may take (minutes); an app that gives up first must not
    // leave the gateway holding the node's session, nor a hold on the budget.
    world.forget();
    hostile.script = 'stall';
    const closed = hostile.peerClosed;
    const app = await openAppStream(world, 'openai', MODEL);
    expect(app.status).toBe(200);
    await within(app.firstText, 10_000, 'the app read the first chunk');
    hostile.release();
    app.abort();
    await within(hostile.waitPeerClosed(closed + 1), 5_000, 'the gateway closed its session with the stalled node');
    const taskId = app.taskId!;
    await eventually(async () => expect(await world.row(taskId)).toBeDefined());
    expect((await world.row(taskId))!.credits ?? 0).toBe(0);
    await eventually(async () => expect(await world.held()).toBe(0));
    expect(world.debits(taskId)).toEqual([]);
  });

  it.each([
    ['ollama', 'gap'],
    ['anthropic', 'replay'],
    ['ollama', 'unsealed'],
    ['anthropic', 'no_end'],
  ] as const)('%s: %s gives one error in the API the app spoke', async (api, script) => {
    await attack(api, script);
  });
});
