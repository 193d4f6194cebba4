/**
 * Stand-ins for the speech and moderation servers, answering the routes the node asks exactly as the real servers do
 * (research dossier §4: headers, bodies and error shapes as their sources write them): whisper.cpp's whisper-server
 * (`Server: whisper.cpp`, its own `--inference-path`, text as text/html, `{"error"}` bodies, `model` ignored),
 * speaches (each model's `task`, `model` and `voice` required, FastAPI `detail` errors), Kokoro-FastAPI (`owned_by:
 * "kokoro"`, chunked audio, `{"detail":{"error",…}}`), openedai-speech (its billing stub, odd content types), LocalAI
 * (its capabilities route), vLLM serving Whisper (usage in seconds, `{"error":{…}}`) and an OpenAI-compatible
 * moderation classifier (the SDKs' toxic-bert shim). Every request is recorded, the multipart upload parsed, so a
 * test sees what the node sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo, serveOnLoopback } from '../http-server';

export type SpeechServerKind =
  'whispercpp' | 'speaches' | 'kokoro' | 'openedai_speech' | 'localai' | 'vllm_whisper' | 'moderation_shim';

export interface SpeechServerOptions {
  /** whisper-server's `--inference-path` (default `/inference`, as whisper-server's own default). */
  inferencePath?: string;
  /** whisper-server still loading its model: `/health` answers 503. */
  loading?: boolean;
  /** vLLM's model list (`owned_by: "vllm"`), so the node reads each one's kind from its name. */
  models?: readonly string[];
}

export interface SpeechCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The multipart fields (the file's bytes under `file`, its part's name and type beside). */
  form?: { fields: Record<string, string>; file: Buffer | null; filename: string | null; fileType: string | null };
  json?: Record<string, unknown>;
}

export interface FakeSpeechServer {
  url: string;
  /** Every request, in order, with what it carried. */
  calls: SpeechCall[];
  /** `METHOD path` of every request, in order. */
  said(): string[];
  close(): Promise<void>;
}

/** What a speech server was asked to do: its uploads and speech requests, its lists and health left out. */
export const speechWork = (s: FakeSpeechServer): SpeechCall[] =>
  s.calls.filter((c) => c.method === 'POST' && (c.form?.file || c.json?.input));

export const SPOKEN_TEXT = 'hello from the stand-in';
/** The stand-in's synthesised audio: a few bytes that are not JSON. */
export const SPEECH_BYTES = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt fake audio', 'latin1');
/** Kokoro-FastAPI's voices as `GET /v1/audio/voices` lists them (`{id, name}` since 0.3). */
export const KOKORO_VOICES = ['af_heart', 'af_bella', 'am_adam', 'bf_emma'] as const;
/** speaches' voices of its Kokoro model, as `GET /v1/audio/voices` dumps them. */
export const SPEACHES_VOICES = ['af_heart', 'bm_george'] as const;

type Answer = { status: number; body: string | Buffer; headers: Record<string, string> };

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});
const UVICORN = { server: 'uvicorn' };
/** FastAPI's answer to a route it does not have. */
const fastApiNotFound = (): Answer => json(404, { detail: 'Not Found' }, UVICORN);
/** A container the servers' decoders read; anything else is refused as each refuses it. */
const decodable = (b: Buffer) =>
  ['RIFF', 'ID3', 'fLaC', 'OggS'].some((m) => b.subarray(0, m.length).toString('latin1') === m);

const SPEACHES_MODELS = [
  ['Systran/faster-whisper-small', 'Systran', 'automatic-speech-recognition'],
  ['speaches-ai/Kokoro-82M-v1.0-ONNX', 'speaches-ai', 'text-to-speech'],
  ['pyannote/wespeaker-voxceleb-resnet34-LM', 'pyannote', 'speaker-embedding'],
] as const;
const KOKORO_MODELS = ['tts-1', 'tts-1-hd', 'kokoro', 'gpt-4o-mini-tts'];
/** Kokoro-FastAPI's `openai_mappings.json`: OpenAI's voices read as its own. */
const KOKORO_OPENAI_VOICES = ['alloy', 'ash', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer'];

const SPEECH_TYPES: Partial<Record<SpeechServerKind, Record<string, string>>> = {
  speaches: { mp3: 'audio/mpeg', wav: 'audio/wav', opus: 'audio/opus', flac: 'audio/flac', pcm: 'audio/pcm' },
  kokoro: { mp3: 'audio/mpeg', wav: 'audio/wav', opus: 'audio/opus', flac: 'audio/flac', pcm: 'audio/pcm' },
  openedai_speech: { mp3: 'audio/mpeg', wav: 'audio/wav', opus: 'audio/ogg;codec=opus', flac: 'audio/x-flac' },
};

// ---- what each server answers of its lists and health: how the node finds it ----------------------------------

function whisperCppLooks(method: string, path: string, o: SpeechServerOptions): Answer | null {
  if (method === 'GET' && path === '/health')
    return o.loading ? json(503, { status: 'loading model' }) : json(200, { status: 'ok' });
  return null;
}

function speachesLooks(method: string, path: string): Answer | null {
  if (method === 'GET' && path === '/health') return json(200, { message: 'OK' }, UVICORN);
  if (method === 'GET' && path === '/v1/models') {
    const data = SPEACHES_MODELS.map(([id, ownedBy, task]) => ({
      id,
      created: 0,
      object: 'model',
      owned_by: ownedBy,
      language: ['en'],
      task,
    }));
    return json(200, { data, object: 'list' }, UVICORN);
  }
  if (method === 'GET' && path === '/v1/audio/voices') {
    const voices = SPEACHES_VOICES.map((v) => ({
      model_id: SPEACHES_MODELS[1][0],
      voice_id: v,
      created: 0,
      owned_by: 'speaches-ai',
      sample_rate: 24000,
      object: 'voice',
    }));
    return json(200, { voices, object: 'list' }, UVICORN);
  }
  return null;
}

function kokoroLooks(method: string, path: string): Answer | null {
  if (method === 'GET' && path === '/health') return json(200, { status: 'healthy' }, UVICORN);
  if (method === 'GET' && path === '/v1/models') {
    const data = KOKORO_MODELS.map((id) => ({ id, object: 'model', created: 1686935002, owned_by: 'kokoro' }));
    return json(200, { object: 'list', data }, UVICORN);
  }
  if (method === 'GET' && path === '/v1/audio/voices')
    return json(200, { voices: KOKORO_VOICES.map((v) => ({ id: v, name: v })) }, UVICORN);
  return null;
}

function openedAiLooks(method: string, path: string): Answer | null {
  if (method === 'GET' && path === '/health') return json(200, { status: 'ok' }, UVICORN);
  if (method === 'GET' && path === '/v1/billing/usage') return json(200, { total_usage: 0 }, UVICORN);
  if (method === 'GET' && path === '/v1/models') {
    const data = ['tts-1-hd', 'tts-1'].map((id) => ({ id, object: 'model', created: 0, owned_by: 'user' }));
    return json(200, { object: 'list', data }, UVICORN);
  }
  return null;
}

/** LocalAI (Echo): no `Server` header, model lists with only `id` and `object`. */
function localAiLooks(method: string, path: string): Answer {
  const models: [string, string[]][] = [
    ['llama-3.2-1b-instruct', ['chat', 'completion']],
    ['whisper-base', ['transcript']],
    ['piper-en', ['tts']],
    ['silero-vad', ['vad']],
  ];
  if (method === 'GET' && path === '/v1/models')
    return json(200, { object: 'list', data: models.map(([id]) => ({ id, object: 'model' })) });
  if (method === 'GET' && path === '/v1/models/capabilities') {
    const data = models.map(([id, capabilities]) => ({
      id,
      object: 'model',
      capabilities,
      input_modalities: ['text'],
      output_modalities: ['text'],
    }));
    return json(200, { object: 'list', data });
  }
  // Its moderation runs a completion model it must be told (model-config middleware): none named, refused.
  if (method === 'POST' && path === '/v1/moderations')
    return json(400, { error: { code: 400, message: 'no model specified', type: '' } });
  return json(404, { error: { code: 404, message: 'Not Found', type: '' } });
}

function vllmLooks(method: string, path: string, o: SpeechServerOptions): Answer | null {
  if (method === 'GET' && path === '/version') return json(200, { version: '0.11.0' }, UVICORN);
  if (method === 'GET' && path === '/v1/models') {
    const data = (o.models ?? ['openai/whisper-large-v3']).map((id) => ({
      id,
      object: 'model',
      created: 1764400000,
      owned_by: 'vllm',
      root: id,
      parent: null,
      max_model_len: 448,
      permission: [],
    }));
    return json(200, { object: 'list', data }, UVICORN);
  }
  return null;
}

// ---- what each server answers of the work itself ---------------------------------------------------------------

/** A transcription as each server answers it, or its refusal in that server's shape. */
function transcribe(kind: SpeechServerKind, form: NonNullable<SpeechCall['form']>): Answer {
  if (!form.file) return json(400, { error: "no 'file' field in the request" });
  if (kind === 'speaches' && !form.fields.model)
    return json(422, { detail: [{ type: 'missing', loc: ['body', 'model'], msg: 'Field required' }] }, UVICORN);
  if (!decodable(form.file)) {
    if (kind === 'whispercpp') return json(400, { error: 'failed to read audio data' });
    if (kind === 'speaches')
      return json(415, { detail: 'Failed to decode audio. The provided file type is not supported.' }, UVICORN);
    return json(
      400,
      { error: { message: 'Invalid or unsupported audio file.', type: 'BadRequestError', param: null, code: 400 } },
      UVICORN,
    );
  }
  const format = form.fields.response_format ?? 'json';
  const text = (type: string, body: string): Answer => ({ status: 200, body, headers: { 'content-type': type } });
  if (format === 'text') return text(kind === 'whispercpp' ? 'text/html; charset=utf-8' : 'text/plain', SPOKEN_TEXT);
  if (format === 'srt') return text('application/x-subrip', `1\n00:00:00,000 --> 00:00:01,000\n${SPOKEN_TEXT}\n`);
  if (format === 'vtt') return text('text/vtt', `WEBVTT\n\n00:00.000 --> 00:01.000\n${SPOKEN_TEXT}\n`);
  if (format === 'verbose_json')
    return json(200, { task: 'transcribe', language: 'english', duration: 2.5, text: SPOKEN_TEXT, segments: [] });
  const usage = kind === 'vllm_whisper' ? { usage: { type: 'duration', seconds: 3 } } : {};
  return json(200, { text: SPOKEN_TEXT, ...usage });
}

/** A synthesis's refusal in its server's shape, or null when the server speaks. */
function speechRefusal(kind: SpeechServerKind, body: Record<string, unknown>): Answer | null {
  if (kind === 'kokoro' && !KOKORO_MODELS.includes(String(body.model)))
    return json(
      400,
      {
        detail: {
          error: 'invalid_model',
          message: `Unsupported model: ${String(body.model)}`,
          type: 'invalid_request_error',
        },
      },
      UVICORN,
    );
  const voice = String(body.voice ?? 'af_heart');
  if (kind === 'kokoro' && ![...KOKORO_VOICES, ...KOKORO_OPENAI_VOICES].includes(voice))
    return json(
      400,
      {
        detail: {
          error: 'validation_error',
          message: `Voice '${voice}' not found. Available voices: ${KOKORO_VOICES.join(', ')}`,
          type: 'invalid_request_error',
        },
      },
      UVICORN,
    );
  if (kind === 'speaches' && !SPEACHES_MODELS.some(([id]) => id === body.model))
    return json(
      404,
      {
        detail: `Model '${String(body.model)}' is not installed locally. You can download the model using \`POST /v1/models\``,
      },
      UVICORN,
    );
  if (kind === 'openedai_speech' && body.input === '')
    return json(400, { message: 'Empty Input', code: 400, type: 'BadRequestError', param: 'input' }, UVICORN);
  return null;
}

/** Where each server does its work; null: it does none there. */
function workAt(kind: SpeechServerKind, method: string, path: string, o: SpeechServerOptions) {
  if (method !== 'POST') return null;
  const transcribes = kind === 'whispercpp' ? (o.inferencePath ?? '/inference') : '/v1/audio/transcriptions';
  if (path === transcribes && ['whispercpp', 'speaches', 'vllm_whisper'].includes(kind)) return 'transcribe';
  if (path === '/v1/audio/speech' && ['speaches', 'kokoro', 'openedai_speech', 'vllm_whisper'].includes(kind))
    return 'speech';
  if (path === '/v1/moderations' && kind === 'moderation_shim') return 'moderate';
  return null;
}

function looks(kind: SpeechServerKind, method: string, path: string, o: SpeechServerOptions): Answer {
  const found =
    kind === 'whispercpp'
      ? whisperCppLooks(method, path, o)
      : kind === 'speaches'
        ? speachesLooks(method, path)
        : kind === 'kokoro'
          ? kokoroLooks(method, path)
          : kind === 'openedai_speech'
            ? openedAiLooks(method, path)
            : kind === 'localai'
              ? localAiLooks(method, path)
              : kind === 'vllm_whisper'
                ? vllmLooks(method, path, o)
                : null;
  if (found) return found;
  if (kind === 'whispercpp')
    return { status: 404, body: `File Not Found (${path})`, headers: { 'content-type': 'text/plain' } };
  return fastApiNotFound();
}

async function answer(
  kind: SpeechServerKind,
  o: SpeechServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  calls: SpeechCall[],
): Promise<void> {
  const { bytes } = await readBodyUpTo(req, 32 * 1024 * 1024);
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const call: SpeechCall = { method, path, headers: req.headers };
  calls.push(call);
  const send = (a: Answer) => {
    // whisper-server says so in every answer's `Server` header.
    res.writeHead(a.status, kind === 'whispercpp' ? { ...a.headers, server: 'whisper.cpp' } : a.headers);
    res.end(a.body);
  };
  const work = workAt(kind, method, path, o);
  if (work === 'transcribe') {
    const form = await readForm(req, bytes);
    call.form = form;
    return send(transcribe(kind, form));
  }
  if (work === null) return send(looks(kind, method, path, o));
  const body = bytes.length > 0 ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>) : {};
  call.json = body;
  if (work === 'moderate') {
    const flagged = JSON.stringify(body.input).includes('hate');
    return send(
      json(
        200,
        {
          model: 'unitary/toxic-bert',
          results: [{ flagged, categories: { toxic: flagged }, category_scores: { toxic: flagged ? 0.9 : 0.0007 } }],
        },
        UVICORN,
      ),
    );
  }
  const refused = speechRefusal(kind, body);
  if (refused) return send(refused);
  const format = typeof body.response_format === 'string' ? body.response_format : 'mp3';
  // Streamed in two pieces with no Content-Length, as the FastAPI servers send it.
  res.writeHead(200, { 'content-type': SPEECH_TYPES[kind]?.[format] ?? 'audio/mpeg', ...UVICORN });
  res.write(SPEECH_BYTES.subarray(0, 8));
  res.end(SPEECH_BYTES.subarray(8));
}

async function readForm(req: IncomingMessage, bytes: Buffer): Promise<NonNullable<SpeechCall['form']>> {
  const fields: Record<string, string> = {};
  let file: Buffer | null = null;
  let filename: string | null = null;
  let fileType: string | null = null;
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return { fields, file, filename, fileType };
  // The platform's own multipart parser (undici) reads what the node built.
  const data = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  for (const [name, value] of data.entries()) {
    if (typeof value === 'string') fields[name] = value;
    else {
      file = Buffer.from(await value.arrayBuffer());
      filename = value.name;
      fileType = value.type;
    }
  }
  return { fields, file, filename, fileType };
}

export async function startSpeechServer(
  kind: SpeechServerKind,
  o: SpeechServerOptions = {},
): Promise<FakeSpeechServer> {
  const calls: SpeechCall[] = [];
  const server = await serveOnLoopback((req, res) => {
    void answer(kind, o, req, res, calls).catch(() => res.destroy());
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    calls,
    said: () => calls.map((c) => `${c.method} ${c.path}`),
    close: server.close,
  };
}
