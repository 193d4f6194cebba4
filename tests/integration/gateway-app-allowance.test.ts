/**
 * Each app its own allowance, end to end: node G's gateway on its real listener, a paid provider node of another
 * operator at the PHP-faithful test directory, and two apps, each with its own daily cap, each sending 32 requests at
 * once. Neither app's cap is passed, whatever the other does, and what the page says per app is what the spent book
 * holds for it.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePath } from '@engine/files/paths';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { csvRecords } from '../support/csv-cells';
import { eventually } from '../support/node-harness';
import { startGatewayWorld, type GatewayWorld } from '../support/streaming-gateway';

const MODEL = 'paid-model:7b';
let world: GatewayWorld;
let backend: FakeBackend;

beforeAll(async () => {
  world = await startGatewayWorld();
  backend = await startFakeBackend({ flavour: 'ollama', models: [MODEL] });
  // Slots for every request the caps let through at once, so none of them waits on the provider; a low price, so the
  // worst cases of all 64 requests on their way fit the operator's 5-credit grant and the apps' own caps are what bind.
  await world.addProvider(backend.url, { settings: { maxConcurrent: 8, creditCostMultiplier: 0.01 } });
  await world.waitModel(MODEL);
}, 90_000);

afterAll(async () => {
  await world?.close();
  await backend?.close();
});

async function ask(key: string, n: number): Promise<{ status: number; code: string | null; message: string }> {
  const res = await fetch(`http://127.0.0.1:${world.gatewayPort}/v1/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      model: MODEL,
      max_tokens: 16,
      messages: [{ role: 'user', content: `Say hello, number ${n}.` }],
    }),
  });
  const body = (await res.json()) as { error?: { code?: string; message?: string } };
  return { status: res.status, code: body.error?.code ?? null, message: body.error?.message ?? '' };
}

describe('two apps with their own daily caps', () => {
  it('a 32-way race per app holds each cap; the per-app figures agree with the spent book', async () => {
    const h = world.g.node.commandHandlers();
    const apps = [
      { name: 'agent loop', cap: 0.05 },
      { name: 'editor', cap: 0.08 },
    ];
    const made = [];
    for (const a of apps) {
      const { key, secret } = await h.createGatewayKey({ name: a.name });
      await h.setGatewayKeyLimits({ id: key.id, dailyCap: a.cap, rpm: null });
      made.push({ ...a, id: key.id, secret });
    }
    const answers = await Promise.all(
      made.flatMap((a) => Array.from({ length: 32 }, (_, i) => ask(a.secret, i).then((r) => ({ app: a, ...r })))),
    );

    for (const a of made) {
      const mine = answers.filter((r) => r.app === a);
      const answered = mine.filter((r) => r.status === 200);
      const refused = mine.filter((r) => r.status === 429);
      expect(answered.length, a.name).toBeGreaterThan(0);
      // The app's own cap is what stopped the rest.
      expect(refused.length, a.name).toBeGreaterThan(0);
      expect(answered.length + refused.length).toBe(32);
      expect(
        refused.every((r) => r.code === 'insufficient_quota' && r.message.includes(`the app “${a.name}”`)),
        JSON.stringify(refused[0]),
      ).toBe(true);
    }

    // The page's figures, once every request is booked, and the spent book's rows for each app.
    await eventually(async () =>
      expect((await h.getGateway({})).apps.reduce((n, a) => n + a.requestsToday, 0)).toBe(64),
    );
    const info = await h.getGateway({});
    const db = new Database(databasePath(world.g.dir), { readonly: true });
    try {
      for (const a of made) {
        const rows = db
          .prepare('SELECT outcome, credits_u AS creditsU, charged_u AS chargedU FROM gateway_spend WHERE app_key = ?')
          .all(a.id) as { outcome: string; creditsU: number | null; chargedU: number | null }[];
        const spentU = rows.reduce((n, r) => n + (r.chargedU ?? (r.outcome === 'answered' ? (r.creditsU ?? 0) : 0)), 0);
        expect(rows).toHaveLength(32);
        expect(spentU / 1e6, a.name).toBeLessThanOrEqual(a.cap);
        expect(rows.filter((r) => r.outcome === 'answered')).toHaveLength(
          answers.filter((r) => r.app === a && r.status === 200).length,
        );
        expect(info.apps.find((x) => x.id === a.id)).toEqual({
          id: a.id,
          name: a.name,
          spentToday: spentU / 1e6,
          requestsToday: 32,
          dailyCap: a.cap,
          rpm: null,
        });
      }
      // The request log names each row's app, and the exported CSV has each app's 32 requests, spent as the book says.
      for (const r of info.recent) expect(made.map((a) => a.name)).toContain(r.app);
      const csv = csvRecords((await h.exportLedger({})).csv).filter((r) => r.direction !== 'earned');
      for (const a of made) {
        const mine = csv.filter((r) => r.app === a.name);
        expect(mine, a.name).toHaveLength(32);
        const bookU = (
          db
            .prepare(
              'SELECT sum(coalesce(charged_u, CASE WHEN outcome = ? THEN credits_u ELSE 0 END)) AS u FROM gateway_spend WHERE app_key = ?',
            )
            .get('answered', a.id) as { u: number }
        ).u;
        const csvU = mine.reduce(
          (n, r) =>
            n +
            Math.round(Number(r.credits_charged || (r.direction === 'spent' ? r.credits_expected : '0') || '0') * 1e6),
          0,
        );
        expect(csvU, a.name).toBe(bookU);
        expect(mine.filter((r) => r.direction === 'none').length, a.name).toBe(
          answers.filter((x) => x.app === a && x.status !== 200).length,
        );
      }
    } finally {
      db.close();
    }
    expect(info.budget.held).toBe(0);
  }, 120_000);
});
