/**
 * "Sync now" (the Earnings page's button, and the "why no tasks" check before it judges the standing) shows what the
 * directory says after the person asked: a read of the books already under way, which asked the directory before,
 * is followed by a fresh one — one for everyone who asks meanwhile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EarningsService } from '@engine/earnings/earnings-service';
import type { SecretStore } from '@engine/identity/secret-store';
import { Store } from '@engine/store';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A node token, so the node's own page is read; no HMAC key, so no receipts go anywhere. */
const secrets = {
  get: (k: string) => (k === 'node_token' ? 'tok-sync-now-0123456789' : null),
} as unknown as SecretStore;

/**
 * A directory whose node page answers the reputation it holds when the request arrives, and holds each answer until
 * the test lets it go.
 */
function gatedDirectory() {
  const d = {
    reputation: 0.5,
    nodeReads: 0,
    gated: true,
    held: [] as (() => void)[],
    fetch: (async (input: string | URL | Request) => {
      const path = new URL(String(input)).pathname.replace(/^\/api/, '');
      let json: unknown = {};
      if (path.startsWith('/v1/node/')) {
        d.nodeReads += 1;
        json = { reputation_score: d.reputation, probation: false, completed_tasks_count: 250 };
        if (d.gated) await new Promise<void>((release) => d.held.push(release));
      } else if (path.startsWith('/v1/credits/'))
        json = { balance: '1.0000', total_earned: '1.0000', transactions: [] };
      return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch,
    /** Waits until the node page has been asked for `n` times. */
    async reads(n: number) {
      while (d.nodeReads < n) await new Promise((r) => setImmediate(r));
    },
    /** Lets every held answer go; later ones are not held. */
    open() {
      d.gated = false;
      for (const release of d.held.splice(0)) release();
    },
  };
  return d;
}

function service(fetchImpl: typeof fetch): EarningsService {
  const t = tempDir('iicp-sync-now-');
  const store = Store.open(`${t.dir}/provider.db`);
  const earnings = new EarningsService({
    store,
    secrets,
    nodeId: '2f1e3d4c-8a9b-4c5d-9e0f-112233445566',
    baseUrl: () => 'https://iicp.example/api',
    settings: () => DEFAULT_SETTINGS,
    models: () => ['llama3:8b'],
    log: () => undefined,
    onChange: () => undefined,
    fetchImpl,
  });
  cleanups.push(
    t.cleanup,
    () => store.close(),
    () => earnings.stop(),
  );
  return earnings;
}

describe('Sync now', () => {
  it('asked while an older read is under way: shows what the directory says after the question', async () => {
    const dir = gatedDirectory();
    const earnings = service(dir.fetch);
    const older = earnings.syncNow(); // e.g. the read that follows a registration
    await dir.reads(1);

    dir.reputation = 0.72; // the directory's figure changes, then the person asks (twice)
    const asked = earnings.syncNow();
    const alsoAsked = earnings.syncNow();
    dir.open();
    await older;
    expect(earnings.info().reputationScore).toBe(0.5); // the older read answers what it was told
    await Promise.all([asked, alsoAsked]);
    expect(earnings.info().reputationScore).toBe(0.72);
    expect(dir.nodeReads).toBe(2); // both questions shared one fresh read
  });

  it('asked with no read under way: one read', async () => {
    const dir = gatedDirectory();
    const earnings = service(dir.fetch);
    dir.open();
    await earnings.syncNow();
    expect(earnings.info().reputationScore).toBe(0.5);
    expect(dir.nodeReads).toBe(1);
  });
});
