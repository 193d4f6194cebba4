/**
 * A speech task's payload held to the registry's input schemas (transcribe, speech, moderate) and to the node's caps
 * (speech-limits.ts). A field the schema does not name is refused by name rather than dropped, as chat refuses a field
 * its server cannot honour; so is `stream`, for these intents are answered whole.
 */
import { isPlainObject } from './http';
import { judgeAudio, type JudgedAudio } from './audio-bounds';
import { INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE, type SpeechIntent } from './intents';
import { SPEECH_LIMITS } from './speech-limits';

export const TRANSCRIBE_FORMATS = ['json', 'text', 'verbose_json', 'srt', 'vtt'] as const;
export const SPEECH_FORMATS = ['wav', 'mp3', 'opus', 'flac', 'aac', 'pcm'] as const;
const LANGUAGE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*$/;

export type JudgedPayload =
  | { intent: typeof INTENT_TRANSCRIBE; audio: JudgedAudio; filename: string; fields: Record<string, string> }
  | { intent: typeof INTENT_SPEECH; input: string; voice: string; format: string | null; speed: number | null }
  | { intent: typeof INTENT_MODERATE; input: string | string[]; inputBytes: number };

/** `tooLarge`: over a cap of the node's (413), else a payload that breaks the schema (422). */
export type PayloadVerdict =
  { ok: true; payload: JudgedPayload; model: string | null } | { ok: false; tooLarge: boolean; message: string };

const KNOWN: Readonly<Record<SpeechIntent, readonly string[]>> = {
  [INTENT_TRANSCRIBE]: ['audio', 'filename', 'model', 'language', 'response_format', 'prompt', 'temperature'],
  [INTENT_SPEECH]: ['input', 'model', 'voice', 'response_format', 'speed'],
  [INTENT_MODERATE]: ['input', 'model'],
};

const bad = (message: string): PayloadVerdict => ({ ok: false, tooLarge: false, message });
const over = (message: string): PayloadVerdict => ({ ok: false, tooLarge: true, message });
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The payload judged for its intent: its fields typed and in range, its sizes within the caps, else why not. */
export function judgeSpeechPayload(intent: SpeechIntent, payload: unknown): PayloadVerdict {
  if (!isPlainObject(payload)) return bad('the task payload must be a JSON object');
  if (payload.stream !== undefined && payload.stream !== false)
    return bad('this intent is answered whole: stream is not taken');
  for (const field of Object.keys(payload))
    if (field !== 'stream' && !KNOWN[intent].includes(field)) return bad(`${field} is not a field of this intent`);
  const model = payload.model;
  if (model !== undefined && model !== null && typeof model !== 'string') return bad('model must be a string');
  const named = typeof model === 'string' && model !== '' ? model : null;
  const judged =
    intent === INTENT_TRANSCRIBE ? transcribe(payload) : intent === INTENT_SPEECH ? speech(payload) : moderate(payload);
  return judged.ok ? { ...judged, model: named } : judged;
}

function transcribe(p: Record<string, unknown>): PayloadVerdict {
  if (typeof p.audio !== 'string' || p.audio === '') return bad('audio (base64-encoded audio bytes) is required');
  const fields: Record<string, string> = {};
  if (p.language !== undefined) {
    if (typeof p.language !== 'string' || !LANGUAGE.test(p.language)) return bad('language must be a language code');
    fields.language = p.language;
  }
  if (p.prompt !== undefined) {
    if (typeof p.prompt !== 'string') return bad('prompt must be a string');
    fields.prompt = p.prompt;
  }
  const format = p.response_format ?? 'json';
  if (typeof format !== 'string' || !(TRANSCRIBE_FORMATS as readonly string[]).includes(format))
    return bad(`response_format must be one of ${TRANSCRIBE_FORMATS.join(', ')}`);
  fields.response_format = format;
  if (p.temperature !== undefined) {
    if (!isNum(p.temperature) || p.temperature < 0 || p.temperature > 1)
      return bad('temperature must be a number from 0 to 1');
    fields.temperature = String(p.temperature);
  }
  if (p.filename !== undefined && typeof p.filename !== 'string') return bad('filename must be a string');
  const audio = judgeAudio(p.audio, SPEECH_LIMITS.transcribe);
  if (!audio.ok) return audio.tooLarge ? over(audio.message) : bad(audio.message);
  return {
    ok: true,
    model: null,
    payload: { intent: INTENT_TRANSCRIBE, audio: audio.audio, filename: safeFilename(p.filename), fields },
  };
}

function speech(p: Record<string, unknown>): PayloadVerdict {
  if (typeof p.input !== 'string' || p.input === '') return bad('input (the text to speak) is required');
  const bytes = Buffer.byteLength(p.input, 'utf8');
  if (bytes > SPEECH_LIMITS.speech.maxInputBytes)
    return over(`input is ${bytes} bytes, over this node's ${SPEECH_LIMITS.speech.maxInputBytes}`);
  if (p.voice !== undefined && (typeof p.voice !== 'string' || p.voice === '')) return bad('voice must be a string');
  const format = p.response_format;
  if (format !== undefined && (typeof format !== 'string' || !(SPEECH_FORMATS as readonly string[]).includes(format)))
    return bad(`response_format must be one of ${SPEECH_FORMATS.join(', ')}`);
  if (p.speed !== undefined && (!isNum(p.speed) || p.speed < 0.25 || p.speed > 4))
    return bad('speed must be a number from 0.25 to 4');
  return {
    ok: true,
    model: null,
    payload: {
      intent: INTENT_SPEECH,
      input: p.input,
      // The SDKs' default: every OpenAI-dialect speech server knows it (Kokoro maps it to one of its own).
      voice: typeof p.voice === 'string' ? p.voice : 'alloy',
      format: typeof format === 'string' ? format : null,
      speed: isNum(p.speed) ? p.speed : null,
    },
  };
}

function moderate(p: Record<string, unknown>): PayloadVerdict {
  const input = p.input;
  const { maxInputBytes, maxItems } = SPEECH_LIMITS.moderate;
  let items: string[];
  if (typeof input === 'string') items = [input];
  else if (Array.isArray(input) && input.length > 0 && input.every((s) => typeof s === 'string')) {
    if (input.length > maxItems) return over(`input has ${input.length} items, over this node's ${maxItems}`);
    items = input as string[];
  } else return bad('input must be a string or a non-empty array of strings');
  const inputBytes = items.reduce((n, s) => n + Buffer.byteLength(s, 'utf8'), 0);
  if (inputBytes > maxInputBytes) return over(`input is ${inputBytes} bytes, over this node's ${maxInputBytes}`);
  return { ok: true, model: null, payload: { intent: INTENT_MODERATE, input: input as string | string[], inputBytes } };
}

/**
 * The upload's file name: its base name only, with nothing that could break the part's header; `audio.wav` (the SDKs'
 * default) when none is left.
 */
export function safeFilename(name: unknown): string {
  if (typeof name !== 'string') return 'audio.wav';
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 128);
  return clean === '' || /^\.+$/.test(clean) ? 'audio.wav' : clean;
}
