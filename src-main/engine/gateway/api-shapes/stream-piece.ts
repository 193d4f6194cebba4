/**
 * A node's streamed pieces read as foreign input: the opened plaintext of a partial (the UTF-8 JSON of a text, or of
 * `{ "content": text, "tool_calls": [OpenAI deltas] }`) and of the terminal success (`{ "finish_reason", "usage",
 * "model" }`). Only the fields an app's stream needs are taken, each checked and capped; anything else is a typed
 * refusal, never a throw.
 */
import { thoughtIn } from '../../backends';
import type { StreamClose, StreamDelta, ToolCallDelta } from './stream-types';
import { usageOf } from './tokens';

/** A tool call's index, id and name stay short; its arguments and a text piece may be long, but not endless. */
const MAX_TOOL_CALLS = 64;
const MAX_TOOL_INDEX = 127;
const MAX_NAME = 256;
const MAX_PIECE_CHARS = 4 * 1024 * 1024;
const MAX_REASON = 64;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(plaintext: Uint8Array): unknown {
  try {
    return JSON.parse(
      Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).toString('utf8'),
    ) as unknown;
  } catch {
    return undefined;
  }
}

const shortText = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.length <= max ? v : undefined;

function readToolCall(raw: unknown): ToolCallDelta | null {
  if (!isRecord(raw)) return null;
  const index = raw.index;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > MAX_TOOL_INDEX) return null;
  const out: ToolCallDelta = { index };
  if (raw.id !== undefined && raw.id !== null) {
    const id = shortText(raw.id, MAX_NAME);
    if (id === undefined) return null;
    out.id = id;
  }
  if (raw.type !== undefined && raw.type !== null) {
    if (raw.type !== 'function') return null;
    out.type = 'function';
  }
  if (raw.function !== undefined && raw.function !== null) {
    if (!isRecord(raw.function)) return null;
    const f: NonNullable<ToolCallDelta['function']> = {};
    const { name, arguments: args } = raw.function;
    if (name !== undefined && name !== null) {
      const n = shortText(name, MAX_NAME);
      if (n === undefined) return null;
      f.name = n;
    }
    if (args !== undefined && args !== null) {
      const a = shortText(args, MAX_PIECE_CHARS);
      if (a === undefined) return null;
      f.arguments = a;
    }
    out.function = f;
  }
  return out;
}

/** One partial's piece, or null when it is not a text nor a `{ content, tool_calls }` piece within the caps. */
export function readStreamPiece(plaintext: Uint8Array): StreamDelta | null {
  const v = parse(plaintext);
  if (typeof v === 'string') return v.length <= MAX_PIECE_CHARS ? { text: v, toolCalls: [] } : null;
  if (!isRecord(v)) return null;
  const content = v.content === undefined || v.content === null ? '' : shortText(v.content, MAX_PIECE_CHARS);
  if (content === undefined) return null;
  // A node of ours writes the thinking as llama.cpp names it; a server's own delta may carry either name.
  const thought = thoughtIn(v);
  const reasoning = thought === undefined || thought === null ? '' : shortText(thought, MAX_PIECE_CHARS);
  if (reasoning === undefined) return null;
  const rawCalls = v.tool_calls === undefined || v.tool_calls === null ? [] : v.tool_calls;
  if (!Array.isArray(rawCalls) || rawCalls.length > MAX_TOOL_CALLS) return null;
  const toolCalls: ToolCallDelta[] = [];
  for (const raw of rawCalls) {
    const call = readToolCall(raw);
    if (!call) return null;
    toolCalls.push(call);
  }
  return reasoning === '' ? { text: content, toolCalls } : { text: content, reasoning, toolCalls };
}

/** The terminal success's end, or null when it is not an object; an unreadable reason or usage reads as not said. */
export function readStreamEnd(plaintext: Uint8Array): StreamClose | null {
  const v = parse(plaintext);
  if (!isRecord(v)) return null;
  const reason =
    typeof v.finish_reason === 'string' && /^[a-z_]{1,64}$/.test(v.finish_reason)
      ? v.finish_reason.slice(0, MAX_REASON)
      : null;
  return { finishReason: reason, usage: usageOf(v) };
}
