/**
 * The one rule of a pull's figure: all layers counted together, each at the most it reported, and a share that never
 * goes back (a new layer, a layer that says less) and stops at 99 % while the pull runs.
 */
import { describe, expect, it } from 'vitest';
import { PullProgress, RUNNING_CEILING } from '@engine/backends/pull-progress';

const MODEL = 'sha256:2bada8a7450677000f678be90653b85d364de7db25eb5ea54136ada5f3933730';
const PROJECTOR = 'sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff01';

describe('PullProgress', () => {
  it('says nothing before a layer says its counts', () => {
    const p = new PullProgress();
    p.report('pulling manifest', undefined, undefined);
    expect(p.figures).toEqual({ completed: null, total: null, fraction: null });
  });

  it('counts one layer as it comes', () => {
    const p = new PullProgress();
    p.report(MODEL, undefined, 4000);
    expect(p.figures).toEqual({ completed: null, total: 4000, fraction: 0 });
    p.report(MODEL, 1000, 4000);
    expect(p.figures).toEqual({ completed: 1000, total: 4000, fraction: 0.25 });
  });

  it('a new layer adds to the bytes, and the share holds until the bytes catch up', () => {
    const p = new PullProgress();
    p.report(MODEL, 3000, 4000);
    expect(p.figures.fraction).toBe(0.75);
    // A second layer of 4000: 3000 of 8000 is less than 75 %, so 75 % stays.
    p.report(PROJECTOR, 0, 4000);
    expect(p.figures).toEqual({ completed: 3000, total: 8000, fraction: 0.75 });
    p.report(MODEL, 4000, 4000);
    p.report(PROJECTOR, 2500, 4000);
    expect(p.figures).toEqual({ completed: 6500, total: 8000, fraction: 6500 / 8000 });
  });

  it('a layer that says less than before (done or size) counts what it said at most', () => {
    const p = new PullProgress();
    p.report(MODEL, 2000, 4000);
    p.report(MODEL, 500, 1000);
    expect(p.figures).toEqual({ completed: 2000, total: 4000, fraction: 0.5 });
    p.report(MODEL, 3000, undefined);
    expect(p.figures).toEqual({ completed: 3000, total: 4000, fraction: 0.75 });
  });

  it('stops at 99 % while the pull runs: only Ollama’s "success" ends it', () => {
    const p = new PullProgress();
    p.report(MODEL, 4000, 4000);
    expect(p.figures.fraction).toBe(RUNNING_CEILING);
    expect(p.figures.completed).toBe(4000);
  });

  it('never moves back over any sequence of reports', () => {
    // A fixed pseudo-random walk over three layers whose counts jump about.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const layers = [MODEL, PROJECTOR, 'sha256:abc'];
    const p = new PullProgress();
    let last = { completed: 0, total: 0, fraction: 0 };
    for (let i = 0; i < 2000; i++) {
      const layer = layers[next() % layers.length]!;
      const total = next() % 10_000;
      p.report(layer, next() % (total + 1), next() % 3 === 0 ? undefined : total);
      const f = p.figures;
      expect(f.completed ?? 0).toBeGreaterThanOrEqual(last.completed);
      expect(f.total ?? 0).toBeGreaterThanOrEqual(last.total);
      expect(f.fraction ?? 0).toBeGreaterThanOrEqual(last.fraction);
      expect(f.fraction ?? 0).toBeLessThanOrEqual(RUNNING_CEILING);
      last = { completed: f.completed ?? 0, total: f.total ?? 0, fraction: f.fraction ?? 0 };
    }
  });

  it('takes no counts that are not whole bytes, and no more than 64 layers', () => {
    const p = new PullProgress();
    p.report(MODEL, -5, 'lots');
    p.report(MODEL, 1.5, Number.MAX_VALUE);
    expect(p.figures).toEqual({ completed: null, total: null, fraction: null });
    for (let i = 0; i < 100; i++) p.report(`layer-${i}`, 1, 1);
    expect(p.figures.total).toBe(64);
    p.report('x'.repeat(101), 5, 5);
    expect(p.figures.total).toBe(64);
  });
});
