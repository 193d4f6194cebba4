/**
 * A speech task's own unit through a whole node: a transcription and a speech task served on the task port against a
 * stand-in speech server (speaches: its JSON says no duration, so the upload's header does), then the Earnings
 * report, the ledger and its CSV telling the audio's milliseconds and the characters spoken beside the tokens.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startSpeechServer } from '../support/backends';
import { wavClip } from '../support/audio-clips';
import { eventually, http, startNode } from '../support/node-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TRANSCRIBE = 'urn:iicp:intent:audio:transcribe:v1';
const SPEECH = 'urn:iicp:intent:audio:speech:v1';

describe("a speech task's own unit on Earnings", () => {
  it("books a transcription's audio minutes and speech's characters, and the report sums them per model", async () => {
    const speech = await startSpeechServer('speaches');
    cleanups.push(() => speech.close());
    const h = await startNode({ backendUrl: speech.url, maxConcurrent: 2 });
    cleanups.push(() => h.stop());
    await eventually(() => expect(h.node.getSnapshot().backend.status).toBe('healthy'));
    const task = (intent: string, payload: unknown) =>
      http(`${h.base}/v1/task`, { body: { task_id: randomUUID(), intent, payload } });
    // 90 s and 60 s of audio (a small byte rate keeps the upload small; the header says how long it plays).
    for (const ms of [90_000, 60_000]) {
      const r = await task(TRANSCRIBE, { audio: wavClip(ms, 1000).toString('base64'), filename: 'talk.wav' });
      expect(r.status).toBe(200);
    }
    const spoken = await task(SPEECH, { input: 'Grüße aus Köln 👋' });
    expect(spoken.status).toBe(200);
    const handlers = h.node.commandHandlers();
    await eventually(async () => expect(await handlers.listLedger({ limit: 10 })).toHaveLength(3));
    const report = await handlers.getEarnings({ days: 1 });
    const whisper = report.perModel.find((m) => m.model === 'Systran/faster-whisper-small');
    expect(whisper).toMatchObject({ jobs: 2, audioMs: 150_000, characters: 0, items: 0 });
    expect(whisper!.tokens).toBeGreaterThan(0);
    expect(report.perModel.find((m) => m.model === 'speaches-ai/Kokoro-82M-v1.0-ONNX')).toMatchObject({
      jobs: 1,
      audioMs: 0,
      characters: 16,
    });
    const rows = await handlers.listLedger({ limit: 10 });
    expect(rows.map((r) => r.units).sort((a, b) => (a?.count ?? 0) - (b?.count ?? 0))).toEqual([
      { unit: 'characters', count: 16 },
      { unit: 'audio_ms', count: 60_000 },
      { unit: 'audio_ms', count: 90_000 },
    ]);
    // Pricing words the engine's rate of each speech intent this node offers, in its own unit.
    const rates = (await handlers.getPricing({})).speechRates;
    expect(rates.map((r) => [r.intent, r.unit, r.per])).toEqual([
      [TRANSCRIBE, 'audio_ms', 60_000],
      [SPEECH, 'characters', 1000],
    ]);
    const csv = (await handlers.exportLedger({})).csv.trim().split('\r\n');
    expect(
      csv
        .slice(1)
        .map((l) => l.split(',').slice(-2).join(','))
        .sort(),
    ).toEqual(['16,"characters"', '60000,"audio_ms"', '90000,"audio_ms"']);
  });
});
