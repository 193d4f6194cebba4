/**
 * "Share anyway" across a restart of the node: chosen before, it goes on after with its end still ahead, and says so;
 * found over when the node starts again, its end is logged in plain words, once. Never gone without a word.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '@shared/contract';
import { eventWords } from '@shared/words/event-words';
import { startNode, type NodeHarness } from '../support/node-harness';
import { tempDir } from '../support/tmp';

/** No GPU tool and nothing to read: the watcher runs, so "share anyway" can be chosen, and nothing else decides. */
const NO_TOOLS = {
  tools: { nvidiaSmi: null, rocmSmi: null, ioreg: null, xprop: null, typeperf: null, tasklist: null },
  raplRoot: null,
};
const HOUR_MS = 3_600_000;

let shiftMs = 0;
/** The node's clock, which a test moves on to stand for the time the node was not running. */
const clock = () => new Date(Date.now() + shiftMs);
const running: NodeHarness[] = [];
const data = tempDir('iicp-share-anyway-');

async function start(): Promise<NodeHarness> {
  const h = await startNode({ directoryUrl: 'http://127.0.0.1:9' }, { clock, tuning: { owner: NO_TOOLS } }, data.dir);
  running.push(h);
  return h;
}

async function shareEvents(h: NodeHarness): Promise<EngineEvent[]> {
  return (await h.node.commandHandlers().listEvents({ limit: 200 })).filter((e) => e.event === 'owner_share_anyway');
}

afterEach(async () => {
  for (const h of running.splice(0)) await h.node.stop();
  shiftMs = 0;
});
afterAll(() => data.cleanup());

describe('"share anyway" and a restart', () => {
  it('goes on after a restart until its end, says so, and ends with a word when found over at the next start', async () => {
    const first = await start();
    const chosen = await first.node.commandHandlers().shareAnyway({ minutes: 90 });
    const until = chosen.availability.owner.shareAnywayUntil!;
    expect(Date.parse(until) - clock().getTime()).toBeGreaterThan(89 * 60_000);
    await first.node.stop();

    // Back at once: the same end, and the log says it goes on.
    const second = await start();
    expect(second.node.getSnapshot().availability.owner.shareAnywayUntil).toBe(until);
    const [restored] = await shareEvents(second);
    expect(restored!.details).toBe(`until=${until} restored=1`);
    expect(eventWords(restored!).sentence).toMatch(/^Sharing anyway goes on after the restart, until \S/);
    await second.node.stop();

    // Back two hours later: its end passed while the node was off.
    shiftMs = 2 * HOUR_MS;
    const third = await start();
    expect(third.node.getSnapshot().availability.owner.shareAnywayUntil).toBeNull();
    const [ended] = await shareEvents(third);
    expect(ended!.details).toBe('ended=expired');
    expect(eventWords(ended!).sentence).toBe(
      'Sharing anyway ended while the node was not running; your own use of the GPU comes first again.',
    );
    await third.node.stop();

    // Said once: the next start finds nothing to restore or end.
    const fourth = await start();
    expect(fourth.node.getSnapshot().availability.owner.shareAnywayUntil).toBeNull();
    expect((await shareEvents(fourth)).map((e) => e.details)).toEqual([
      'ended=expired',
      `until=${until} restored=1`,
      expect.stringMatching(/^until=\S+$/),
    ]);
  });

  it('stopped early is not restored after a restart', async () => {
    const first = await start();
    await first.node.commandHandlers().shareAnyway({ minutes: 60 });
    const stopped = await first.node.commandHandlers().shareAnyway({ minutes: null });
    expect(stopped.availability.owner.shareAnywayUntil).toBeNull();
    const [ended] = await shareEvents(first);
    expect(ended!.details).toBe('ended=stopped');
    expect(eventWords(ended!).sentence).toBe('You stopped sharing anyway; your own use of the GPU comes first again.');
    const before = (await shareEvents(first)).length;
    await first.node.stop();

    const second = await start();
    expect(second.node.getSnapshot().availability.owner.shareAnywayUntil).toBeNull();
    expect(await shareEvents(second)).toHaveLength(before);
  });
});
