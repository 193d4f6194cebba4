/**
 * The wait after the owner's own use of the GPU, as the status sentence says it: a line redrawn every second (the
 * window) says a wait of under an hour as a wait, "back in 2 min"; a line that is not redrawn (the tray's menu) and a
 * longer wait name the time, "back at 19:39".
 */
import { describe, expect, it } from 'vitest';
import type { OwnerInfo } from '@shared/contract';
import { statusWords, type StatusContext } from '@shared/words/status-sentence';
import { snapshotWith } from '../app/snapshots';
import { viewerZone } from '@shared/text/wall-clock';

/** The zone's name after a time of the machine's schedule, when the viewer (this runtime) reads another zone. */
const label = (zone: string): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone === viewerZone() ? '' : ` (${zone})`;

const NOW = Date.UTC(2026, 10, 25, 18, 37); // 19:37 in Berlin

function cooling(resumeInMs: number): OwnerInfo {
  const base = snapshotWith().availability.owner;
  return {
    ...base,
    phase: 'cooling',
    trigger: { kind: 'gpu_busy' },
    resumeAt: new Date(NOW + resumeInMs).toISOString(),
  };
}

function sentence(resumeInMs: number, ctx: Partial<StatusContext> = {}): string {
  const snap = snapshotWith({
    available: false,
    availability: { share: 0, reason: 'owner_use', owner: cooling(resumeInMs) },
  });
  return statusWords(snap, { now: NOW, connection: 'connected', locale: 'en-GB', ...ctx }).sentence;
}

describe('the wait after your own use of the GPU', () => {
  it('is said as a wait on the window’s line, which counts down', () => {
    expect(sentence(2 * 60_000)).toBe('Paused for your own use — back in 2 min');
    expect(sentence(40_000)).toBe('Paused for your own use — back in 40 s');
    expect(sentence(0)).toBe('Paused for your own use — back shortly');
  });

  it('names the time for a long wait, and on a line that is not redrawn', () => {
    expect(sentence(3 * 3_600_000)).toBe(`Paused for your own use — back at 22:37${label('Europe/Berlin')}`);
    expect(sentence(2 * 60_000, { countdown: false })).toBe(
      `Paused for your own use — back at 19:39${label('Europe/Berlin')}`,
    );
  });
});
