/**
 * A hostile LLM server's token count, against a real node registered at the PHP-faithful test directory: the server
 * (tests/support/streaming-llm.ts) writes three tokens, "a", "b", "c", for a request with `max_tokens` 50, then says
 * its usage was whatever `usageSays` holds — 9e15 tokens in total, in the prompt, in the answer, more than `max_tokens`
 * allows, "NaN", negative, text, a number too large to be exact. Each variant goes by each way a consumer asks: a whole
 * answer over HTTP (`POST /v1/task`, plain and sealed), a buffered native CALL, and a streamed native CALL.
 *
 * Each time the consumer is told, the ledger books and the receipt claims one figure, the node's claim
 * (`src-main/engine/backends/token-claim.ts`): no more than the request could have produced, far below 9e15; the
 * server's own parts where they are believable (9 + 3 when only the total lies). The requests feed's row carries a
 * note in the catalogue's words and the node's log a `usage_claim_bounded` line naming both figures. An honest
 * server's usage, also one whose tokenizer counts four times the node's estimate, passes unchanged, with no note.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRow } from '@shared/contract';
import { NativeClient, type DecodedLifecycle } from '@engine/native';
import { openResponse, sealRequest } from '../support/cx-consumer';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MAX_TOKENS = 50;
const PAYLOAD = { messages: [{ role: 'user', content: 'Say three letters.' }], max_tokens: MAX_TOKENS };
/**
 * Far above anything these requests could use (some hundred bytes, a template's 1024 tokens, 50 written), far below
 * 9e15.
 */
const BOUND = 2048;
const HUGE = 9e15;

interface Variant {
  name: string;
  says: unknown;
  /** The claim when the server's believable parts decide it; else checked against BOUND (and the node's own count). */
  claimed?: number;
  note: 'usageBounded' | 'usageUnreadable' | null;
}

const VARIANTS: Variant[] = [
  { name: 'total 9e15, nothing else', says: { total_tokens: HUGE }, note: 'usageBounded' },
  {
    name: 'parts honest, total 9e15',
    says: { prompt_tokens: 9, completion_tokens: 3, total_tokens: HUGE },
    claimed: 12,
    note: 'usageBounded',
  },
  {
    name: 'prompt 9e15',
    says: { prompt_tokens: HUGE, completion_tokens: 3, total_tokens: HUGE + 3 },
    note: 'usageBounded',
  },
  // The answer's part: three pieces written, at most four times the node's count plus 64, and never past max_tokens.
  {
    name: 'completion 9e15',
    says: { prompt_tokens: 9, completion_tokens: HUGE, total_tokens: HUGE + 9 },
    claimed: 9 + MAX_TOKENS,
    note: 'usageBounded',
  },
  {
    name: 'completion past max_tokens',
    says: { prompt_tokens: 9, completion_tokens: 500, total_tokens: 509 },
    claimed: 9 + MAX_TOKENS,
    note: 'usageBounded',
  },
  {
    name: 'NaN as text',
    says: { prompt_tokens: 'NaN', completion_tokens: 'NaN', total_tokens: 'NaN' },
    note: 'usageUnreadable',
  },
  { name: 'negative', says: { prompt_tokens: -5, completion_tokens: -5, total_tokens: -10 }, note: 'usageUnreadable' },
  { name: 'not an object', says: 'lots', note: 'usageUnreadable' },
  {
    name: 'too large to be exact',
    says: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 1e300 },
    claimed: 12,
    note: 'usageUnreadable',
  },
  { name: 'honest', says: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 }, claimed: 12, note: null },
  // A tokenizer that counts four times the node's estimate (one token per byte) and a template's long system prompt.
  {
    name: 'honest, a greedy tokenizer',
    says: { prompt_tokens: 900, completion_tokens: 12, total_tokens: 912 },
    claimed: 912,
    note: null,
  },
];

/**
 * What one way of asking saw: the task, what the consumer was told (usage total and tokens_used), and the usage object.
 */
interface Asked {
  taskId: string;
  told: number[];
  usage: Record<string, unknown> | null;
}

let directory: TestDirectory;
let llm: StreamingLlm;
let h: NodeHarness;
const figures: string[] = [];

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  llm = await startStreamingLlm({ model: 'claims-7b', first: ['a', 'b'], rest: ['c'], hold: false });
  h = await startPublicNode(
    { directory: directory.url, backend: llm.url },
    { maxConcurrent: 2 },
    { tuning: { earnings: { retryBaseMs: 200 } } },
  );
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  await eventually(() => expect(h.node.getSnapshot().backend.status).toBe('healthy'));
}, 60_000);

afterAll(async () => {
  if (figures.length > 0) console.info(`claimed tokens by way and variant:\n${figures.join('\n')}`);
  await h?.stop();
  await llm?.close();
  await directory?.close();
});

async function native(): Promise<NativeClient> {
  return NativeClient.open({ host: '127.0.0.1', port: h.port });
}

const ASK: Record<string, () => Promise<Asked>> = {
  async 'HTTP, whole'() {
    const taskId = randomUUID();
    const r = await http(`${h.base}/v1/task`, { body: { task_id: taskId, intent: CHAT, payload: PAYLOAD } });
    expect(r.status).toBe(200);
    const usage = (r.json.result.usage ?? null) as Record<string, unknown> | null;
    return {
      taskId,
      told: [r.json.metrics.tokens_used as number, ...(usage ? [usage.total_tokens as number] : [])],
      usage,
    };
  },
  async 'HTTP, whole, sealed'() {
    const taskId = randomUUID();
    const cx = h.node.runtime!.identity.cx;
    const sealed = await sealRequest({
      nodePublicRaw: new Uint8Array(cx.publicKeyRaw),
      nodeKeyId: cx.keyId,
      taskId,
      intent: CHAT,
      payload: PAYLOAD,
    });
    const r = await http(`${h.base}/v1/task`, {
      body: { task_id: taskId, intent: CHAT, iicp_conf: sealed.envelope, cx_response_encryption: 'required' },
    });
    expect(r.status).toBe(200);
    const inner = (await openResponse(sealed.shared, taskId, r.json.iicp_conf_resp)) as {
      result: { usage?: Record<string, unknown> };
      metrics: { tokens_used: number };
    };
    const usage = inner.result.usage ?? null;
    return { taskId, told: [inner.metrics.tokens_used, ...(usage ? [usage.total_tokens as number] : [])], usage };
  },
  async 'native, buffered'() {
    const c = await native();
    try {
      const a = await c.call({ intent: CHAT, payload: Buffer.from(JSON.stringify(PAYLOAD)) });
      expect(a.error).toBeNull();
      const answer = a.result as {
        task_id: string;
        result: { usage?: Record<string, unknown> };
        metrics: { tokens_used: number };
      };
      const usage = answer.result.usage ?? null;
      return {
        taskId: answer.task_id,
        told: [a.tokensUsed!, answer.metrics.tokens_used, ...(usage ? [usage.total_tokens as number] : [])],
        usage,
      };
    } finally {
      c.destroy();
    }
  },
  async 'native, streamed'() {
    const taskId = randomUUID();
    const c = await native();
    const events: DecodedLifecycle[] = [];
    try {
      for await (const e of c.stream({ intent: CHAT, payload: Buffer.from(JSON.stringify(PAYLOAD)), taskId }))
        events.push(e);
    } finally {
      c.destroy();
    }
    const terminal = events.at(-1)!;
    expect(terminal.status).toBe('success');
    // The partials say the pieces the node counted, never the server's word.
    for (const p of events.slice(0, -1)) expect(p.tokensUsed as number).toBeLessThanOrEqual(3);
    const usage = ((terminal.result as { usage?: Record<string, unknown> | null }).usage ?? null) as Record<
      string,
      unknown
    > | null;
    return { taskId, told: [terminal.tokensUsed as number, ...(usage ? [usage.total_tokens as number] : [])], usage };
  },
};

async function ledgerTokens(taskId: string): Promise<number | null> {
  let tokens: number | null = null;
  await eventually(async () => {
    const row = (await h.node.commandHandlers().listLedger({ limit: 200 })).find((r) => r.taskId === taskId);
    expect(row).toBeDefined();
    tokens = row!.tokens;
  });
  return tokens;
}

async function claimedAtDirectory(taskId: string): Promise<number> {
  let claimed = -1;
  await eventually(() => {
    const award = directory.state.awards.find((a) => (a.body as { task_id?: string }).task_id === taskId);
    expect(award).toBeDefined();
    claimed = (award!.body as { tokens_used: number }).tokens_used;
  }, 15_000);
  return claimed;
}

async function feedRow(taskId: string): Promise<RequestRow> {
  let row: RequestRow | undefined;
  await eventually(async () => {
    row = (await h.node.commandHandlers().listRequests({ limit: 200 })).rows.find((r) => r.taskId === taskId);
    expect(row).toBeDefined();
  });
  return row!;
}

describe('a hostile LLM server says how many tokens it used', () => {
  for (const way of Object.keys(ASK)) {
    it(`${way}: the consumer, the ledger and the receipt get the node's claim, bounded; the feed notes it`, async () => {
      for (const v of VARIANTS) {
        llm.usageSays = v.says;
        const asked = await ASK[way]!();
        const claim = asked.told[0]!;
        figures.push(`  ${way.padEnd(20)} ${v.name.padEnd(28)} ${claim}`);
        // One figure everywhere the consumer looks.
        expect(
          asked.told.every((n) => n === claim),
          `${v.name}: told ${asked.told.join(', ')}`,
        ).toBe(true);
        if (v.claimed !== undefined) expect(claim, v.name).toBe(v.claimed);
        expect(claim, v.name).toBeLessThanOrEqual(BOUND);
        // The node's own count when nothing the server said could be read: the prompt's estimate and three pieces.
        if (v.note === 'usageUnreadable' && v.claimed === undefined) expect(claim, v.name).toBeGreaterThanOrEqual(3);
        // A usage the node did not believe is told as claimed, never as the server said it.
        if (v.note !== null && asked.usage !== null)
          expect(JSON.stringify(asked.usage), v.name).not.toMatch(/9000000000000|NaN|-5|lots|1e\+300/);
        if (v.note === null) expect(asked.usage, v.name).toEqual(v.says);
        expect(await ledgerTokens(asked.taskId), v.name).toBe(claim);
        expect(await claimedAtDirectory(asked.taskId), v.name).toBe(claim);
        const row = await feedRow(asked.taskId);
        expect(row.tokens, v.name).toBe(claim);
        expect(row.note?.id ?? null, v.name).toBe(v.note === null ? null : `dashboard.requests.note.${v.note}`);
      }
    }, 60_000);
  }

  it("the node's log names the disagreement: what the server said and what was claimed", async () => {
    const nodeId = h.node.getSnapshot().node.nodeId!;
    await h.node.runtime!.parts.nodeLog.settled();
    const lines = readFileSync(join(h.dir, 'logs', 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('usage_claim_bounded'))
      .map((l) => JSON.parse(l) as { event: string; details: string; node_id: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({ event: 'usage_claim_bounded', node_id: nodeId });
    expect(lines[0]!.details).toMatch(/^kind=bounded server=9000000000000000 claimed=\d+$/);
    expect(lines.some((l) => /^kind=unreadable server=none claimed=\d+$/.test(l.details))).toBe(true);
    // The same event in the event log the Logs page reads.
    const events = await h.node.commandHandlers().listEvents({ limit: 200 });
    expect(events.some((e) => e.event === 'usage_claim_bounded' && e.level === 'warn')).toBe(true);
  });
});
