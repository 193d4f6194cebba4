/**
 * OpenAI's speech endpoints served: a transcription, a synthesis or a moderation as one task of its speech intent,
 * under the same keys, limits and books as chat. This computer's speech server first (`LocalServer.serveSpeech`,
 * free), then the person's own machines and the network, sealed (routing/task-route.ts: the breaker, the budget, the
 * app's allowance). The answer is written as OpenAI writes it (api-shapes/speech-answers.ts) and the request gets its
 * row in the spent book like any other.
 */
import { randomUUID } from 'node:crypto';
import type { SpeechIntent } from '../backends';
import {
  renderSpeech,
  renderSpeechResult,
  speechAskFor,
  type ListedModel,
  type SpeechAsk,
  type SpeechRendered,
  type SpeechRoute,
} from './api-shapes';
import { servedOf, type Served } from './listener';
import { NOT_SENT_CODES, routeTask, thisComputerEnd, type LocalServer, type RouteDeps, type RouteEnd } from './routing';
import { spendEntryOf, type spendFigures } from './spend-figures';
import type { SharedParts } from './shared-parts';

export interface SpeechCall {
  timeoutMs: number;
  signal: AbortSignal;
  appKeyId: string;
}

export interface SpeechDeps {
  p: SharedParts;
  local: LocalServer | undefined;
  selfNodeId: string;
  now: () => number;
  /** Routing's needs for one task of the app's request (request-pipeline.ts builds them as for chat). */
  routeDeps: (model: string, x: SpeechCall) => RouteDeps;
  /** Routes once more when a re-read shows the balance grew (request-pipeline.ts). */
  again: (route: () => Promise<RouteEnd>) => Promise<RouteEnd>;
  figures: (end: RouteEnd, answered: boolean, tokens: number | null) => ReturnType<typeof spendFigures>;
}

/**
 * Names OpenAI's clients send by default (the `openai` package's examples, Open WebUI's `tts-1`): a machine runs its
 * own model under its own name, so such a name asks for the intent's model, whichever it is, when none is called so.
 */
const OPENAI_DEFAULT_NAME = /^(whisper-1|tts-1(-hd)?|gpt-4o(-mini)?-(transcribe|tts)|(omni|text)-moderation-.*)$/;

/** OpenAI's six voices: speech servers that imitate OpenAI's API take them (Kokoro-FastAPI, openedai-speech). */
export const OPENAI_VOICES = ['alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer'] as const;

/** One request to a speech endpoint, from its body to its answer and its row. */
export async function serveSpeech(
  d: SpeechDeps,
  route: SpeechRoute,
  request: { contentType: string | undefined; body: Buffer },
  x: SpeechCall,
): Promise<Served> {
  const shaped = speechAskFor(route, request.contentType, request.body);
  if (!shaped.ok)
    return { ok: false, status: shaped.status, code: shaped.code, message: shaped.message, param: shaped.param };
  const ask = shaped.ask;
  const localModel = localModelFor(d.local, ask);
  const local = localModel !== null ? await fromThisComputer(d, ask, localModel, x) : null;
  let end: RouteEnd;
  let rendered: SpeechRendered | null = null;
  let model = localModel ?? ask.model ?? '';
  if (local && (local.rendered || local.failure.blame === 'request')) {
    end = local.end;
    rendered = local.rendered ?? null;
  } else {
    const networkModel = (await networkModelFor(d, ask)) ?? ask.model ?? '';
    const payloadJson = JSON.stringify({ ...ask.payload, ...(networkModel !== '' ? { model: networkModel } : {}) });
    const route = (): Promise<RouteEnd> =>
      routeTask(
        {
          intent: ask.intent,
          model: networkModel,
          payloadJson,
          maxTokens: ask.answerBound,
          boundInPayload: false,
          ...(ask.uncounted
            ? { countedJson: JSON.stringify({ ...ask.payload, [ask.uncounted]: '', model: networkModel }) }
            : {}),
          timeoutMs: x.timeoutMs,
          signal: x.signal,
        },
        d.routeDeps(networkModel, x),
      );
    const next = await d.again(route);
    // Nobody else offers the model either: the answer says why this computer's server gave none.
    const nothing = local && next.attempts === 0 && !next.outcome.ok && NOT_SENT_CODES.has(next.outcome.code);
    end = nothing ? local.end : local ? { ...next, attempts: next.attempts + 1 } : next;
    if (!nothing) model = networkModel;
    if (end.outcome.ok) rendered = renderSpeech(ask, end.outcome.plaintext, model);
  }
  return book(d, { ask, model, end, rendered }, x.appKeyId);
}

/** Which of this computer's models answers the ask; null: this computer's speech server is not asked. */
function localModelFor(local: LocalServer | undefined, ask: SpeechAsk): string | null {
  if (!local?.serveSpeech) return null;
  const models = local.models(ask.intent);
  if (models.length === 0) return null;
  if (ask.model === null || (OPENAI_DEFAULT_NAME.test(ask.model) && !models.includes(ask.model))) return models[0]!;
  return models.includes(ask.model) ? ask.model : null;
}

/** The model the network is asked for: the app's, or for none or OpenAI's default name, the first one offered. */
async function networkModelFor(d: SpeechDeps, ask: SpeechAsk): Promise<string | null> {
  if (ask.model !== null && !OPENAI_DEFAULT_NAME.test(ask.model)) return ask.model;
  const list = await d.p.reach.nodes(ask.intent, null);
  const offered = list.nodes.filter((n) => n.nodeId !== d.selfNodeId).flatMap((n) => n.models);
  if (ask.model !== null && offered.includes(ask.model)) return ask.model;
  return offered[0] ?? null;
}

type LocalTry =
  | { end: RouteEnd; rendered: SpeechRendered; failure?: undefined }
  | { end: RouteEnd; rendered?: undefined; failure: { blame: 'node' | 'request' } };

/** This computer's speech server's answer, free and unsealed, as a row's end. */
async function fromThisComputer(d: SpeechDeps, ask: SpeechAsk, model: string, x: SpeechCall): Promise<LocalTry> {
  const payload = { ...ask.payload, model };
  const end = thisComputerEnd({ nodeId: d.selfNodeId, model, taskId: randomUUID(), now: d.now });
  const r = await d.local!.serveSpeech!(ask.intent as SpeechIntent, payload, {
    timeoutMs: x.timeoutMs,
    signal: x.signal,
  });
  if (!r.ok)
    return {
      end: end({ ok: false, blame: r.blame, status: r.status, code: r.code, message: r.message }),
      failure: { blame: r.blame },
    };
  const tokens = typeof r.result.tokens_used === 'number' ? r.result.tokens_used : null;
  return {
    end: end({ ok: true, plaintext: Buffer.alloc(0) }),
    rendered: renderSpeechResult(ask, r.result, model, tokens),
  };
}

/** The request's row in the spent book, and what the app is told. */
function book(
  d: SpeechDeps,
  r: { ask: SpeechAsk; model: string; end: RouteEnd; rendered: SpeechRendered | null },
  appKeyId: string,
): Served {
  const { ask, end, rendered, model } = r;
  const routed = end.outcome;
  const failure = !routed.ok ? routed : rendered && !rendered.ok ? rendered : null;
  if (rendered && !rendered.ok && rendered.status === 502 && end.node && end.route !== 'this_computer')
    d.p.breaker.failed(end.node.nodeId, { intent: ask.intent, model });
  const tokens = rendered?.ok ? rendered.tokens : null;
  const refused =
    !routed.ok &&
    (routed.code === 'insufficient_quota' || NOT_SENT_CODES.has(routed.code) || routed.blame === 'request');
  const outcome = failure === null ? 'answered' : refused ? 'refused' : 'failed';
  const entry = spendEntryOf(
    {
      ask: { api: 'openai', intent: ask.intent, model },
      end,
      atMs: d.now(),
      appKeyId,
      streamNote: null,
      outcome,
      code: failure?.code ?? 'ok',
      tokens,
      answerTokens: null,
    },
    d.figures(end, rendered?.ok === true, tokens),
  );
  d.p.books.book(entry, end.release, routed.ok && end.own === false);
  return servedOf(rendered, failure, { taskId: end.taskId, nodeId: end.node?.nodeId ?? null, own: end.own });
}

/**
 * Open WebUI's speech settings: the synthesis models offered (`/v1/audio/models`), and the voices: those this
 * computer's speech servers list first, then OpenAI's six, which the servers imitating OpenAI take.
 */
export function audioLists(
  what: 'models' | 'voices',
  listed: readonly ListedModel[],
  localVoices: readonly string[] = [],
): unknown {
  if (what === 'voices')
    return { voices: [...new Set([...localVoices, ...OPENAI_VOICES])].map((v) => ({ id: v, name: v })) };
  return { models: listed.filter((m) => m.kind === 'speech').map((m) => ({ id: m.id })) };
}
