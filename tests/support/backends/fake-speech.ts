/**
 * A stand-in speech server answering as the real ones do (research dossier §4): speaches (FastAPI `detail` errors,
 * `model` required), whisper.cpp (`Server: whisper.cpp`, text as text/html, `{"error"}` bodies, `model` ignored),
 * Kokoro (chunked audio, `{"detail":{"error",…}}`), openedai-speech (odd content types) and vLLM (usage in seconds).
 * Every request is recorded, the multipart upload parsed, so a test sees what the node sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo, serveOnLoopback } from '../http-server';

export type SpeechStyle = 'speaches' | 'whispercpp' | 'kokoro' | 'openedai' | 'vllm';

export interface SpeechCall {
  path: string;
  headers: IncomingMessage['headers'];
  /** The multipart fields (the file's bytes under `file`, its part's name and type beside). */
  form?: { fields: Record<string, string>; file: Buffer | null; filename: string | null; fileType: string | null };
  json?: Record<string, unknown>;
}

export interface FakeSpeech {
  url: string;
  calls: SpeechCall[];
  close(): Promise<void>;
}

export const SPOKEN_TEXT = 'hello from the stand-in';
/** The stand-in's synthesised audio: a few bytes that are not JSON. */
export const SPEECH_BYTES = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt fake audio', 'latin1');

const SPEECH_TYPES: Record<SpeechStyle, Record<string, string>> = {
  speaches: { mp3: 'audio/mpeg', wav: 'audio/wav', opus: 'audio/opus', flac: 'audio/flac', pcm: 'audio/pcm' },
  kokoro: { mp3: 'audio/mpeg', wav: 'audio/wav', opus: 'audio/opus', flac: 'audio/flac', pcm: 'audio/pcm' },
  openedai: { mp3: 'audio/mpeg', wav: 'audio/wav', opus: 'audio/ogg;codec=opus', flac: 'audio/x-flac' },
  whispercpp: {},
  vllm: {},
};

/**
 * `models`: listed on `/v1/models` as vLLM lists them (`owned_by: "vllm"`), so the node reads each one's kind from its
 * name; none listed answers 404 there, as whisper.cpp does.
 */
export async function startFakeSpeech(style: SpeechStyle, models: readonly string[] = []): Promise<FakeSpeech> {
  const calls: SpeechCall[] = [];
  const list = JSON.stringify({
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'vllm', root: id, max_model_len: 448 })),
  });
  const server = await serveOnLoopback((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/models' && models.length > 0) {
      res.writeHead(200, { 'content-type': 'application/json', server: 'uvicorn' });
      return void res.end(list);
    }
    void answer(style, req, res, calls).catch(() => res.destroy());
  });
  return { url: `http://127.0.0.1:${server.port}`, calls, close: server.close };
}

async function answer(style: SpeechStyle, req: IncomingMessage, res: ServerResponse, calls: SpeechCall[]) {
  const { bytes } = await readBodyUpTo(req, 32 * 1024 * 1024);
  const path = req.url ?? '';
  const call: SpeechCall = { path, headers: req.headers };
  calls.push(call);
  if (style === 'whispercpp') res.setHeader('Server', 'whisper.cpp');
  const send = (status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  if (path === '/v1/audio/transcriptions') {
    const form = await readForm(req, bytes);
    call.form = form;
    if (!form.file) return send(400, 'application/json', JSON.stringify({ error: "no 'file' field in the request" }));
    if (style === 'speaches' && !form.fields.model)
      return send(
        422,
        'application/json',
        JSON.stringify({ detail: [{ loc: ['body', 'model'], msg: 'Field required' }] }),
      );
    const format = form.fields.response_format ?? 'json';
    if (format === 'text')
      return send(200, style === 'whispercpp' ? 'text/html; charset=utf-8' : 'text/plain', SPOKEN_TEXT);
    if (format === 'vtt') return send(200, 'text/vtt', `WEBVTT\n\n00:00.000 --> 00:01.000\n${SPOKEN_TEXT}\n`);
    if (format === 'verbose_json')
      return send(
        200,
        'application/json',
        JSON.stringify({ task: 'transcribe', language: 'english', duration: 2.5, text: SPOKEN_TEXT, segments: [] }),
      );
    const usage = style === 'vllm' ? { usage: { type: 'duration', seconds: 3 } } : {};
    return send(200, 'application/json', JSON.stringify({ text: SPOKEN_TEXT, ...usage }));
  }
  const json = bytes.length > 0 ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>) : {};
  call.json = json;
  if (path === '/v1/audio/speech') {
    if (style === 'kokoro' && !['tts-1', 'kokoro'].includes(String(json.model)))
      return send(
        400,
        'application/json',
        JSON.stringify({
          detail: {
            error: 'invalid_model',
            message: `Unsupported model: ${String(json.model)}`,
            type: 'invalid_request_error',
          },
        }),
      );
    if (style === 'openedai' && json.input === '')
      return send(
        400,
        'application/json',
        JSON.stringify({ message: 'Empty Input', code: 400, type: 'BadRequestError', param: 'input' }),
      );
    const format = typeof json.response_format === 'string' ? json.response_format : 'mp3';
    // Streamed in two pieces with no Content-Length, as the FastAPI servers send it.
    res.writeHead(200, { 'content-type': SPEECH_TYPES[style][format] ?? 'audio/mpeg' });
    res.write(SPEECH_BYTES.subarray(0, 8));
    return res.end(SPEECH_BYTES.subarray(8));
  }
  if (path === '/v1/moderations') {
    const flagged = JSON.stringify(json.input).includes('hate');
    return send(
      200,
      'application/json',
      JSON.stringify({
        results: [{ flagged, categories: { hate: flagged }, category_scores: { hate: flagged ? 0.9 : 0.01 } }],
      }),
    );
  }
  send(404, 'text/plain', `File Not Found (${path})`);
}

async function readForm(req: IncomingMessage, bytes: Buffer): Promise<NonNullable<SpeechCall['form']>> {
  const fields: Record<string, string> = {};
  let file: Buffer | null = null;
  let filename: string | null = null;
  let fileType: string | null = null;
  // The platform's own multipart parser (undici) reads what the node built.
  const data = await new Response(bytes, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
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
