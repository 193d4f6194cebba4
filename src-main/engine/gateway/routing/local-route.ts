/**
 * This computer first: a request for a model this node's own LLM server runs goes to that server (local-server.ts)
 * before any other machine — free, nothing sealed, no network hop — and streams as the server streams. Only when the
 * server fails before a piece reached the app does the request go on to the person's other machines, then others.
 */
import { randomUUID } from 'node:crypto';
import type { BuildOptions, StreamUsage } from '../../backends';
import { streamWriterFor, type TokenUsage } from '../api-shapes';
import { needRefusal, unmetNeed } from './ask-needs';
import { type LocalRequest, type WireAsk, payloadWith, type StreamSink } from '../listener';
import { localModelFacts, type LocalFailure, type LocalServer } from './local-server';
import type { Delivery } from './delivery';
import { NOT_SENT_CODES, type RouteEnd } from './task-route';

export interface LocalFirst {
  ask: WireAsk;
  timeoutMs: number;
  signal: AbortSignal;
  /** How the answer reaches the app (delivery.ts), decided once by the pipeline. */
  delivery: Delivery;
  local: LocalServer | undefined;
  /** Builds the request for this computer's server: on the codec thread when it is large (gateway-codec.ts). */
  build: (intent: string, json: string, options: BuildOptions, stream: boolean) => LocalRequest | Promise<LocalRequest>;
  selfNodeId: string;
  now: () => number;
}

/** How the request ended, and whether this computer's answer was already written to the app as a stream. */
export interface LocalEnd {
  end: RouteEnd;
  written: boolean;
}

const HEAD = Buffer.from('{"status":"success","result":');
const TAIL = Buffer.from('}');

const usageOf = (u: StreamUsage | null): TokenUsage | null =>
  u ? { prompt: u.prompt_tokens, completion: u.completion_tokens, total: u.total_tokens } : null;

/**
 * The end of a request this computer's server took, free (no multiplier, nothing held): its outcome once known, the
 * time from now on counted as its latency.
 */
export function thisComputerEnd(o: {
  nodeId: string;
  model: string;
  taskId: string;
  now: () => number;
}): (outcome: RouteEnd['outcome']) => RouteEnd {
  const started = o.now();
  const node = {
    nodeId: o.nodeId,
    endpoint: '',
    cx: { key: '', keyId: '' },
    models: [o.model],
    multiplier: 0,
    maxTokens: null,
    operator: null,
    nativeTransport: null,
  };
  return (outcome) => ({
    taskId: o.taskId,
    node,
    own: true,
    route: 'this_computer',
    attempts: 1,
    latencyMs: o.now() - started,
    outcome,
    multiplier: 0,
    held: 0,
    release: () => undefined,
  });
}

/**
 * This computer's server first when it runs the model, then `network` (own machines, then others). The network's end
 * counts this computer's try among its attempts; when the network has nothing for the model either, the answer says
 * that this computer's server failed.
 */
export async function routeLocalFirst(x: LocalFirst, network: () => Promise<RouteEnd>): Promise<LocalEnd> {
  const { ask, local } = x;
  if (!local || !local.models(ask.intent).includes(ask.model)) return { end: await network(), written: false };
  const unmet = unmetNeed(localModelFacts(local, ask.model), ask.needs);
  if (unmet !== null) return { end: await networkOrRefusal(x, unmet, network), written: false };
  const taskId = randomUUID();
  const end = thisComputerEnd({ nodeId: x.selfNodeId, model: ask.model, taskId, now: x.now });
  const d = x.delivery;
  const built = await x.build(
    ask.intent,
    payloadWith(ask.payloadJson, ask.maxTokens),
    local.buildOptions(),
    d.kind === 'stream',
  );
  const tried = d.kind === 'stream' ? await streamLocal(x, d.sink, taskId, built) : await bufferedLocal(x, built);
  if (tried.ok || tried.blame === 'request' || tried.written)
    return {
      end: end(
        tried.ok ? { ok: true, plaintext: tried.plaintext, alreadyWritten: tried.alreadyWritten } : failure(tried),
      ),
      written: tried.written,
    };
  const next = await network();
  const nothing = next.attempts === 0 && !next.outcome.ok && NOT_SENT_CODES.has(next.outcome.code);
  if (nothing) return { end: { ...end(failure(tried)), taskId: next.taskId }, written: false };
  return { end: { ...next, attempts: next.attempts + 1 }, written: false };
}

/**
 * This computer cannot honour what the request needs: the network is asked; when no other machine offers the model
 * either, the refusal names the field this computer could not take rather than saying nobody offers the model.
 */
async function networkOrRefusal(
  x: LocalFirst,
  unmet: NonNullable<ReturnType<typeof unmetNeed>>,
  network: () => Promise<RouteEnd>,
): Promise<RouteEnd> {
  const next = await network();
  if (next.attempts > 0 || next.outcome.ok || !['model_not_found', 'no_nodes'].includes(next.outcome.code)) return next;
  return { ...next, outcome: { ok: false, blame: 'gateway', ...needRefusal(x.ask.model, unmet, x.ask.needs) } };
}

type Tried = ({ ok: true; plaintext: Buffer; alreadyWritten?: { tokens: number | null } } | LocalFailure) & {
  written: boolean;
};

const failure = (f: LocalFailure & { written?: boolean; final?: boolean }): RouteEnd['outcome'] => ({
  ok: false,
  blame: f.blame,
  status: f.status,
  code: f.code,
  message: f.message,
  ...(f.final ? { final: true } : {}),
});

/** The server's whole answer, wrapped as a node's opened answer so the gateway renders it in the app's API. */
async function bufferedLocal(x: LocalFirst, built: LocalRequest): Promise<Tried> {
  const r = await x.local!.call(built, { timeoutMs: x.timeoutMs, signal: x.signal });
  return r.ok ? { ok: true, plaintext: Buffer.concat([HEAD, r.body, TAIL]), written: false } : { ...r, written: false };
}

/** The server's stream written to the app piece by piece in the app's API; a failure after the first piece ends it. */
async function streamLocal(
  x: LocalFirst,
  sink: StreamSink,
  taskId: string,
  built: LocalRequest,
): Promise<Tried & { final?: boolean }> {
  const started = x.now();
  const writer = streamWriterFor(x.ask, { id: taskId, nowMs: started }, () => x.now() - started);
  let written = false;
  let chain: Promise<void> = Promise.resolve();
  const write = (text: string): Promise<void> => {
    if (!written) {
      written = true;
      sink.begin(writer.contentType, { taskId, nodeId: x.selfNodeId, own: true });
      text = writer.open() + text;
    }
    // In order, each once the app's connection took the one before.
    chain = chain.then(() => (text === '' ? undefined : sink.write(text)));
    return chain;
  };
  const r = await x.local!.stream(built, {
    timeoutMs: x.timeoutMs,
    signal: x.signal,
    onPiece: (p) =>
      void write(
        writer.piece({
          text: p.text,
          toolCalls: p.toolCalls ?? [],
          ...(p.reasoning ? { reasoning: p.reasoning } : {}),
        }),
      ),
  });
  if (r.ok) {
    await write(writer.close({ finishReason: r.end.finishReason, usage: usageOf(r.end.usage) }));
    return { ok: true, plaintext: Buffer.alloc(0), alreadyWritten: { tokens: r.end.tokensUsed }, written: true };
  }
  if (!written) return { ...r, written: false };
  if (r.code !== 'cancelled') await write(writer.fail(r.status, r.code, r.message));
  else await chain;
  return { ...r, written: true, final: true };
}
