/**
 * A node whose only servers are speech and moderation servers, no LLM at all, registers with the directory and
 * advertises transcription, speech and moderation, each with its modalities and limits, as the `custom` backend the
 * directory's enum has for them; its heartbeats and its own health list the same models.
 */
import { afterAll, expect, it } from 'vitest';
import { startSpeechServer } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { eventually, http, startPublicNode } from '../support/node-harness';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const TRANSCRIBE = 'urn:iicp:intent:audio:transcribe:v1';
const SPEECH = 'urn:iicp:intent:audio:speech:v1';
const MODERATE = 'urn:iicp:intent:safety:moderate:v1';

it('registers with speech servers only and advertises the three kinds of capability', async () => {
  const directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  cleanups.push(() => directory.close());
  const speaches = await startSpeechServer('speaches');
  cleanups.push(() => speaches.close());
  const moderation = await startSpeechServer('moderation_shim');
  cleanups.push(() => moderation.close());
  const h = await startPublicNode(
    { directory: directory.url, backend: speaches.url },
    { moreBackends: [{ id: 'mod1', url: moderation.url }] },
  );
  cleanups.push(() => h.stop());

  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 15_000);
  const accepted = directory.state.registrations.filter((r) => r.status === 200 || r.status === 201).at(-1);
  const body = accepted!.body as { backend: string; capabilities: Record<string, unknown>[] };
  expect(body.backend).toBe('custom');
  const byIntent = new Map(body.capabilities.map((c) => [c.intent, c]));
  expect([...byIntent.keys()].sort()).toEqual([SPEECH, TRANSCRIBE, MODERATE].sort());
  expect(byIntent.get(TRANSCRIBE)).toMatchObject({
    models: ['Systran/faster-whisper-small'],
    input_modalities: ['audio'],
    output_modalities: ['text'],
    limits: { max_audio_bytes: { unit: 'bytes' }, max_audio_duration: { unit: 'milliseconds' } },
  });
  expect(byIntent.get(SPEECH)).toMatchObject({
    models: ['speaches-ai/Kokoro-82M-v1.0-ONNX'],
    input_modalities: ['text'],
    output_modalities: ['audio'],
    limits: { max_input_bytes: { unit: 'bytes' } },
  });
  expect(byIntent.get(MODERATE)).toMatchObject({
    models: ['unitary/toxic-bert'],
    input_modalities: ['text'],
    output_modalities: ['text'],
    limits: { max_input_bytes: { unit: 'bytes' }, max_items: { unit: 'items' } },
  });
  for (const c of body.capabilities) expect(c).not.toHaveProperty('max_tokens');

  const models = ['Systran/faster-whisper-small', 'speaches-ai/Kokoro-82M-v1.0-ONNX', 'unitary/toxic-bert'].sort();
  // The directory hides a model its heartbeats do not list, and a trust auditor compares health with registration.
  await eventually(() => {
    const hb = directory.state.heartbeats.filter((b) => b.status === 200).at(-1);
    expect((hb?.body as { health_models?: string[] } | undefined)?.health_models).toEqual(models);
  }, 15_000);
  const health = await http(`${h.base}/iicp/health`);
  expect([...(health.json.models as string[])].sort()).toEqual(models);
  // Settings tells each server by what its models do.
  const servers = h.node.getSnapshot().backend.servers;
  expect(servers.map((s) => [s.id, s.serves])).toEqual([
    ['main', ['transcribe', 'speech']],
    ['mod1', ['moderate']],
  ]);
});
