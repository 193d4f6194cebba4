/**
 * A speech intent's IICP result written as OpenAI answers it: a transcript as JSON or as the raw text its
 * `response_format` names (the `openai` package parses only `application/json`, so text, SRT and WebVTT keep their own
 * types), synthesised speech as its bytes or as OpenAI's server-sent events, a moderation with its `id` and `model`.
 * The result is another machine's JSON: each field used is checked, and a result that is not what the intent
 * promises is the node's failure (502), never a throw.
 */
import { moderationId, type SpeechAsk } from './speech-asks';
import { SHAPE_CODES, type ShapeRefusal } from './types';

export interface SpeechAnswer {
  ok: true;
  contentType: string;
  chunks: (string | Buffer)[];
  /** Tokens the node said the task used (`tokens_used`), or null when it did not say. */
  tokens: number | null;
}

export type SpeechRendered = SpeechAnswer | ShapeRefusal;

const TRANSCRIPT_TYPES = {
  json: 'application/json',
  verbose_json: 'application/json',
  text: 'text/plain; charset=utf-8',
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
} as const;

/** A synthesis format's type, when the result's own is not one a header can carry. */
const AUDIO_TYPES: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

/** Bytes of audio in one `speech.audio.delta` event (base64 of 48 KiB: 64 KiB of text). */
const SSE_PIECE_BYTES = 48 * 1024;

const bad = (message: string): ShapeRefusal => ({
  ok: false,
  status: 502,
  code: SHAPE_CODES.invalidNodeAnswer,
  message,
});

/** The node's opened answer (`{status, result, tokens_used?}`) in OpenAI's form for the ask's route. */
export function renderSpeech(ask: SpeechAsk, plaintext: Uint8Array, model: string): SpeechRendered {
  let opened: unknown;
  try {
    opened = JSON.parse(Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).toString('utf8'));
  } catch {
    return bad('The node’s answer is not JSON.');
  }
  const o = opened as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || o.status !== 'success' || !('result' in o))
    return { ok: false, status: 502, code: 'node_error', message: 'The node could not complete the task.' };
  const tokens =
    typeof o.tokens_used === 'number' && Number.isSafeInteger(o.tokens_used) && o.tokens_used >= 0
      ? o.tokens_used
      : null;
  return renderSpeechResult(ask, o.result, model, tokens);
}

/** A speech intent's result (as this computer's server or a node gave it) in OpenAI's form. */
export function renderSpeechResult(
  ask: SpeechAsk,
  result: unknown,
  model: string,
  tokens: number | null,
): SpeechRendered {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return bad('The node’s result is not an object.');
  const r = result as Record<string, unknown>;
  switch (ask.route) {
    case 'openai.transcription': {
      if (typeof r.text !== 'string') return bad('The node’s transcript has no text.');
      const format = ask.reply.transcriptFormat ?? 'json';
      const contentType = TRANSCRIPT_TYPES[format];
      if (format === 'text' || format === 'srt' || format === 'vtt')
        return { ok: true, contentType, chunks: [r.text], tokens };
      // verbose_json keeps what the server said of segments, language and duration; json is OpenAI's {text, usage}.
      const body = format === 'verbose_json' ? r : { text: r.text, ...(r.usage ? { usage: r.usage } : {}) };
      return { ok: true, contentType, chunks: [JSON.stringify(body)], tokens };
    }
    case 'openai.speech': {
      if (typeof r.audio !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(r.audio))
        return bad('The node’s speech has no audio.');
      const audio = Buffer.from(r.audio, 'base64');
      const format = typeof r.format === 'string' ? r.format : null;
      // A header value is ours to write: only a well-formed media type passes; else the format's own.
      const said = typeof r.content_type === 'string' ? r.content_type.trim() : '';
      const contentType = /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+-]+)*$/.test(said)
        ? said
        : (AUDIO_TYPES[format ?? String(ask.payload.response_format ?? 'mp3')] ?? 'application/octet-stream');
      if (ask.reply.streamFormat !== 'sse') return { ok: true, contentType, chunks: [audio], tokens };
      return { ok: true, contentType: 'text/event-stream', chunks: speechEvents(audio, tokens), tokens };
    }
    case 'openai.moderation': {
      if (!Array.isArray(r.results) || r.results.some((x) => !x || typeof x !== 'object' || Array.isArray(x)))
        return bad('The node’s moderation has no results.');
      const body = {
        id: typeof r.id === 'string' && r.id !== '' ? r.id : moderationId(),
        model: typeof r.model === 'string' && r.model !== '' ? r.model : model,
        results: r.results,
      };
      return { ok: true, contentType: 'application/json', chunks: [JSON.stringify(body)], tokens };
    }
  }
}

/**
 * OpenAI's `stream_format: "sse"` built from the whole audio: no machine streams speech over IICP, so the events come
 * at once — the audio in `speech.audio.delta` pieces, then `speech.audio.done` with the usage (the input's tokens as
 * the node counted them; no output tokens are counted for audio).
 */
export function speechEvents(audio: Buffer, tokens: number | null): string[] {
  const events: string[] = [];
  for (let at = 0; at < audio.length || at === 0; at += SSE_PIECE_BYTES) {
    const piece = audio.subarray(at, at + SSE_PIECE_BYTES).toString('base64');
    events.push(`data: ${JSON.stringify({ type: 'speech.audio.delta', audio: piece })}\n\n`);
    if (audio.length === 0) break;
  }
  const input = tokens ?? 0;
  const usage = { input_tokens: input, output_tokens: 0, total_tokens: input };
  events.push(`data: ${JSON.stringify({ type: 'speech.audio.done', usage })}\n\n`);
  return events;
}
