/**
 * The official Python SDK's consumer against a whole node, for the three speech intents: the bodies are the SDK's own
 * bytes (built and sealed by its client code, captured by tests/support/python-sdk/capture-speech-bodies.py), posted
 * verbatim to a node holding the fixed CX key they were sealed to, and each sealed answer opened with the secret the
 * SDK kept, then read as the SDK's `TaskResponse` reads it: `result` for the registry's result shape.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { startSpeechServer, SPEECH_BYTES, SPOKEN_TEXT, type FakeSpeechServer } from '../support/backends';
import { openResponse, unb64url } from '../support/cx-consumer';
import { eventually, http, startNode, type NodeHarness } from '../support/node-harness';
import captured from '../support/python-sdk/speech-bodies.json';

interface Captured {
  name: string;
  body: { task_id: string; intent: string };
  shared_secret: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sdkNode(): Promise<NodeHarness & { speech: FakeSpeechServer }> {
  const speech = await startSpeechServer('vllm_whisper', { models: ['whisper-large-v3', 'tts-1'] });
  cleanups.push(() => speech.close());
  const moderation = await startSpeechServer('moderation_shim');
  cleanups.push(() => moderation.close());
  const secretStore = new MemorySecretStore();
  secretStore.update({ cx_private_key: captured.node_cx_private_key });
  const h = await startNode(
    { backendUrl: speech.url, maxConcurrent: 2, moreBackends: [{ id: 'mod1', url: moderation.url }] },
    { secretStore },
  );
  cleanups.push(() => h.stop());
  await eventually(async () => {
    const health = (await http(`${h.base}/iicp/health`)).json as { models: string[] };
    expect(health.models).toEqual(expect.arrayContaining(['whisper-large-v3', 'tts-1']));
    expect(health.models.length).toBeGreaterThanOrEqual(3);
  });
  return { ...h, speech };
}

/** Posts one captured SDK body and opens the answer as the SDK does: the sealed envelope, or the plain error. */
async function submit(h: NodeHarness, name: string): Promise<{ status: number; answer: Record<string, unknown> }> {
  const c = (captured.cases as Captured[]).find((x) => x.name === name)!;
  const r = await http(`${h.base}/v1/task`, { body: c.body });
  if (!r.json.iicp_conf_resp) return { status: r.status, answer: r.json };
  const answer = await openResponse(unb64url(c.shared_secret), c.body.task_id, r.json.iicp_conf_resp);
  return { status: r.status, answer: answer as Record<string, unknown> };
}

describe("the Python SDK's consumer, its own bytes", () => {
  it('the node holds the key the bodies were sealed to', async () => {
    const h = await sdkNode();
    expect(h.node.runtime!.identity.cx.keyId).toBe(captured.cx_public_key.key_id);
  });

  it('transcribes, speaks and moderates: each answer sealed, the result in the registry shape', async () => {
    const h = await sdkNode();
    const heard = await submit(h, 'transcribe');
    expect(heard.status).toBe(200);
    expect(heard.answer).toMatchObject({ status: 'success', result: { text: SPOKEN_TEXT } });

    const spoken = await submit(h, 'speech');
    expect(spoken.status).toBe(200);
    const audio = spoken.answer.result as { audio: string; content_type: string };
    expect(audio.content_type).toMatch(/^audio\//);
    expect(Buffer.from(audio.audio, 'base64').equals(SPEECH_BYTES)).toBe(true);

    const judged = await submit(h, 'moderate');
    expect(judged.status).toBe(200);
    const results = (judged.answer.result as { results: { flagged: unknown }[] }).results;
    expect(typeof results[0]!.flagged).toBe('boolean');
  });

  it('refuses audio that is not base64 with a stable code, before any server is called', async () => {
    const h = await sdkNode();
    const bad = await submit(h, 'bad_audio');
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.answer).toMatchObject({ error: { code: 'validation_error' } });
    expect(JSON.stringify(bad.answer)).toMatch(/base64/i);
    expect(h.speech.calls.filter((c) => c.path.startsWith('/v1/audio/'))).toEqual([]);
  });
});
