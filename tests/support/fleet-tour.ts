/**
 * The fleet the e2e tour of a fleet reads: this computer (the built headless host whose pages the browser opens, its
 * gateway on, operator "Ana"), two more of Ana's machines and another person's node (operator "Bob’s Rig"), each its
 * own built host at the one test directory (a 1 s heartbeat, which is also how often this computer looks at its
 * machines). Ana's machines serve MODEL from one fake Ollama; Bob's serves MODEL and THEIRS from another, so a gateway
 * request for THEIRS is a paid task to Bob's node.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { EngineEvent, FleetInfo, GatewayInfo, NodeSnapshot, Settings } from '@shared/contract';
import type { Say } from '@shared/i18n/say';
import { startFakeBackend, type FakeBackend } from './backends';
import { generateGenesisKey } from './directory';
import { startE2eNode, type E2eNode } from './e2e-node';
import { eventually } from './eventually';
import { freePort } from './free-port';
import { startPeerHost, type PeerHost } from './peer-host';
import { tempDir } from './tmp';

export const MODEL = 'qwen2.5:7b';
export const THEIRS = 'mistral:7b';
export const ANA = 'Ana';
export const BOB = 'Bob’s Rig';
/** The names the fleet gives this computer and the two machines it meets after it, in that order. */
export const SELF_NAME = 'My IICP node';
export const MACHINE_NAMES = [`${SELF_NAME} 2`, `${SELF_NAME} 3`] as const;
const PASSPHRASE = 'a long passphrase for the fleet tour';

export interface FleetTour {
  node: E2eNode;
  /** Ana's other machines, in the order this computer met them ("My IICP node 2", then "3"). */
  machines: PeerHost[];
  bob: PeerHost;
  ids: { self: string; machines: string[]; bob: string };
  /** The gateway's base URL and an app key. */
  gateway: { baseUrl: string; key: string };
  stop(): Promise<number | null | undefined>;
}

const snapshotOf = (h: { callOk<T>(c: string, r?: unknown): Promise<T> }) => h.callOk<NodeSnapshot>('getSnapshot');

/** Resolves once a host is registered at the directory; with its node id. */
async function registered(h: { callOk<T>(c: string, r?: unknown): Promise<T> }): Promise<string> {
  await eventually(async () => expect((await snapshotOf(h)).directory.link).toBe('registered'), 60_000);
  return (await snapshotOf(h)).node.nodeId!;
}

/** Starts the four nodes (the three others at once), joins Ana's, names Bob's operator, and opens the gateway. */
export async function startFleetTour(env: NodeJS.ProcessEnv): Promise<FleetTour> {
  const taskPort = await freePort();
  const node = await startE2eNode({
    dataPrefix: 'iicp-e2e-fleet-tour-',
    backend: { flavour: 'ollama', models: [MODEL] },
    // The directory signs its event log, as the real one does: Earnings' check of the awards has a record to read.
    directory: {
      routabilityCheck: false,
      livenessProbe: false,
      heartbeatIntervalMs: 1000,
      genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
    },
    env: {
      ...env,
      IICP_GATEWAY_PORT: '0',
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
    },
  });
  const backends: FakeBackend[] = [];
  const peers: PeerHost[] = [];
  const folders: { cleanup(): void }[] = [];
  const stop = async () => {
    await Promise.all(peers.map((p) => p.quit().catch(() => undefined)));
    for (const b of backends) await b.close();
    for (const f of folders) f.cleanup();
    return node.stop();
  };
  try {
    // This computer registers first: the directory's evaluation grant is its, which pays for the tasks to Bob's node.
    const self = await registered(node);
    await node.callOk('createOperator', { displayName: ANA });
    await eventually(async () => expect((await node.callOk<FleetInfo>('getFleet')).state).toBe('active'), 15_000);
    const file = await node.callOk<{ text: string }>('exportOperator', { passphrase: PASSPHRASE });
    const own = await startFakeBackend({ flavour: 'ollama', models: [MODEL] });
    backends.push(own);
    const theirs = await startFakeBackend({ flavour: 'ollama', models: [MODEL, THEIRS] });
    backends.push(theirs);
    const peer = async (backendUrl: string): Promise<PeerHost> => {
      const data = tempDir('iicp-e2e-fleet-tour-peer-');
      folders.push(data);
      const p = await startPeerHost({
        dataDir: data.dir,
        taskPort: await freePort(),
        directoryUrl: node.directory!.url,
        backendUrl,
      });
      peers.push(p);
      return p;
    };
    const [two, three, bob] = await Promise.all([peer(own.url), peer(own.url), peer(theirs.url)]);
    const [idTwo, idThree, idBob] = await Promise.all([two!, three!, bob!].map(registered));
    await bob!.callOk('createOperator', { displayName: BOB });
    // One at a time, so this computer meets them in this order and numbers them so.
    for (const [p, id] of [
      [two!, idTwo!],
      [three!, idThree!],
    ] as const) {
      await p.callOk('importOperator', { file: file.text, passphrase: PASSPHRASE, replace: false });
      await eventually(async () => {
        const m = (await node.callOk<FleetInfo>('getFleet')).machines.find((x) => x.nodeId === id);
        expect(m?.state).toBe('online');
      }, 30_000);
    }
    await eventually(
      async () => expect((await snapshotOf(bob!)).operator).toMatchObject({ directory: 'bound' }),
      30_000,
    );
    const s = await node.callOk<Settings>('getSettings');
    await node.callOk('updateSettings', {
      gateway: { ...s.gateway, enabled: true, dailyCap: 100, monthlyCap: 1000, perRequestMax: 10 },
    });
    await eventually(async () => {
      const g = await node.callOk<GatewayInfo>('getGateway');
      expect(g.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(g.offer?.models.map((m) => m.model)).toContain(THEIRS);
    }, 30_000);
    const baseUrl = (await node.callOk<GatewayInfo>('getGateway')).baseUrl!;
    const key = (await node.callOk<{ secret: string }>('createGatewayKey', { name: 'tour app' })).secret;
    return {
      node,
      machines: [two!, three!],
      bob: bob!,
      ids: { self, machines: [idTwo!, idThree!], bob: idBob! },
      gateway: { baseUrl, key },
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/** One chat request through the gateway, as an app sends it; resolves with the node that answered. */
export async function askGateway(tour: FleetTour, model: string): Promise<string | null> {
  const res = await fetch(`${tour.gateway.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tour.gateway.key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 16 }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  await res.text();
  return res.headers.get('x-iicp-node-id');
}

/** A name as the page quotes foreign text, in the page's quotation marks. */
export const quoted = (say: Say, name: string): string =>
  `${say('common.quote.open')}${name}${say('common.quote.close')}`;

/** "A node of “Bob’s Rig”" as a catalogue message with its `<name>` tag says it on the page. */
export const nodeOf = (say: Say, id: 'gateway.recent.nodeOf' | 'earnings.spent.nodeOf', name: string): string =>
  say.parts<string>(id, {}, { name: () => quoted(say, name) }).join('');

/** The words of a message before its first placeholder: the phrase a sentence with a time in it starts with. */
export const phraseOf = (say: Say, id: Parameters<Say>[0]): string =>
  say(id, { time: '\u0000', ahead: '\u0000', when: '\u0000', until: '\u0000', share: '\u0000' }).split('\u0000')[0]!;

/** Opens a page by its route, as the sidebar does, and waits for its heading. */
export async function openRoute(page: Page, route: string): Promise<void> {
  await page.evaluate(`window.location.hash = '/${route}'`);
  await expect.poll(() => page.locator('main h1').first().isVisible(), { timeout: 15_000 }).toBe(true);
}

/** The events of one kind in this computer's event log. */
export async function eventsOf(node: E2eNode, event: string): Promise<EngineEvent[]> {
  return (await node.callOk<EngineEvent[]>('listEvents', { limit: 500 })).filter((e) => e.event === event);
}

/** Waits until the directory has taken a few more heartbeats: this computer has looked at its machines again. */
export async function severalMoreLooks(node: E2eNode, self: string): Promise<void> {
  const mine = () => node.directory!.state.heartbeats.filter((h) => h.nodeId === self).length;
  const looks = mine();
  await eventually(() => expect(mine()).toBeGreaterThan(looks + 4), 20_000);
}

/** A weekly schedule of one window three days from today (UTC), closed outside it: now is outside every window. */
export function scheduleOutsideNow(now = new Date()): { timeZone: string; outsideShare: number; windows: object[] } {
  const today = ((now.getUTCDay() + 6) % 7) + 1;
  const day = ((today + 2) % 7) + 1;
  return { timeZone: 'UTC', outsideShare: 0, windows: [{ days: [day], start: '10:00', end: '11:59', share: 1 }] };
}
