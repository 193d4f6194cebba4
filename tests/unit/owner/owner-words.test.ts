/**
 * What the owner-first words say about the GPU's use and about "share anyway": the LLM server's own work is never
 * called another program's, memory nobody is named for is said as such, and the event log says how sharing anyway
 * began and ended.
 */
import { describe, expect, it } from 'vitest';
import type { OwnerInfo } from '@shared/contract';
import { OWNER_NOT_WATCHING } from '@shared/contract/availability';
import { eventWords } from '@shared/words/event-words';
import { ownerCause, ownerSentence } from '@shared/words/owner-words';

const say = (event: string, details: string) =>
  eventWords({ event, level: 'info', details, ts: '2026-11-21T15:00:00.000Z' }).sentence;
const yielding = (trigger: OwnerInfo['trigger']): OwnerInfo => ({
  ...OWNER_NOT_WATCHING,
  phase: 'yielding',
  trigger,
  cooldownSeconds: 120,
});

describe('why the node gave the GPU back', () => {
  it("a busy GPU is not said to be another program's: on AMD the tool cannot tell which", () => {
    expect(ownerCause({ kind: 'gpu_busy' })).not.toMatch(/another program/);
    expect(ownerSentence(yielding({ kind: 'gpu_busy' }), (iso) => iso)).toBe(
      "Paused while the GPU is busy with work that is not the node's — back 2 min after you stop",
    );
  });

  it('memory nobody is named for, in gigabytes', () => {
    expect(ownerSentence(yielding({ kind: 'gpu_memory', usedMiB: 9_500 }), (iso) => iso)).toBe(
      'Paused while another program uses 9.3 GB of GPU memory — back 2 min after you stop',
    );
    expect(say('owner_yield', 'trigger=gpu_memory used_mib=12288')).toBe(
      'The node stopped taking tasks while another program uses 12 GB of GPU memory.',
    );
    // Odd details read as the general sentence.
    expect(say('owner_yield', 'trigger=gpu_memory')).toBe('The node stopped taking tasks because you need the GPU.');
  });
});

describe('"share anyway" in the event log', () => {
  it("chosen while the owner's program runs: says the node takes tasks because of the choice, not that the use ended", () => {
    const words = say('owner_share_anyway', 'until=2026-11-21T16:00:00.000Z owner_busy=1');
    expect(words).toMatch(
      /^You chose to share the GPU anyway until \d.+; the node takes tasks although you use the GPU\.$/,
    );
    expect(words).not.toMatch(/after your own use/);
  });

  it('goes on after a restart, and each way of ending is said plainly', () => {
    expect(say('owner_share_anyway', 'until=2026-11-21T16:00:00.000Z restored=1')).toMatch(
      /^Sharing anyway goes on after the restart, until \S/,
    );
    expect(say('owner_share_anyway', 'ended=time_up')).toBe(
      'Sharing anyway ended at the time you chose; your own use of the GPU comes first again.',
    );
    expect(say('owner_share_anyway', 'ended=stopped')).toBe(
      'You stopped sharing anyway; your own use of the GPU comes first again.',
    );
    expect(say('owner_share_anyway', 'ended=expired')).toBe(
      'Sharing anyway ended while the node was not running; your own use of the GPU comes first again.',
    );
    // Rows an older version wrote, and an odd reason.
    expect(say('owner_share_anyway', 'ended')).toBe('Sharing anyway ended; your own use of the GPU comes first again.');
    expect(say('owner_share_anyway', 'ended=constructor')).toBe(
      'Sharing anyway ended; your own use of the GPU comes first again.',
    );
  });
});
