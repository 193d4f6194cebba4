/**
 * When the owner watcher starts its thread: only when something can be watched. A thread with nothing to read still
 * wakes the node at every look, so an idle node without a GPU tool, a CPU power meter, picked programs or a display
 * to ask about full-screen windows keeps none.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import type { OwnerToolPaths } from '@engine/owner/owner-wire';

const started = vi.hoisted(() => ({ threads: 0 }));

vi.mock('@engine/owner/owner-thread', () => ({
  OwnerThread: class {
    start(): void {
      started.threads += 1;
    }
    configure(): void {}
    stop(): void {}
  },
}));

const { OwnerWatch } = await import('@engine/owner/owner-watch');

const NO_TOOLS: OwnerToolPaths = {
  nvidiaSmi: null,
  rocmSmi: null,
  ioreg: null,
  xprop: null,
  typeperf: null,
  tasklist: null,
};

function watch(o: { xprop: string | null; display: string | null; fullscreen?: boolean; programs?: string[] }): void {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    ownerFirst: { ...DEFAULT_SETTINGS.ownerFirst, fullscreen: o.fullscreen ?? true, programs: o.programs ?? [] },
  };
  const w = new OwnerWatch({
    settings: () => settings,
    now: () => 0,
    activeJobs: () => 0,
    onChange: () => undefined,
    onOff: () => undefined,
    tuning: { tools: { ...NO_TOOLS, xprop: o.xprop }, raplRoot: null, display: o.display },
  });
  w.start();
  w.stop();
}

afterEach(() => {
  started.threads = 0;
  vi.unstubAllEnvs();
});

describe('the owner watcher thread', () => {
  it('is not started for full-screen windows when there is no display to ask', () => {
    vi.stubEnv('DISPLAY', '');
    watch({ xprop: '/usr/bin/xprop', display: null });
    expect(started.threads).toBe(0);
  });

  it('is started for full-screen windows when there is a display', () => {
    watch({ xprop: '/usr/bin/xprop', display: ':0' });
    expect(started.threads).toBe(1);
  });

  it('is started for picked programs without a display', () => {
    vi.stubEnv('DISPLAY', '');
    watch({ xprop: null, display: null, programs: ['blender'] });
    expect(started.threads).toBe(1);
  });

  it('is not started when nothing at all can be watched', () => {
    watch({ xprop: null, display: ':0' });
    expect(started.threads).toBe(0);
  });
});
