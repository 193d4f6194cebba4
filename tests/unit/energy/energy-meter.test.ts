import { describe, expect, it } from 'vitest';
import { EnergyMeter } from '../../../src-main/engine/energy/energy-meter';

function meterAt(typical: number | null = null) {
  let t = 0;
  const meter = new EnergyMeter({ now: () => t, typicalWatts: () => typical });
  return { meter, at: (ms: number) => (t = ms) };
}

describe('EnergyMeter', () => {
  it('gives each task its share of the power above idle, as worked out by hand', () => {
    const { meter, at } = meterAt();
    // Idle readings: the baseline is their 20th percentile (nearest rank below) = 48 W.
    at(0);
    meter.reading(50, 'nvidia-smi', false);
    at(1500);
    meter.reading(52, 'nvidia-smi', false);
    at(3000);
    meter.reading(48, 'nvidia-smi', false);
    at(3500);
    const a = meter.begin();
    at(4500);
    meter.reading(250, 'nvidia-smi', false);
    at(5000);
    const b = meter.begin();
    at(6000);
    meter.reading(300, 'nvidia-smi', false);
    at(6500);
    const ja = a.end();
    at(7200);
    const jb = b.end();
    // By hand: 3.5–4.5 s at 48 W (0 above idle); 4.5–5 s A alone at 202 W; 5–6 s shared at 202 W; 6–6.5 s shared
    // at 252 W; 6.5–7.2 s B alone at 252 W.
    const handA = 202 * 0.5 + (202 * 1) / 2 + (252 * 0.5) / 2;
    const handB = (202 * 1) / 2 + (252 * 0.5) / 2 + 252 * 0.7;
    expect(handA).toBeCloseTo(265, 9);
    expect(handB).toBeCloseTo(340.4, 9);
    expect(Math.abs(ja! - handA) / handA).toBeLessThan(0.01);
    expect(Math.abs(jb! - handB) / handB).toBeLessThan(0.01);
    // Nothing is counted twice: the two shares add up to the energy above idle while anything was served.
    const above = 202 * 1.5 + 252 * 1.2;
    expect(ja! + jb!).toBeCloseTo(above, 6);
    expect(meter.info()).toMatchObject({ source: 'measured', meters: 'nvidia-smi', baselineW: 48, powerW: 300 });
  });

  it('keeps readings taken while serving, just after, or while the owner uses the GPU out of the baseline', () => {
    const { meter, at } = meterAt();
    at(0);
    meter.reading(40, 'RAPL', false);
    const t = meter.begin();
    at(1000);
    meter.reading(200, 'RAPL', false);
    at(2000);
    t.end();
    at(3000);
    meter.reading(180, 'RAPL', false); // 1 s after the task: still warm
    at(10_000);
    meter.reading(350, 'RAPL', true); // a game
    expect(meter.info().baselineW).toBe(40);
  });

  it('uses the typical watts where nothing can be read, and says so', () => {
    const { meter, at } = meterAt(120);
    at(0);
    const t = meter.begin();
    at(2500);
    expect(t.end()).toBeCloseTo(300, 9);
    expect(meter.info()).toMatchObject({ source: 'typical', meters: null, typicalW: 120 });
  });

  it('counts nothing once the readings stop coming, and reports unknown energy as null', () => {
    const { meter, at } = meterAt();
    at(0);
    meter.reading(30, 'rocm-smi', false);
    at(1000);
    meter.reading(30, 'rocm-smi', false);
    const t = meter.begin();
    at(2000);
    meter.reading(130, 'rocm-smi', false);
    // The last reading holds for 10 s (until 12 s), then the power is unknown.
    at(60_000);
    expect(t.end()).toBeCloseTo(100 * 10, 6);
    expect(meter.info().source).toBe('none');
    const u = meter.begin();
    at(61_000);
    expect(u.end()).toBeNull();
  });

  it('ignores readings that are not power', () => {
    const { meter, at } = meterAt();
    at(0);
    meter.reading(Number.NaN, 'x', false);
    meter.reading(-5, 'x', false);
    meter.reading(null, null, false);
    expect(meter.info().source).toBe('none');
  });
});
