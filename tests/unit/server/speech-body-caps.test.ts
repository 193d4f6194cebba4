/**
 * The speech intents' body caps against what they must carry: the largest transcription the node takes, sealed with
 * IICP-CX, within its intent's cap and the native CALL's; speech and moderation at their text caps, written as JSON's
 * worst escapes and sealed, within theirs.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateCxKeyPair } from '@engine/cx/keys';
import { SPEECH_LIMITS } from '@engine/backends/speech-limits';
import { MAX_BODY_BYTES, taskBodyLimits } from '@engine/server/task-body-limits';
import { sealRequest } from '../../support/cx-consumer';

const TRANSCRIBE = 'urn:iicp:intent:audio:transcribe:v1';
const SPEECH = 'urn:iicp:intent:audio:speech:v1';
const MODERATE = 'urn:iicp:intent:safety:moderate:v1';

async function sealedBodyBytes(intent: string, payload: unknown): Promise<number> {
  const kp = generateCxKeyPair();
  const taskId = randomUUID();
  const sealed = await sealRequest({
    nodePublicRaw: new Uint8Array(kp.publicKeyRaw),
    nodeKeyId: kp.keyId,
    taskId,
    intent,
    payload,
  });
  const body = { task_id: taskId, intent, iicp_conf: sealed.envelope, cx_response_encryption: 'required' };
  return Buffer.byteLength(JSON.stringify(body));
}

describe('speech body caps', () => {
  const caps = taskBodyLimits({}).intentCaps;

  it('take the largest transcription sealed, within the native CALL cap too', async () => {
    const audio = Buffer.alloc(SPEECH_LIMITS.transcribe.maxAudioBytes, 1).toString('base64');
    const bytes = await sealedBodyBytes(TRANSCRIBE, { audio, filename: 'a-long-name-for-a-recording.wav' });
    expect(bytes).toBeLessThanOrEqual(caps[TRANSCRIBE]!);
    expect(caps[TRANSCRIBE]).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });

  it('take speech and moderation text at their caps in the worst JSON escapes, sealed', async () => {
    const speech = '\u0001'.repeat(SPEECH_LIMITS.speech.maxInputBytes);
    expect(await sealedBodyBytes(SPEECH, { input: speech })).toBeLessThanOrEqual(caps[SPEECH]!);
    const moderate = '\u0001'.repeat(SPEECH_LIMITS.moderate.maxInputBytes);
    expect(await sealedBodyBytes(MODERATE, { input: moderate })).toBeLessThanOrEqual(caps[MODERATE]!);
  });
});
