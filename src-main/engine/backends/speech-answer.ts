/**
 * A speech server's 2xx answer turned into the IICP result exactly as the SDKs do, and what it counts:
 * - transcribe: the server's JSON verbatim (json, verbose_json), or `{text: body}` for text, srt and vtt;
 * - speech: `{audio: base64, content_type: the header verbatim, format: the response_format asked for, else the
 *   header's subtype in its usual name}`;
 * - moderate: the server's JSON verbatim, which must carry `results[].flagged` as booleans.
 * Tokens are the text side's estimate (docs/adr/0035-what-a-speech-task-counts.md); beside them, the task's count in
 * its own unit (docs/adr/0037-speech-tasks-own-unit.md): the audio's milliseconds, booked but never billed.
 */
import type { TaskUnits } from '@shared/contract';
import { isPlainObject } from './http';
import { INTENT_MODERATE, INTENT_SPEECH } from './intents';
import type { SpeechAsk } from './speech-request';
import { ANSWER_ROOM_TOKENS, COUNT_MARGIN, estimateTokens } from './token-claim';

/**
 * The most audio a speech answer may carry, raw: base64 makes it 6⅔ MiB, which with the result's few other bytes still
 * fits IICP-CX's 8 MiB sealed body (`cx/envelope.ts` `MAX_ENCRYPTED_BODY_BYTES`), so a sealed answer can be opened.
 */
export const MAX_SPEECH_AUDIO_BYTES = 5 * 1024 * 1024;

export type SpeechAnswer =
  | { ok: true; result: Record<string, unknown>; tokensUsed: number; units: TaskUnits | null }
  | { ok: false; message: string };

const unusable = (why: string): SpeechAnswer => ({
  ok: false,
  message: `the speech server's answer is unusable: ${why}`,
});

/** The answer of a 2xx, given its `Content-Type` (null when it sent none). */
export function speechAnswer(body: Buffer, contentType: string | null, ask: SpeechAsk): SpeechAnswer {
  if (ask.intent === INTENT_SPEECH) return speechResult(body, contentType, ask);
  const json = isJson(contentType) ? parseObject(body) : null;
  if (ask.intent === INTENT_MODERATE) {
    if (json === null) return unusable('not a JSON object');
    const results = json.results;
    if (!Array.isArray(results) || !results.every((r) => isPlainObject(r) && typeof r.flagged === 'boolean'))
      return unusable('no results[].flagged');
    return { ok: true, result: json, tokensUsed: ask.inputTokens, units: ask.units };
  }
  let result: Record<string, unknown>;
  if (json !== null && typeof json.text === 'string') result = json;
  else if (ask.format === 'json' || ask.format === 'verbose_json') return unusable('no text in its JSON');
  // text, srt and vtt come as the body itself (whisper.cpp labels text as text/html): carried as `{text}`.
  else result = { text: body.toString('utf8') };
  const text = result.text as string;
  const own = estimateTokens(Buffer.byteLength(text, 'utf8'));
  const audioMs = audioMsOf(result, ask);
  const units: TaskUnits | null = audioMs === null ? null : { unit: 'audio_ms', count: audioMs };
  return { ok: true, result, tokensUsed: serverTokens(result.usage, own) ?? own, units };
}

function speechResult(body: Buffer, contentType: string | null, ask: SpeechAsk): SpeechAnswer {
  if (body.length === 0) return unusable('no audio');
  if (body.length > MAX_SPEECH_AUDIO_BYTES) return unusable(`over ${MAX_SPEECH_AUDIO_BYTES} bytes of audio`);
  // A JSON 2xx from a speech path is an error worded as success, not audio.
  if (isJson(contentType)) return unusable('JSON, not audio');
  const type = contentType ?? 'audio/mpeg';
  return {
    ok: true,
    result: { audio: body.toString('base64'), content_type: type, format: ask.format ?? formatOf(type) },
    tokensUsed: ask.inputTokens,
    units: ask.units,
  };
}

const SUBTYPE_NAMES: Readonly<Record<string, string>> = {
  mpeg: 'mp3',
  mp3: 'mp3',
  'x-flac': 'flac',
  'x-wav': 'wav',
  wave: 'wav',
  l16: 'pcm',
  ogg: 'opus',
};

/** A Content-Type's subtype as a format name: parameters dropped, servers' odd spellings mapped. */
export function formatOf(contentType: string): string {
  const [type = ''] = contentType.split(';');
  const subtype = (type.split('/')[1] ?? type).trim().toLowerCase();
  return SUBTYPE_NAMES[subtype] ?? subtype;
}

function isJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

function parseObject(body: Buffer): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return isPlainObject(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * The server's own token count when its usage is in tokens (OpenAI's `{type: "tokens", total_tokens}`), held to the
 * node's estimate with chat's margin (token-claim.ts); a usage in seconds is never read as tokens.
 */
function serverTokens(usage: unknown, own: number): number | null {
  if (!isPlainObject(usage) || usage.type !== 'tokens') return null;
  const total = usage.total_tokens;
  if (!Number.isSafeInteger(total) || (total as number) < 0) return null;
  return Math.min(total as number, own * COUNT_MARGIN + ANSWER_ROOM_TOKENS);
}

/** How long the audio played: verbose_json's `duration`, vLLM's `usage.seconds`, else the upload's own header. */
function audioMsOf(result: Record<string, unknown>, ask: SpeechAsk): number | null {
  const seconds = (v: unknown): number | null => {
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
  };
  const s =
    seconds(result.duration) ??
    (isPlainObject(result.usage) && result.usage.type === 'duration' ? seconds(result.usage.seconds) : null);
  return s !== null ? Math.round(s * 1000) : ask.audioMs;
}
