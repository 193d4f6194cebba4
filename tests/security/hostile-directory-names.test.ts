/**
 * Names a directory lists, against a real node and the test directory: another node registers (as the production
 * directory lets it: any text of up to 255 characters) models named with a bidi override, a terminal escape, markup
 * and a zero-width space beside one honest model, with a context of 1e300 tokens; the directory's own record is then
 * made hostile too (a region with a bidi override and markup, a transaction reason with a terminal escape). Every
 * reader that hands a name the directory listed to a page, a command's answer or an app is held to the one model name
 * rule the node's own advert is held to (`src-shared/text/model-name-rule.ts`, read once in
 * `directory/discover-answer.ts` and `fleet/machine-reads.ts`): the honest model is there, each hostile one is not,
 * neither as it was listed nor cleaned into a name nobody listed. Text shown as the directory's record (a transaction's
 * reason) is cleaned. One row per reader: the demand card, the gateway's page offer, its OpenAI and Ollama model lists
 * and its model details, the Machines page, the region list and the Earnings page's transactions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTEXT_TOKENS_MAX,
  type EarningsReport,
  type FleetInfo,
  type GatewayInfo,
  type RegionList,
} from '@shared/contract';
import { countInvisibleChars } from '@shared/text/foreign-text';
import { isSoundModelName } from '@shared/text/model-name-rule';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { registerOtherNode, startTestDirectory, type TestDirectory } from '../support/directory';
import { openGateway, startProvider } from '../support/gateway-setup';
import { eventually, http, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const HONEST = 'honest-model:7b';
/** What the other node lists beside its honest model. */
const HOSTILE = ['evil\u202egnp.exe', 'esc\u001b[31mred', '<img src=x onerror=alert(1)>', 'zero\u200bwidth:7b'];
/** The same names as the cleaner shows them: names nobody listed, which no reader may hand on either. */
const CLEANED = ['evilgnp.exe', 'esc red', 'zerowidth:7b'];
const HOSTILE_REGION = 'eu\u202e<b>central</b>';
const HOSTILE_REASON = 'task_spend\u001b[2J\u202e call +1 555 0100';

let directory: TestDirectory;
let backend: FakeBackend;
const nodes: NodeHarness[] = [];
let g: NodeHarness;
let gateway: { baseUrl: string; key: string };
let other: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  g = await startProvider(directory, backend.url, nodes);
  await g.node.commandHandlers().createOperator({ displayName: 'Ada Rigs' });
  gateway = await openGateway(g, 'names');
  const reg = await fetch(`${directory.url}/v1/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      endpoint: 'http://127.0.0.1:19',
      region: 'eu-central',
      capabilities: [
        {
          intent: CHAT,
          models: [HONEST, ...HOSTILE],
          max_tokens: 8192,
          input_modalities: ['text'],
          limits: { context_tokens: { value: 1e300, unit: 'tokens' } },
        },
      ],
      limits: { max_concurrent: 4, tokens_per_min: 10000 },
      pricing: { credit_cost_multiplier: 1, pricing_model: 'per_token' },
      cx_public_key: {
        algorithm: 'X25519',
        encoding: 'base64url',
        key: 'A'.repeat(43),
        key_id: 'cx-0123456789abcdef',
        features: ['response_encryption_v1'],
      },
    }),
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`);
  other = ((await reg.json()) as { node_id: string }).node_id;
  // An honest node in an honest region, so the region list has something to show.
  await registerOtherNode(directory.url, { port: 20, models: ['qwen2.5:7b'], multiplier: 1 });
  // What only a hostile directory would write of its own record: a region and a reason no rule of its own lets in.
  directory.state.nodes[other]!.region = HOSTILE_REGION;
  const gId = g.node.getSnapshot().node.nodeId!;
  directory.state.transactions.push({
    id: directory.state.nextTransactionId++,
    node_id: gId,
    amountUnits: 10,
    type: 'credit',
    task_id: null,
    reason: HOSTILE_REASON,
    created_at: Date.now(),
  });
  await g.node.commandHandlers().addMachine({ nodeId: other });
}, 60_000);

afterAll(async () => {
  for (const n of nodes.splice(0)) await n.stop();
  await backend?.close();
  await directory?.close();
});

const bearer = () => ({ Authorization: `Bearer ${gateway.key}` });
const gatewayRoot = () => gateway.baseUrl.replace(/\/v1$/, '');

/** Each reader of names a directory lists, as a page, a command's answer or an app receives them. */
const READERS: { reader: string; names: () => Promise<string[]> }[] = [
  {
    reader: 'the demand card (getDemand: models few nodes serve)',
    names: async () => (await g.node.commandHandlers().getDemand({ refresh: true })).scarce.map((s) => s.model),
  },
  {
    reader: 'the gateway’s OpenAI model list (GET /v1/models)',
    names: async () =>
      ((await http(`${gateway.baseUrl}/models`, { headers: bearer() })).json as { data: { id: string }[] }).data.map(
        (m) => m.id,
      ),
  },
  {
    reader: 'the gateway’s Ollama model list (GET /api/tags)',
    names: async () =>
      (
        (await http(`${gatewayRoot()}/api/tags`, { headers: bearer() })).json as { models: { name: string }[] }
      ).models.map((m) => m.name),
  },
  {
    reader: 'the gateway page’s network offer (getGateway)',
    names: async () =>
      ((await g.node.commandHandlers().getGateway({})) as GatewayInfo).offer?.models.map((m) => m.model) ?? [],
  },
  {
    reader: 'the Machines page (getFleet: the directory’s view of another machine)',
    names: async () =>
      ((await g.node.commandHandlers().getFleet({})) as FleetInfo).machines.find((m) => m.nodeId === other)?.models ??
      [],
  },
];

/** Every listed name the readers handed on that the rule would not let through, or that is a cleaned hostile one. */
const hostileOf = (names: readonly string[]) =>
  names.filter((n) => !isSoundModelName(n) || HOSTILE.includes(n) || CLEANED.includes(n));

describe('names a directory lists', () => {
  it.each(READERS)('$reader: the honest model, and no hostile name as listed or cleaned', async ({ reader, names }) => {
    // The reader has read the other node once its honest model is there.
    const got = await eventually(async () => {
      const n = await names();
      expect(n).toContain(HONEST);
      return n;
    }, 30_000);
    console.log(`${reader}: hostile names ${JSON.stringify(hostileOf(got))}`);
    expect(hostileOf(got)).toEqual([]);
    expect(countInvisibleChars(got.join(''))).toBe(0);
  });

  it('the gateway’s model details (POST /api/show): no context the directory could not mean', async () => {
    const shown = await http(`${gatewayRoot()}/api/show`, { headers: bearer(), body: { model: HONEST } });
    expect(shown.status).toBe(200);
    const context = (shown.json as { model_info?: Record<string, unknown> }).model_info?.['.context_length'];
    console.log(`/api/show ${HONEST}: context_length ${String(context)}`);
    expect(context === undefined || (Number.isSafeInteger(context) && (context as number) <= CONTEXT_TOKENS_MAX)).toBe(
      true,
    );
    // A hostile name is no model the gateway knows.
    for (const model of HOSTILE)
      expect([400, 404]).toContain(
        (await http(`${gatewayRoot()}/api/show`, { headers: bearer(), body: { model } })).status,
      );
  });

  it('the region list (listRegions): only regions the directory’s rule allows', async () => {
    const list = (await g.node.commandHandlers().listRegions({ url: directory.url, refresh: true })) as RegionList;
    expect(list.ok).toBe(true);
    console.log(`regions: ${JSON.stringify(list.regions.map((r) => r.name))}`);
    expect(list.regions.map((r) => r.name)).toEqual(['eu-central']);
    expect(countInvisibleChars(JSON.stringify(list))).toBe(0);
  });

  it('the Earnings page’s transactions (getEarnings): the directory’s reason cleaned, as data', async () => {
    await g.node.commandHandlers().syncEarnings({});
    const report = (await g.node.commandHandlers().getEarnings({ days: 7 })) as EarningsReport;
    const reasons = report.transactions.map((t) => t.reason);
    expect(reasons.some((r) => r.includes('call +1 555 0100'))).toBe(true);
    expect(countInvisibleChars(reasons.join(''))).toBe(0);
    expect(reasons.join('')).not.toContain('[2J');
  });
});
