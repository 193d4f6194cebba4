/**
 * OpenAI's three speech endpoints read into one IICP task each (`SpeechAsk`): `/v1/audio/transcriptions` (a multipart
 * form with the audio file), `/v1/audio/speech` and `/v1/moderations` (JSON). Every field OpenAI defines is honoured,
 * or refused naming it when the intent cannot carry it; a field OpenAI does not define is refused with OpenAI's own
 * sentence, as on the other routes (field-rules.ts).
 */
import { randomUUID } from 'node:crypto';
import { INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE, type SpeechIntent } from '../../backends';
import { boundaryOf, readForm, type FormPart } from './multipart-form';
import { LIMITS } from './request-parts';
import { SHAPE_CODES, type ShapeRefusal } from './types';

export type SpeechRoute = 'openai.transcription' | 'openai.speech' | 'openai.moderation';

export const TRANSCRIPT_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];
const AUDIO_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;

/** How the answer must be written beyond the result: the transcript's form, the speech's framing. */
export interface SpeechReply {
  transcriptFormat?: TranscriptFormat;
  /** `/v1/audio/speech` `stream_format`: the audio's bytes, or OpenAI's server-sent events built from them. */
  streamFormat?: 'audio' | 'sse';
}

export interface SpeechAsk {
  route: SpeechRoute;
  intent: SpeechIntent;
  /** The model the app named; null when it named none (or an empty one): the server's own is used. */
  model: string | null;
  /** The IICP payload, without `model` (set once the machine that answers is chosen). */
  payload: Record<string, unknown>;
  /**
   * The payload's field that is no text and counts no tokens (a transcription's `audio`: the node counts the
   * transcript's), left out when the budget reckons the task; none: all of it is text.
   */
  uncounted?: 'audio';
  reply: SpeechReply;
  /**
   * The answer's length in tokens the budget plans for: the text a transcript may hold (see `transcriptBound`); a
   * synthesis or a moderation answers no text of its own (its cost is its input's, already in the payload), so 1.
   */
  answerBound: number;
}

export type SpeechShape = { ok: true; ask: SpeechAsk } | ShapeRefusal;

/** Most bytes an upload's fields and file may hold together; the listener's body cap is the same size. */
export const MAX_FORM_BYTES = 4 * 1024 * 1024;
/** `/v1/audio/speech` `input`, at most as long as OpenAI takes. */
const MAX_SPEECH_INPUT = 4096;
/** `/v1/moderations` inputs in one request. */
const MAX_MODERATION_ITEMS = 32;

const refuse = (message: string, param?: string, status = 400): ShapeRefusal => ({
  ok: false,
  status,
  code: param !== undefined ? SHAPE_CODES.unsupportedField : SHAPE_CODES.invalidRequest,
  message,
  ...(param !== undefined ? { param } : {}),
});

const invalid = (message: string, param: string): ShapeRefusal => ({
  ok: false,
  status: 400,
  code: SHAPE_CODES.invalidRequest,
  message,
  param,
});

const unknownField = (name: string): ShapeRefusal => refuse(`Unrecognized request argument supplied: ${name}`, name);

/** Text a second of speech holds at most (fast speech, about four words), in tokens at four bytes a token. */
const TOKENS_PER_SECOND = 5;
/** Room for a very short clip's words. */
const SHORT_CLIP_TOKENS = 32;

/**
 * A WAV file's length in seconds from its header (the `fmt ` chunk's byte rate, the `data` chunk's size, RIFF), or
 * null when the audio is not WAV or its header does not say. Other containers need their frames scanned.
 */
export function wavSeconds(audio: Buffer): number | null {
  if (audio.length < 12 || audio.toString('latin1', 0, 4) !== 'RIFF' || audio.toString('latin1', 8, 12) !== 'WAVE')
    return null;
  let byteRate = 0;
  for (let at = 12; at + 8 <= audio.length;) {
    const id = audio.toString('latin1', at, at + 4);
    const size = audio.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 16 <= audio.length) byteRate = audio.readUInt32LE(at + 16);
    if (id === 'data') {
      if (byteRate === 0) return null;
      // A stream's writer may not know the size yet (0 or 0xFFFFFFFF): the bytes that came are the length.
      const data = size === 0 || size === 0xffffffff ? audio.length - at - 8 : Math.min(size, audio.length - at - 8);
      return data / byteRate;
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

/**
 * The most text tokens a transcript of `audio` can hold, planned before the answer is known: for WAV from its length
 * (five tokens a second); for other audio from its bytes — the leanest an app sends is about 750 bytes a second (6
 * kbit/s Opus voice), so one token per 150 bytes. A little more for a very short clip's words.
 */
export function transcriptBound(audio: Buffer): number {
  const seconds = wavSeconds(audio);
  const planned = seconds !== null ? seconds * TOKENS_PER_SECOND : audio.length / 150;
  return Math.ceil(planned) + SHORT_CLIP_TOKENS;
}

const FORM_FIELDS = new Set(['file', 'model', 'language', 'prompt', 'response_format', 'temperature']);

/** `/v1/audio/transcriptions`: the multipart form read into the transcribe intent's payload. */
export function transcriptionAsk(contentType: string | undefined, body: Uint8Array): SpeechShape {
  const boundary = boundaryOf(contentType);
  if (boundary === null)
    return refuse('The request must be multipart/form-data with a boundary, as OpenAI takes audio uploads.');
  const form = readForm(body, boundary, { maxBytes: MAX_FORM_BYTES, maxParts: 64 });
  if (!form.ok)
    return form.problem === 'too_large'
      ? { ok: false, status: 413, code: 'payload_too_large', message: form.message, param: 'file' }
      : refuse(`The form cannot be read: ${form.message}`);
  const fields = new Map<string, FormPart[]>();
  for (const p of form.parts) fields.set(p.name, [...(fields.get(p.name) ?? []), p]);
  for (const [name, parts] of fields) {
    if (name === 'stream') {
      if (parts.some((p) => p.data.toString('utf8') !== 'false'))
        return refuse('stream: the network answers a transcript whole; send the request without it.', 'stream');
      continue;
    }
    if (name === 'timestamp_granularities[]') {
      // Segments come with every verbose_json transcript; words need what no intent carries.
      if (parts.some((p) => p.data.toString('utf8') !== 'segment'))
        return refuse(
          'timestamp_granularities[]: the network gives segments (verbose_json) only; send it without "word".',
          'timestamp_granularities[]',
        );
      continue;
    }
    if (!FORM_FIELDS.has(name)) return unknownField(name);
    if (parts.length > 1) return invalid(`${name}: the form gives it more than once.`, name);
  }
  const file = fields.get('file')?.[0];
  if (!file || file.filename === null)
    return invalid('file: the audio to transcribe is missing; send it as the form’s "file" part.', 'file');
  if (file.data.length === 0) return invalid('file: the audio file is empty.', 'file');
  const text = (name: string): string | null => {
    const p = fields.get(name)?.[0];
    return p ? p.data.toString('utf8') : null;
  };
  const payload: Record<string, unknown> = {
    audio: file.data.toString('base64'),
    // The file's name tells a speech server the container; the `openai` package names a nameless one unknown_file.
    filename: file.filename.slice(0, LIMITS.name) || 'audio',
  };
  const language = text('language');
  if (language !== null && language !== '') {
    if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*$/.test(language))
      return invalid('language: an ISO 639-1 code such as "en" is expected.', 'language');
    payload.language = language;
  }
  const prompt = text('prompt');
  if (prompt !== null && prompt !== '') payload.prompt = prompt;
  const format = text('response_format') || 'json';
  if (!(TRANSCRIPT_FORMATS as readonly string[]).includes(format))
    return invalid(`response_format: one of ${TRANSCRIPT_FORMATS.join(', ')} is expected.`, 'response_format');
  // Sent always: a server that gets none may answer another form (LocalAI reads none as verbose_json).
  payload.response_format = format;
  const temperature = text('temperature');
  if (temperature !== null && temperature !== '') {
    const t = Number(temperature);
    if (!Number.isFinite(t) || t < 0 || t > 1)
      return invalid('temperature: a number from 0 to 1 is expected.', 'temperature');
    payload.temperature = t;
  }
  return {
    ok: true,
    ask: {
      route: 'openai.transcription',
      intent: INTENT_TRANSCRIBE,
      model: modelOf(text('model')),
      payload,
      reply: { transcriptFormat: format as TranscriptFormat },
      uncounted: 'audio',
      answerBound: transcriptBound(file.data),
    },
  };
}

/** An empty model (Open WebUI's default) is none. */
const modelOf = (m: unknown): string | null => (typeof m === 'string' && m !== '' ? m.slice(0, LIMITS.name) : null);

function jsonObject(body: Uint8Array): Record<string, unknown> | ShapeRefusal {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return { ok: false, status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return refuse('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

const isRefusal = (v: unknown): v is ShapeRefusal =>
  typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;

const SPEECH_FIELDS = new Set(['model', 'input', 'voice', 'response_format', 'speed', 'stream_format', 'instructions']);

/** `/v1/audio/speech`: the JSON body read into the speech intent's payload. */
export function speechAsk(body: Uint8Array): SpeechShape {
  const b = jsonObject(body);
  if (isRefusal(b)) return b;
  for (const k of Object.keys(b)) if (!SPEECH_FIELDS.has(k)) return unknownField(k);
  if (b.instructions !== undefined && b.instructions !== null && b.instructions !== '')
    return refuse(
      'instructions: the network’s speech servers take no voice instructions; send the request without them.',
      'instructions',
    );
  if (typeof b.input !== 'string' || b.input === '') return invalid('input: the text to speak is missing.', 'input');
  if (b.input.length > MAX_SPEECH_INPUT)
    return invalid(`input: at most ${MAX_SPEECH_INPUT} characters are taken.`, 'input');
  const payload: Record<string, unknown> = { input: b.input };
  if (b.voice !== undefined && b.voice !== null) {
    if (typeof b.voice !== 'string') {
      return typeof b.voice === 'object'
        ? refuse('voice: custom voices ({"id"}) are not on the network; name one of its voices.', 'voice')
        : invalid('voice: a voice name is expected.', 'voice');
    }
    if (b.voice !== '') payload.voice = b.voice.slice(0, LIMITS.name);
  }
  if (b.response_format !== undefined && b.response_format !== null) {
    if (typeof b.response_format !== 'string' || !(AUDIO_FORMATS as readonly string[]).includes(b.response_format))
      return invalid(`response_format: one of ${AUDIO_FORMATS.join(', ')} is expected.`, 'response_format');
    payload.response_format = b.response_format;
  }
  if (b.speed !== undefined && b.speed !== null) {
    if (typeof b.speed !== 'number' || !(b.speed >= 0.25 && b.speed <= 4))
      return invalid('speed: a number from 0.25 to 4 is expected.', 'speed');
    payload.speed = b.speed;
  }
  const sf = b.stream_format ?? 'audio';
  if (sf !== 'audio' && sf !== 'sse') return invalid('stream_format: "audio" or "sse" is expected.', 'stream_format');
  return {
    ok: true,
    ask: {
      route: 'openai.speech',
      intent: INTENT_SPEECH,
      model: modelOf(b.model),
      payload,
      reply: { streamFormat: sf },
      answerBound: 1,
    },
  };
}

/** `/v1/moderations`: the JSON body read into the moderate intent's payload; text only (the intent's schema). */
export function moderationAsk(body: Uint8Array): SpeechShape {
  const b = jsonObject(body);
  if (isRefusal(b)) return b;
  for (const k of Object.keys(b)) if (k !== 'model' && k !== 'input') return unknownField(k);
  const input = b.input;
  if (typeof input === 'string') {
    if (input.length > LIMITS.text) return invalid('input: the text is too long.', 'input');
  } else if (Array.isArray(input)) {
    if (input.length === 0 || input.length > MAX_MODERATION_ITEMS)
      return invalid(`input: from 1 to ${MAX_MODERATION_ITEMS} texts are taken.`, 'input');
    if (input.some((x) => typeof x === 'object' && x !== null))
      return refuse('input: the network moderates text only; send strings, not image or text objects.', 'input');
    if (input.some((x) => typeof x !== 'string' || x.length > LIMITS.text))
      return invalid('input: each item must be a text.', 'input');
  } else return invalid('input: a text or a list of texts is expected.', 'input');
  return {
    ok: true,
    ask: {
      route: 'openai.moderation',
      intent: INTENT_MODERATE,
      model: modelOf(b.model),
      payload: { input },
      reply: {},
      answerBound: 1,
    },
  };
}

/** The route's request read into its task. */
export function speechAskFor(route: SpeechRoute, contentType: string | undefined, body: Uint8Array): SpeechShape {
  switch (route) {
    case 'openai.transcription':
      return transcriptionAsk(contentType, body);
    case 'openai.speech':
      return speechAsk(body);
    case 'openai.moderation':
      return moderationAsk(body);
  }
}

/** A moderation's id when the server gave none: OpenAI's prefix, so a typed client reads it as one. */
export const moderationId = (): string => `modr-${randomUUID().replace(/-/g, '')}`;
