/**
 * Stand-ins for the speech and moderation servers, answering the routes the node asks exactly as the real servers do
 * (headers, bodies, error shapes as their sources write them): whisper.cpp's whisper-server, speaches, Kokoro-FastAPI,
 * openedai-speech, LocalAI, vLLM serving Whisper, and an OpenAI-compatible moderation classifier (the SDKs' toxic-bert
 * shim). Each records the requests it was sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type SpeechServerKind =
  'whispercpp' | 'speaches' | 'kokoro' | 'openedai_speech' | 'localai' | 'vllm_whisper' | 'moderation_shim';

export interface SpeechServerOptions {
  /** whisper-server's `--inference-path` (default `/inference`, as whisper-server's own default). */
  inferencePath?: string;
  /** whisper-server still loading its model: `/health` answers 503. */
  loading?: boolean;
}

export interface FakeSpeechServer {
  url: string;
  /** `METHOD path` of every request, in order. */
  calls: string[];
  close(): Promise<void>;
}

type Answer = { status: number; body: string; headers: Record<string, string> };

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});
const UVICORN = { server: 'uvicorn' };
/** FastAPI's answer to a route it does not have. */
const fastApiNotFound = (): Answer => json(404, { detail: 'Not Found' }, UVICORN);

function whisperCpp(method: string, path: string, o: SpeechServerOptions): Answer {
  const inference = o.inferencePath ?? '/inference';
  const headers = { server: 'whisper.cpp' };
  if (method === 'GET' && path === '/health')
    return o.loading ? json(503, { status: 'loading model' }, headers) : json(200, { status: 'ok' }, headers);
  // A POST without a multipart `file` part is refused before the model runs (server.cpp `req.has_file("file")`).
  if (method === 'POST' && path === inference) return json(400, { error: "no 'file' field in the request" }, headers);
  return {
    status: 404,
    body: `File Not Found (${path})`,
    headers: { ...headers, 'content-type': 'text/plain' },
  };
}

function speaches(method: string, path: string): Answer {
  if (method === 'GET' && path === '/health') return json(200, { message: 'OK' }, UVICORN);
  if (method === 'GET' && path === '/v1/models') {
    const model = (id: string, ownedBy: string, task: string) => ({
      id,
      created: 0,
      object: 'model',
      owned_by: ownedBy,
      language: ['en'],
      task,
    });
    return json(
      200,
      {
        data: [
          model('Systran/faster-whisper-small', 'Systran', 'automatic-speech-recognition'),
          model('speaches-ai/Kokoro-82M-v1.0-ONNX', 'speaches-ai', 'text-to-speech'),
          model('pyannote/wespeaker-voxceleb-resnet34-LM', 'pyannote', 'speaker-embedding'),
        ],
        object: 'list',
      },
      UVICORN,
    );
  }
  return fastApiNotFound();
}

function kokoro(method: string, path: string): Answer {
  if (method === 'GET' && path === '/health') return json(200, { status: 'healthy' }, UVICORN);
  if (method === 'GET' && path === '/v1/models') {
    const data = ['tts-1', 'tts-1-hd', 'kokoro', 'gpt-4o-mini-tts'].map((id) => ({
      id,
      object: 'model',
      created: 1686935002,
      owned_by: 'kokoro',
    }));
    return json(200, { object: 'list', data }, UVICORN);
  }
  return fastApiNotFound();
}

function openedAiSpeech(method: string, path: string): Answer {
  if (method === 'GET' && path === '/health') return json(200, { status: 'ok' }, UVICORN);
  if (method === 'GET' && path === '/v1/billing/usage') return json(200, { total_usage: 0 }, UVICORN);
  if (method === 'GET' && path === '/v1/models') {
    const data = ['tts-1-hd', 'tts-1'].map((id) => ({ id, object: 'model', created: 0, owned_by: 'user' }));
    return json(200, { object: 'list', data }, UVICORN);
  }
  return fastApiNotFound();
}

/** LocalAI (Echo): no `Server` header, model lists with only `id` and `object`. */
function localAi(method: string, path: string): Answer {
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

function vllmWhisper(method: string, path: string): Answer {
  if (method === 'GET' && path === '/version') return json(200, { version: '0.11.0' }, UVICORN);
  if (method === 'GET' && path === '/v1/models') {
    const id = 'openai/whisper-large-v3';
    const card = {
      id,
      object: 'model',
      created: 1764400000,
      owned_by: 'vllm',
      root: id,
      parent: null,
      max_model_len: 448,
      permission: [],
    };
    return json(200, { object: 'list', data: [card] }, UVICORN);
  }
  return fastApiNotFound();
}

/** A toxic-bert classifier behind OpenAI's moderation route: no model list, only `results`. */
function moderationShim(method: string, path: string): Answer {
  if (method === 'POST' && path === '/v1/moderations')
    return json(
      200,
      {
        model: 'unitary/toxic-bert',
        results: [{ flagged: false, categories: { toxic: false }, category_scores: { toxic: 0.0007 } }],
      },
      UVICORN,
    );
  return fastApiNotFound();
}

function answer(kind: SpeechServerKind, method: string, path: string, o: SpeechServerOptions): Answer {
  switch (kind) {
    case 'whispercpp':
      return whisperCpp(method, path, o);
    case 'speaches':
      return speaches(method, path);
    case 'kokoro':
      return kokoro(method, path);
    case 'openedai_speech':
      return openedAiSpeech(method, path);
    case 'localai':
      return localAi(method, path);
    case 'vllm_whisper':
      return vllmWhisper(method, path);
    case 'moderation_shim':
      return moderationShim(method, path);
  }
}

export async function startSpeechServer(
  kind: SpeechServerKind,
  o: SpeechServerOptions = {},
): Promise<FakeSpeechServer> {
  const calls: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    calls.push(`${req.method} ${path}`);
    req.resume();
    req.on('end', () => {
      const a = answer(kind, req.method ?? 'GET', path, o);
      res.writeHead(a.status, a.headers).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
