/**
 * The event loop's busy share that holds award batches back while tasks are served: what it reads for a working loop,
 * an idle one under a CPU profiler, and a runtime that cannot tell a thread's CPU time.
 */
import type { EventLoopUtilization } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoopLoad, type LoopLoadSources } from '@engine/earnings/loop-load';

/** A loop whose utilisation and CPU time advance as the test says, on a fake clock. */
function fakeLoop(): {
  sources: LoopLoadSources;
  spend: (wallMs: number, eluShare: number, cpuShare: number | null) => void;
} {
  let active = 0;
  let idle = 0;
  let cpu: number | null = 0;
  let at = 0;
  const elu = (a?: EventLoopUtilization, b?: EventLoopUtilization): EventLoopUtilization => {
    if (a && b) {
      const dActive = a.active - b.active;
      const dIdle = a.idle - b.idle;
      return { active: dActive, idle: dIdle, utilization: dActive / (dActive + dIdle) };
    }
    return { active, idle, utilization: active / (active + idle || 1) };
  };
  return {
    sources: { elu, threadCpuMicros: () => cpu, now: () => at },
    spend: (wallMs, eluShare, cpuShare) => {
      active += wallMs * eluShare;
      idle += wallMs * (1 - eluShare);
      cpu = cpuShare === null ? null : (cpu ?? 0) + wallMs * 1000 * cpuShare;
      at += wallMs;
    },
  };
}

describe('LoopLoad', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const published = (load: LoopLoad): number => Atomics.load(new Int32Array(load.buffer), 0);

  it('publishes the busy share of a loop that is working', () => {
    const loop = fakeLoop();
    const load = new LoopLoad(loop.sources);
    load.start();
    loop.spend(100, 0.95, 0.93);
    vi.advanceTimersByTime(100);
    expect(published(load)).toBe(93);
    loop.spend(100, 0.1, 0.12);
    vi.advanceTimersByTime(100);
    expect(published(load)).toBe(10);
    load.stop();
    expect(published(load)).toBe(0);
  });

  it('reads an idle loop as idle when a profiler makes its poll look busy', () => {
    // Under --cpu-prof an idle loop reports 87 % utilisation while its thread uses about 1 % of a core.
    const loop = fakeLoop();
    const load = new LoopLoad(loop.sources);
    load.start();
    loop.spend(100, 0.87, 0.01);
    vi.advanceTimersByTime(100);
    expect(published(load)).toBe(1);
    load.stop();
  });

  it('falls back to the utilisation alone where the thread CPU time is unknown', () => {
    const loop = fakeLoop();
    loop.spend(0, 0, null);
    const load = new LoopLoad(loop.sources);
    load.start();
    loop.spend(100, 0.87, null);
    vi.advanceTimersByTime(100);
    expect(published(load)).toBe(87);
    load.stop();
  });
});
