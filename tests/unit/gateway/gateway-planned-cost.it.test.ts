/**
 * The plan a request is shown with is what it is expected to cost, not the room a limit leaves. The gateway as the
 * node runs it (its parts on a loopback socket, the spent book in a real store as gateway-parts.ts wires it), a
 * 1-credit daily limit, and requests without `max_tokens` to a node that advertises a long answer: the answer's bound
 * is cut to the day's room and the limits hold the cost at that bound (`expected`), while the plan (`planned`) is the
 * prompt and a typical answer: a fixed length first, then the median of this app's answers, then of all apps'.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import { composeGateway } from '@engine/gateway/compose-gateway';
import { honestClaim } from '@engine/gateway/spending';
import { DEFAULT_ANSWER_TOKENS } from '@engine/gateway/spending/typical-answer';
import { Store } from '@engine/store';
import { tempDir } from '../../support/tmp';
import { fakeNode, nodesFetch } from './fake-cx-node';

const SELF = '00000000-0000-4000-8000-000000000001';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
/** What the node says each answer was: a short one. */
const ANSWER_TOKENS = 40;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function directory(node: ReturnType<typeof fakeNode>): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    const path = url.pathname.replace(/^\/api/, '');
    let body: unknown = {};
    if (path === '/v1/discover') {
      body = {
        nodes: (url.searchParams.get('intent') === CHAT ? [node] : []).map((n) => ({
          node_id: n.node.nodeId,
          endpoint: n.node.endpoint,
          cx_public_key: {
            algorithm: 'X25519',
            encoding: 'base64url',
            key: n.node.cx.key,
            key_id: n.node.cx.keyId,
            features: ['response_encryption_v1'],
          },
          models: n.node.models,
          capabilities: [{ intent: CHAT, max_tokens: 8192 }],
          pricing: { credit_cost_multiplier: n.node.multiplier },
        })),
      };
    } else if (path.startsWith('/v1/credits/')) body = { balance: '100.0000', total_earned: '0.0000' };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

function post(port: number, body: unknown, secret: string): Promise<{ status: number; taskId: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/chat/completions',
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, taskId: String(res.headers['x-iicp-task-id']) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('the plan of a request without max_tokens under a 1-credit daily limit', () => {
  it('is the prompt and a typical answer, far below the room left, while the limits hold the bound', async () => {
    const t = tempDir();
    const store = Store.open(`${t.dir}/provider.db`);
    cleanups.push(() => {
      store.close();
      t.cleanup();
    });
    const node = fakeNode('n-paid', {
      behaviour: {
        kind: 'answer',
        result: (payload) => ({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1,
          model: String(payload.model ?? ''),
          choices: [{ index: 0, message: { role: 'assistant', content: 'short' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: ANSWER_TOKENS, total_tokens: 10 + ANSWER_TOKENS },
        }),
      },
    });
    const nodes = nodesFetch([node]);
    const spend = store.spend;
    const gateway = composeGateway({
      settings: () => ({ ...DEFAULT_GATEWAY_SETTINGS, enabled: true, dailyCap: 1, monthlyCap: 50 }),
      directoryUrl: () => 'https://dir.example/api',
      shelf: store.state,
      book: {
        record: (entries) => spend.recordAll(entries),
        recent: (limit) => spend.recent(limit),
        spentBetweenMicro: (from, to) => spend.spentBetweenU(from, to),
        byApp: (from, to) => spend.byApp(from, to),
        version: () => spend.version,
        answerTokens: (model, appKeyId, limit) => spend.answerTokens(model, appKeyId, limit),
      },
      selfNodeId: SELF,
      nodeToken: () => 'node-token',
      operatorFingerprint: () => null,
      myMachines: () => [],
      balance: () => 100,
      directoryFetch: directory(node),
      nodeFetch: nodes.fetch,
      now: Date.now,
      timeZone: 'UTC',
      log: () => {},
      onChange: () => {},
      portOverride: 0,
    });
    cleanups.unshift(() => gateway.listener.stop());
    await gateway.listener.start();
    const port = gateway.listener.port!;
    const editor = gateway.keys.createKey('editor').secret;
    const ask = { model: 'm1', messages: [{ role: 'user', content: 'hello' }] };
    const rowOf = (taskId: string) => spend.recent(10).find((r) => r.taskId === taskId)!;
    /** The answer's bound the node was sent for the last call, and what the limits hold for it. */
    const lastBound = () => Number(nodes.calls.at(-1)!.payload!.max_tokens);

    // No answers in the book yet: the plan takes the fixed length.
    const first = await post(port, ask, editor);
    expect(first.status).toBe(200);
    const r1 = rowOf(first.taskId);
    const bound1 = lastBound();
    // The bound was cut to the day's room: the limits hold nearly all of the 1-credit day.
    expect(r1.maxTokensLowered).toBe(bound1);
    expect(r1.expected!).toBeGreaterThan(0.9);
    expect(r1.expected!).toBeLessThanOrEqual(1);
    expect(r1.worstCase!).toBeGreaterThanOrEqual(r1.expected!);
    const prompt = Math.round(r1.expected! * 1000) - bound1;
    expect(r1.planned).toBeCloseTo(honestClaim(prompt + DEFAULT_ANSWER_TOKENS, 1), 6);
    expect(r1.planned!).toBeLessThan(r1.expected! / 3);

    // This app's answers were short: its next request is planned at their median.
    const second = await post(port, ask, editor);
    expect(second.status).toBe(200);
    const r2 = rowOf(second.taskId);
    expect(r2.expected!).toBeGreaterThan(0.9);
    expect(r2.expected).toBeCloseTo(honestClaim(prompt + lastBound(), 1), 6);
    expect(r2.planned).toBeCloseTo(honestClaim(prompt + ANSWER_TOKENS, 1), 6);

    // A new app has no answers of its own: every app's answers for the model stand in.
    const writer = gateway.keys.createKey('writer').secret;
    const third = await post(port, ask, writer);
    expect(third.status).toBe(200);
    expect(rowOf(third.taskId).planned).toBeCloseTo(honestClaim(prompt + ANSWER_TOKENS, 1), 6);
  });
});
