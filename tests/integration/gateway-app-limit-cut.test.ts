/**
 * An app's own daily limit holds what a request is expected to cost, as the limits for all apps do (ADR 0020): the
 * real OpenAI client, through node G's real gateway listener, asks a paid provider of another operator for an answer
 * with no `max_tokens`. The longest answer the node allows would be expected to cost more than the app's 1-credit
 * limit, so the gateway cuts the answer's length to fit the limit instead of refusing the request.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startGatewayWorld, type GatewayWorld } from '../support/streaming-gateway';

const MODEL = 'paid-cut:7b';
let world: GatewayWorld;
let backend: FakeBackend;

beforeAll(async () => {
  world = await startGatewayWorld();
  backend = await startFakeBackend({ flavour: 'ollama', models: [MODEL] });
  await world.addProvider(backend.url);
  await world.waitModel(MODEL);
}, 90_000);

afterAll(async () => {
  await world?.close();
  await backend?.close();
});

describe("an app's own daily limit", () => {
  it('admits a request with no max_tokens that the same all-apps limit admits, cutting its length to fit', async () => {
    const h = world.g.node.commandHandlers();
    const { key, secret } = await h.createGatewayKey({ name: 'notes app' });
    await h.setGatewayKeyLimits({ id: key.id, dailyCap: 1, rpm: null });
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${world.gatewayPort}/v1`, apiKey: secret, maxRetries: 0 });

    const answer = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Say hello.' }],
    });

    expect(answer.choices[0]?.message.content).toBeTruthy();
    const spent = (await h.getGateway({})).apps.find((a) => a.id === key.id);
    expect(spent?.spentToday ?? 0).toBeLessThanOrEqual(1);
  });
});
