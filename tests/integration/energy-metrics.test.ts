/**
 * The energy on a real node's /metrics (ProviderNode, its task port, a fake LLM server): with nothing to measure the
 * power with, the watts the person entered stand in (3600 W: a joule per millisecond of generation), so each task's
 * figure is known within the time the fake server takes (100 ms at least: 360 J at least). `iicp_energy_joules_total`
 * is the ledger's total — the sum of the ledger rows' joules — and goes on from it after a restart on the same data
 * folder; `iicp_task_energy_joules` holds each task this run booked.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type LedgerRow } from '@shared/contract';
import { startFakeBackend } from '../support/backends';
import { chatTask, http, startNode, type NodeHarness } from '../support/node-harness';
import { tempDir } from '../support/tmp';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const WATTS = 3600;
const BACKEND_MS = 100;
const BUCKETS = ['0.1', '1', '5', '10', '50', '100', '500', '1000', '5000', '10000', '50000', '+Inf'];
/** Nothing on this computer measures power for the node: no GPU tool, no RAPL, no thread. */
const NO_METERS = {
  raplRoot: null,
  tools: { nvidiaSmi: null, rocmSmi: null, ioreg: null, xprop: null, typeperf: null, tasklist: null },
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'], latencyMs: BACKEND_MS });
  cleanups.push(() => backend.close());
  const data = tempDir('iicp-energy-metrics-');
  cleanups.push(data.cleanup);
  const start = async (): Promise<NodeHarness> => {
    const energy = { ...DEFAULT_SETTINGS.energy, typicalWatts: WATTS };
    const h = await startNode(
      { backendUrl: backend.url, maxConcurrent: 1, energy },
      { tuning: { owner: NO_METERS } },
      data.dir,
    );
    cleanups.push(() => h.node.stop());
    return h;
  };
  return { start };
}

async function serve(h: NodeHarness, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    expect(r.status).toBe(200);
  }
}

async function ledger(h: NodeHarness): Promise<LedgerRow[]> {
  return h.node.commandHandlers().listLedger({ limit: 100 });
}

/** Every series of the Prometheus text by its name and labels, as written. */
async function scrape(h: NodeHarness): Promise<Map<string, number>> {
  const r = await http(`${h.base}/metrics`);
  expect(r.status).toBe(200);
  const series = new Map<string, number>();
  for (const line of r.text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    series.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return series;
}

const bucket = (le: string) => `iicp_task_energy_joules_bucket{le="${le}",intent="${CHAT}"}`;
const sum = (rows: LedgerRow[]) => rows.reduce((j, r) => j + (r.energyJ ?? 0), 0);

/** The histogram as the rows make it: how many tasks used at most each bucket's joules, their count and sum. */
function expectHistogram(m: Map<string, number>, rows: LedgerRow[]) {
  for (const le of BUCKETS) {
    const within = rows.filter((r) => le === '+Inf' || r.energyJ! <= Number(le)).length;
    expect(m.get(bucket(le)), `bucket le=${le}`).toBe(within);
  }
  expect(m.get(`iicp_task_energy_joules_count{intent="${CHAT}"}`)).toBe(rows.length);
  expect(m.get(`iicp_task_energy_joules_sum{intent="${CHAT}"}`)).toBeCloseTo(sum(rows), 6);
}

describe('energy on /metrics', () => {
  it("shows the ledger's total and each task's joules, and a restart on the same data folder goes on from the total", async () => {
    const { start } = await setup();
    const first = await start();
    await serve(first, 3);
    const rows = await ledger(first);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      // The stand-in watts over the time the server generated: at least its 100 ms, at most the task's whole time (the
      // two clocks tick in whole milliseconds).
      expect(r.energyJ).toBeGreaterThanOrEqual((WATTS * (BACKEND_MS - 2)) / 1000);
      expect(r.energyJ).toBeLessThanOrEqual((WATTS * (r.latencyMs + 2)) / 1000);
    }
    const before = await scrape(first);
    expect(before.get('iicp_energy_joules_total')).toBeCloseTo(sum(rows), 3);
    expectHistogram(before, rows);
    await first.node.stop();

    const second = await start();
    const after = await scrape(second);
    // The total is the ledger's: the same as before the restart, not 0. The histogram counts this run's tasks.
    expect(after.get('iicp_energy_joules_total')).toBe(before.get('iicp_energy_joules_total'));
    expect(after.has(`iicp_task_energy_joules_count{intent="${CHAT}"}`)).toBe(false);

    await serve(second, 1);
    const all = await ledger(second);
    expect(all).toHaveLength(4);
    const added = all.filter((r) => !rows.some((o) => o.taskId === r.taskId));
    const later = await scrape(second);
    expect(later.get('iicp_energy_joules_total')).toBeCloseTo(sum(all), 3);
    expect(later.get('iicp_energy_joules_total')! - after.get('iicp_energy_joules_total')!).toBeCloseTo(
      added[0]!.energyJ!,
      3,
    );
    expectHistogram(later, added);
  });
});
