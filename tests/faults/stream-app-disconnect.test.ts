/**
 * An app that goes away mid-stream. A gateway node G and a paid provider P at the test directory; P's LLM server (the
 * streaming stand-in) sends its first tokens and holds the rest. The app reads its first chunk through G, then closes
 * its connection: G drops its native session to P, P cancels the CALL, and the LLM server's request is closed within
 * about a second (awaited on the stand-in's `closedEarly`, never slept for). Nothing is booked: G's row has no credits
 * and the hold is given back, P has no ledger row that earns and the directory no award or debit for the task (checked
 * once a later stream's award has arrived). The
 * control, a stream read to its end, is booked once with the terminal's amount. In each of the three APIs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/node-harness';
import { PAID_STREAM_MODEL, startPaidStreamRig, type PaidStreamRig } from '../support/paid-stream-rig';
import { openAppStream, within, type AppApi } from '../support/streaming-gateway';
import { figure } from './helpers';

/** The promise is 1 s; timers run late on a loaded two-core machine. */
const CLOSE_WITHIN_MS = 1_000;
const SLACK_MS = 500;

let rig: PaidStreamRig;

beforeAll(async () => {
  rig = await startPaidStreamRig();
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

describe('an app that disconnects mid-stream', () => {
  it('books the terminal amount once for a stream read to its end (the control)', async () => {
    const app = await openAppStream(rig.world, 'openai', PAID_STREAM_MODEL);
    expect(app.status).toBe(200);
    await app.firstText;
    rig.llm.release();
    await app.ended;
    expect(app.text()).toBe('Hello there and goodbye');
    const taskId = app.taskId!;
    await eventually(async () =>
      expect(await rig.world.row(taskId)).toMatchObject({ outcome: 'answered', code: 'ok' }),
    );
    expect((await rig.world.row(taskId))!.credits).toBeGreaterThan(0);
    await eventually(() => expect(rig.world.awards(taskId)).toHaveLength(1), 15_000);
    expect(await rig.world.held()).toBe(0);
  });

  it.each(['openai', 'ollama', 'anthropic'] as const)(
    '%s: the LLM server request is closed within 1 s and nothing is booked',
    async (api: AppApi) => {
      const requests = rig.llm.requests;
      const closed = rig.llm.closedEarly;
      const app = await openAppStream(rig.world, api, PAID_STREAM_MODEL);
      expect(app.status).toBe(200);
      await app.firstText;
      const at = performance.now();
      app.abort();
      await within(rig.llm.waitClosedEarly(closed + 1), 5_000, 'the LLM server request closed after the app went away');
      const tookMs = performance.now() - at;
      figure(`app disconnect → LLM request closed (${api}) ms`, Math.round(tookMs));
      expect(tookMs).toBeLessThan(CLOSE_WITHIN_MS + SLACK_MS);
      // One request reached the LLM server for it: no retry elsewhere, nothing left running.
      expect(rig.llm.requests).toBe(requests + 1);

      const taskId = app.taskId!;
      expect(taskId).toBeTruthy();
      await eventually(async () => expect(await rig.world.row(taskId)).toBeDefined());
      const row = (await rig.world.row(taskId))!;
      expect(row.outcome).not.toBe('answered');
      expect(row.credits ?? 0).toBe(0);
      await eventually(async () => expect(await rig.world.held()).toBe(0));
      // A stream read to its end afterwards earns its award: by then a claim for the cut one would have gone too.
      const after = await openAppStream(rig.world, api, PAID_STREAM_MODEL);
      await after.firstText;
      rig.llm.release();
      await after.ended;
      await eventually(() => expect(rig.world.awards(after.taskId!)).toHaveLength(1), 15_000);
      expect((await rig.ledgerRow(taskId))?.outcome ?? 'none').not.toBe('ok');
      expect(rig.world.awards(taskId)).toEqual([]);
      expect(rig.world.debits(taskId)).toEqual([]);
    },
  );
});
