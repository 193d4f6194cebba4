/**
 * The energy on /metrics: `iicp_energy_joules_total` is the ledger's total, read at each scrape (so it goes on from
 * the ledger after a restart and never runs backwards), and `iicp_task_energy_joules` holds each booked task's joules.
 */
import { describe, expect, it } from 'vitest';
import { NodeMetrics } from '@engine/server/node-metrics';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const intents = () => new Set([CHAT]);

/** The value of one series in the Prometheus text, or undefined when it is not there. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('energy on /metrics', () => {
  it('shows the total the ledger holds at each scrape, as a counter', async () => {
    let ledger = 1234.5;
    const m = new NodeMetrics(intents, () => ledger);
    const first = (await m.render()).body;
    expect(first).toContain('# TYPE iicp_energy_joules_total counter');
    expect(value(first, 'iicp_energy_joules_total')).toBe(1234.5);
    ledger += 10.25;
    expect(value((await m.render()).body, 'iicp_energy_joules_total')).toBe(1244.75);
  });

  it('starts from the ledger, not from 0, in a new process on the same data', async () => {
    const before = new NodeMetrics(intents, () => 5000);
    expect(value((await before.render()).body, 'iicp_energy_joules_total')).toBe(5000);
    const after = new NodeMetrics(intents, () => 5000);
    expect(value((await after.render()).body, 'iicp_energy_joules_total')).toBe(5000);
  });

  it('never runs backwards, and a ledger that cannot be read leaves the last value', async () => {
    const reads: (number | Error)[] = [100, 90, new Error('database is locked'), 120];
    const m = new NodeMetrics(intents, () => {
      const r = reads.shift()!;
      if (r instanceof Error) throw r;
      return r;
    });
    const seen: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await m.render();
      seen.push(value(r.body, 'iicp_energy_joules_total'));
    }
    expect(seen).toEqual([100, 100, 100, 120]);
  });

  it('is 0 on a node with nothing to read it from', async () => {
    expect(value((await new NodeMetrics(intents).render()).body, 'iicp_energy_joules_total')).toBe(0);
  });

  it("puts each task's joules in the histogram, per intent; a task without a figure is not counted", async () => {
    const m = new NodeMetrics(intents, () => 0);
    for (const j of [0.05, 3, 7, 7, 2000]) m.taskEnergyUsed(CHAT, j);
    m.taskEnergyUsed(CHAT, null);
    m.taskEnergyUsed(CHAT, Number.NaN);
    m.taskEnergyUsed('urn:iicp:intent:made:up:v1', 40);
    const text = (await m.render()).body;
    expect(text).toContain('# TYPE iicp_task_energy_joules histogram');
    const chat = (s: string, le?: string) =>
      value(text, `iicp_task_energy_joules${s}{${le ? `le="${le}",` : ''}intent="${CHAT}"}`);
    expect(chat('_bucket', '0.1')).toBe(1);
    expect(chat('_bucket', '1')).toBe(1);
    expect(chat('_bucket', '5')).toBe(2);
    expect(chat('_bucket', '10')).toBe(4);
    expect(chat('_bucket', '1000')).toBe(4);
    expect(chat('_bucket', '5000')).toBe(5);
    expect(chat('_bucket', '+Inf')).toBe(5);
    expect(chat('_count')).toBe(5);
    expect(chat('_sum')).toBeCloseTo(2017.05, 6);
    expect(value(text, 'iicp_task_energy_joules_count{intent="other"}')).toBe(1);
  });
});
