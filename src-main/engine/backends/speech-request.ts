/**
 * The backend request of a speech task (transcribe, speech, moderate): the payload judged (speech-payload.ts), the
 * advertised model of the intent's kind, and the body as the OpenAI dialect takes it: a multipart upload for a
 * transcription, JSON for speech and moderation. Pure, like backend-request.ts, which calls it for these intents.
 */
import { randomBytes } from 'node:crypto';
import type { ModelKind, TaskUnits } from '@shared/contract';
import { backendFail as fail, type BackendError } from './backend-error';
import { INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE, SPEECH_INTENT_PATHS, type SpeechIntent } from './intents';
import { judgeSpeechPayload, type JudgedPayload } from './speech-payload';
import { estimateTokens, type TokenBound } from './token-claim';

/** What a speech request needs of the build options (backend-request.ts's `BuildOptions` is one). */
export interface SpeechOffer {
  models: Readonly<Record<string, { id: string; kind?: ModelKind; path?: string }>>;
}

/** A speech task's backend request (backend-request.ts's `BackendRequest`, with its headers and answer always set). */
export interface SpeechRequest {
  path: string;
  body: string | Buffer;
  model: string;
  headers: Readonly<Record<string, string>>;
  speech: SpeechAsk;
  bound: TokenBound;
  /** The model's own path from the server's root, when its server answers elsewhere than the usual one. */
  rootPath?: string;
}

/** What the answer of a speech request is turned into, and what it counts (speech-answer.ts). */
export interface SpeechAsk {
  intent: SpeechIntent;
  /** The response_format asked for (transcribe always has one; speech may not). */
  format: string | null;
  /** Tokens of the text side known before the answer: speech's and moderation's input (0 for a transcription). */
  inputTokens: number;
  /** How long the uploaded audio plays, when its header says (WAV, MP3): recorded, not billed. */
  audioMs: number | null;
  /**
   * The task's count in its own unit known before the answer: speech's characters, moderation's texts (null for a
   * transcription, whose audio's length may come with the answer).
   */
  units: TaskUnits | null;
}

const KIND_OF: Readonly<Record<SpeechIntent, ModelKind>> = {
  [INTENT_TRANSCRIBE]: 'transcribe',
  [INTENT_SPEECH]: 'speech',
  [INTENT_MODERATE]: 'moderate',
};

/** OpenAI's names a consumer's SDK fills in; read as "the node's model" when the server does not list them. */
const ALIASES: Readonly<Record<SpeechIntent, readonly string[]>> = {
  [INTENT_TRANSCRIBE]: ['whisper-1'],
  [INTENT_SPEECH]: ['tts-1', 'tts-1-hd'],
  [INTENT_MODERATE]: ['omni-moderation-latest', 'text-moderation-latest'],
};

export function buildSpeechRequest(
  intent: SpeechIntent,
  payload: unknown,
  o: SpeechOffer,
): { ok: true; request: SpeechRequest } | { ok: false; error: BackendError } {
  const judged = judgeSpeechPayload(intent, payload);
  if (!judged.ok)
    return { ok: false, error: { kind: judged.tooLarge ? 'too_large' : 'invalid_payload', message: judged.message } };
  const ofKind = Object.keys(o.models).filter((name) => o.models[name]!.kind === KIND_OF[intent]);
  let model: string | undefined;
  if (judged.model === null) model = ofKind[0];
  else if (ofKind.includes(judged.model)) model = judged.model;
  else if (ALIASES[intent].includes(judged.model)) model = ofKind[0];
  else return fail('model_not_advertised', 'the requested model is not offered by this node for this intent');
  if (model === undefined) return fail('no_model', 'this node offers no model for this intent');
  const backendId = o.models[model]!.id;
  const rootPath = o.models[model]!.path;
  const p = judged.payload;
  const ask: SpeechAsk = { intent, format: null, inputTokens: 0, audioMs: null, units: null };
  let body: string | Buffer;
  let headers: Record<string, string>;
  if (p.intent === INTENT_TRANSCRIBE) {
    const form = multipartBody(p, backendId);
    body = form.body;
    headers = { 'content-type': form.contentType, accept: 'application/json, text/plain, */*' };
    ask.format = p.fields.response_format ?? 'json';
    ask.audioMs = p.audio.durationMs;
  } else {
    body = JSON.stringify(jsonBody(p, backendId));
    headers =
      p.intent === INTENT_SPEECH
        ? { 'content-type': 'application/json', accept: 'audio/*, application/octet-stream' }
        : { 'content-type': 'application/json', accept: 'application/json' };
    ask.format = p.intent === INTENT_SPEECH ? p.format : null;
    ask.inputTokens = estimateTokens(p.intent === INTENT_SPEECH ? Buffer.byteLength(p.input, 'utf8') : p.inputBytes);
    ask.units = ownUnits(p);
  }
  return {
    ok: true,
    request: {
      path: SPEECH_INTENT_PATHS[intent],
      body,
      model,
      headers,
      speech: ask,
      // Speech answers are not counted as chat's (speech-answer.ts); the bound is the payload's text side.
      bound: { promptBytes: 0, answerTokens: 0 },
      ...(rootPath ? { rootPath } : {}),
    },
  };
}

/** Speech counts the characters it speaks (code points, as a person counts them), moderation the texts it judges. */
function ownUnits(p: Exclude<JudgedPayload, { intent: typeof INTENT_TRANSCRIBE }>): TaskUnits {
  if (p.intent === INTENT_SPEECH) return { unit: 'characters', count: [...p.input].length };
  return { unit: 'items', count: typeof p.input === 'string' ? 1 : p.input.length };
}

function jsonBody(
  p: Exclude<JudgedPayload, { intent: typeof INTENT_TRANSCRIBE }>,
  model: string,
): Record<string, unknown> {
  if (p.intent === INTENT_MODERATE) return { model, input: p.input };
  const body: Record<string, unknown> = { model, input: p.input, voice: p.voice };
  if (p.format !== null) body.response_format = p.format;
  if (p.speed !== null) body.speed = p.speed;
  return body;
}

/**
 * The transcription's multipart upload, as the SDKs send it: the `file` part first (its name, typed
 * `application/octet-stream` so no server reads it as raw PCM), then the text fields, `response_format` always.
 */
export function multipartBody(
  p: Extract<JudgedPayload, { intent: typeof INTENT_TRANSCRIBE }>,
  model: string,
): { body: Buffer; contentType: string } {
  const boundary = `----iicp-${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${p.filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
      'latin1',
    ),
    p.audio.bytes,
  ];
  const fields: [string, string][] = [['model', model], ...Object.entries(p.fields)];
  for (const [name, value] of fields)
    parts.push(Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}`));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
