/**
 * Reading a streamed answer line by line as its bytes arrive. Every flavour streams server-sent events from its
 * OpenAI-style API (`data: {chunk}` lines, a blank line after each, `data: [DONE]` at the end; llama-server writes a
 * failure as an `error: {…}` line); NDJSON (one chunk per line) is read when a server answers so. Each chunk is a
 * small JSON object, parsed as soon as its line is complete, and only what the node passes on is kept of it: the
 * text, tool-call deltas, the finish reason, the usage and llama-server's `timings`. A line longer than the cap ends
 * the stream, so a server that never ends a line costs at most the cap.
 */
import { isPlainObject } from './http';
import type { ToolCallDelta } from './stream-pieces';
import { serverCountOf, writtenBytes, type ServerCount, type UsageNote } from './token-claim';

/** A chunk is a few hundred bytes; a line of a mebibyte is not a chunk. */
export const MAX_STREAM_LINE_BYTES = 1024 * 1024;
/** Deltas in one chunk, and the highest tool-call index taken (`tools` is capped at 128 in the request). */
const MAX_TOOL_CALLS = 128;
const MAX_FINISH_REASON_CHARS = 64;

export interface StreamUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface StreamEnd {
  finishReason: string | null;
  /**
   * The usage to tell the consumer when the server sent one: the claim's counts (token-claim.ts), not the server's
   * word.
   */
  usage: StreamUsage | null;
  /** The tokens claimed (token-claim.ts): the server's count held to the node's own and to the request's bound. */
  tokensUsed: number;
  completionTokens: number;
  /** The public name (never the server's own id, which may be a file path). */
  model: string;
  /** Set when the claim is not what the server said (it said more than the answer could use, or nothing readable). */
  note: UsageNote | null;
}

/** What one chunk says. */
export interface ChunkFacts {
  text: string;
  /**
   * What a reasoning model thought in this chunk, from whichever field its server writes it in (`reasoning_content`:
   * llama.cpp and older vLLM; `reasoning`: newer vLLM and Ollama's OpenAI API); '' when none.
   */
  reasoning: string;
  toolCalls: ToolCallDelta[] | null;
  /** The model wrote something (text, a tool call or reasoning): one token is counted for it. */
  written: boolean;
  /**
   * The bytes it wrote in this chunk (text, reasoning, tool calls' names and arguments): the node's own count reads
   * them.
   */
  bytes: number;
  /** undefined: the chunk does not say. */
  finishReason: string | null | undefined;
  /** What the server's `usage` says, null when the chunk has none. */
  usage: ServerCount | null;
  /** llama-server's `timings`: the prompt's tokens and the ones it wrote. */
  timings: { prompt: number; predicted: number } | null;
}

export type StreamEvent =
  | { kind: 'chunk'; facts: ChunkFacts }
  | { kind: 'done' }
  /** The server reported a failure inside the stream: its words (JSON or text), to be sanitised. */
  | { kind: 'error'; body: string }
  | { kind: 'bad'; why: string };

/** Return false to stop reading (the rest of the bytes are not looked at). */
export type EventSink = (e: StreamEvent) => boolean;

export type StreamFraming = 'sse' | 'ndjson';

/**
 * How a 2xx answer's bytes are framed, by its content type: NDJSON, one whole JSON answer, or else server-sent events.
 */
export function framingOf(contentType: string | null | undefined): StreamFraming | 'whole' {
  const t = (contentType ?? '').toLowerCase();
  if (t.includes('ndjson') || t.includes('jsonl')) return 'ndjson';
  if (t.includes('application/json')) return 'whole';
  return 'sse';
}

export class StreamEvents {
  /** The start of a line whose end has not come yet. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** SSE: the data of an event that spans several `data:` lines, until its blank line. */
  private data: string | null = null;
  private stopped = false;

  constructor(
    private readonly framing: StreamFraming,
    private readonly completion: boolean,
    private readonly maxLineBytes = MAX_STREAM_LINE_BYTES,
  ) {}

  /** Feeds the next bytes; 'too_long' when a line passes the cap, 'stopped' once the sink said stop. */
  push(chunk: Buffer, sink: EventSink): 'more' | 'stopped' | 'too_long' {
    if (this.stopped) return 'stopped';
    let start = 0;
    let nl = chunk.indexOf(10);
    while (nl >= 0) {
      let line: Buffer = chunk.subarray(start, nl);
      if (this.partialBytes > 0) {
        if (this.partialBytes + line.length > this.maxLineBytes) return 'too_long';
        line = Buffer.concat([...this.partial, line]);
        this.partial = [];
        this.partialBytes = 0;
      }
      if (line.length > this.maxLineBytes) return 'too_long';
      if (!this.line(line, sink)) return 'stopped';
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (this.partialBytes + rest.length > this.maxLineBytes) return 'too_long';
      // Copied: the caller's buffer may be reused.
      this.partial.push(Buffer.from(rest));
      this.partialBytes += rest.length;
    }
    return 'more';
  }

  /** The answer ended: a last line without its newline, and an event without its blank line, still count. */
  end(sink: EventSink): void {
    if (this.stopped) return;
    if (this.partialBytes > 0) {
      const line = Buffer.concat(this.partial);
      this.partial = [];
      this.partialBytes = 0;
      if (!this.line(line, sink)) return;
    }
    if (this.data !== null) this.dispatch(this.takeData(), sink);
  }

  private line(bytes: Buffer, sink: EventSink): boolean {
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const go = this.framing === 'ndjson' ? this.ndjsonLine(text, sink) : this.sseLine(text, sink);
    if (!go) this.stopped = true;
    return go;
  }

  private ndjsonLine(text: string, sink: EventSink): boolean {
    if (text.trim() === '') return true;
    return this.dispatch(text, sink);
  }

  private sseLine(text: string, sink: EventSink): boolean {
    if (text === '') return this.data === null ? true : this.dispatch(this.takeData(), sink);
    if (text.startsWith(':')) return true; // a comment (a keep-alive)
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'error') return sink({ kind: 'error', body: value });
    if (field !== 'data') return true; // event, id, retry: nothing the node needs
    if (this.data !== null) {
      if (this.data.length + value.length + 1 > this.maxLineBytes)
        return sink({ kind: 'bad', why: 'an event too long to read' });
      this.data += `\n${value}`;
      return true;
    }
    // Every server sends one `data:` line per event: it is read at once rather than at its blank line.
    if (value === '[DONE]') return sink({ kind: 'done' });
    const parsed = parseObject(value);
    if (parsed !== undefined) return sink(eventOf(parsed, this.completion));
    this.data = value;
    return true;
  }

  private takeData(): string {
    const d = this.data ?? '';
    this.data = null;
    return d;
  }

  private dispatch(text: string, sink: EventSink): boolean {
    if (text.trim() === '[DONE]') return sink({ kind: 'done' });
    const parsed = parseObject(text);
    if (parsed === undefined) return sink({ kind: 'bad', why: 'a line that is not JSON' });
    return sink(eventOf(parsed, this.completion));
  }
}

/** undefined: not JSON. */
function parseObject(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function eventOf(value: unknown, completion: boolean): StreamEvent {
  if (!isPlainObject(value)) return { kind: 'bad', why: 'a chunk that is not a JSON object' };
  if ((value.error !== undefined && value.error !== null) || value.object === 'error')
    return { kind: 'error', body: JSON.stringify(value) };
  return { kind: 'chunk', facts: chunkFacts(value, completion) };
}

/**
 * What a streamed chunk (`chat.completion.chunk` / `text_completion`) says; only the first choice is read (`n` is never
 * sent).
 */
export function chunkFacts(value: Record<string, unknown>, completion: boolean): ChunkFacts {
  const choice = firstChoice(value.choices);
  let text = '';
  let toolCalls: ToolCallDelta[] | null = null;
  let reasoning = '';
  let bytes = 0;
  if (choice !== null) {
    if (completion) {
      text = stringOr(choice.text);
      bytes = Buffer.byteLength(text, 'utf8');
    } else if (isPlainObject(choice.delta)) {
      const d = choice.delta;
      text = stringOr(d.content);
      toolCalls = toolCallsOf(d.tool_calls);
      reasoning = reasoningOf(d);
      bytes = writtenBytes(d);
    }
  }
  return {
    text,
    reasoning,
    toolCalls,
    written: text !== '' || toolCalls !== null || reasoning !== '',
    bytes,
    finishReason: choice === null || !('finish_reason' in choice) ? undefined : finishReasonOf(choice.finish_reason),
    usage: serverCountOf(value.usage),
    timings: timingsOf(value.timings),
  };
}

/**
 * A whole answer (a server that ignored `stream: true`) as one chunk: the message's text and tool calls, the finish
 * reason and the usage.
 */
export function wholeAnswerFacts(value: unknown, completion: boolean): ChunkFacts | null {
  if (!isPlainObject(value)) return null;
  const choice = firstChoice(value.choices);
  if (choice === null) return null;
  let text: string;
  let reasoning = '';
  let toolCalls: ToolCallDelta[] | null = null;
  let bytes: number;
  if (completion) {
    text = stringOr(choice.text);
    bytes = Buffer.byteLength(text, 'utf8');
  } else if (isPlainObject(choice.message)) {
    text = stringOr(choice.message.content);
    reasoning = reasoningOf(choice.message);
    const calls = Array.isArray(choice.message.tool_calls)
      ? choice.message.tool_calls.map((c, i) => (isPlainObject(c) ? { index: i, ...c } : c))
      : null;
    toolCalls = toolCallsOf(calls);
    bytes = writtenBytes(choice.message);
  } else return null;
  return {
    text,
    reasoning,
    toolCalls,
    written: text !== '' || toolCalls !== null || reasoning !== '',
    bytes,
    finishReason: finishReasonOf(choice.finish_reason),
    usage: serverCountOf(value.usage),
    timings: timingsOf(value.timings),
  };
}

function firstChoice(choices: unknown): Record<string, unknown> | null {
  if (!Array.isArray(choices) || choices.length === 0) return null;
  const first = choices.find((c) => isPlainObject(c) && (c.index === 0 || c.index === undefined)) ?? choices[0];
  return isPlainObject(first) ? first : null;
}

function stringOr(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * The field a message or delta holds its thinking in, as it came: `reasoning_content` where the server wrote some
 * (llama.cpp, older vLLM, a node of ours), else `reasoning` (newer vLLM, Ollama's OpenAI API). The one rule every
 * reader of thinking follows; each checks the value's type and size itself.
 */
export function thoughtIn(m: Record<string, unknown>): unknown {
  const content = m.reasoning_content;
  return typeof content === 'string' && content !== '' ? content : m.reasoning;
}

/** A message's or delta's thinking as text (`thoughtIn`); '' when none. */
export const reasoningOf = (m: Record<string, unknown>): string => stringOr(thoughtIn(m));

function finishReasonOf(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v.slice(0, MAX_FINISH_REASON_CHARS) : null;
}

/**
 * Tool-call deltas in the OpenAI shape, only the known fields kept; a delta without an index takes its place in the
 * list.
 */
function toolCallsOf(v: unknown): ToolCallDelta[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const out: ToolCallDelta[] = [];
  for (let i = 0; i < v.length && i < MAX_TOOL_CALLS; i++) {
    const c: unknown = v[i];
    if (!isPlainObject(c)) continue;
    const index =
      Number.isSafeInteger(c.index) && (c.index as number) >= 0 && (c.index as number) < MAX_TOOL_CALLS
        ? (c.index as number)
        : i;
    const d: ToolCallDelta = { index };
    if (typeof c.id === 'string' && c.id !== '') d.id = c.id;
    if (c.type === 'function') d.type = 'function';
    if (isPlainObject(c.function)) {
      const f: NonNullable<ToolCallDelta['function']> = {};
      if (typeof c.function.name === 'string' && c.function.name !== '') f.name = c.function.name;
      const args = c.function.arguments;
      // Some servers send a whole call's arguments as an object rather than a JSON text.
      if (typeof args === 'string') f.arguments = args;
      else if (isPlainObject(args)) f.arguments = JSON.stringify(args);
      d.function = f;
    }
    out.push(d);
  }
  return out.length > 0 ? out : null;
}

function count(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

function timingsOf(v: unknown): ChunkFacts['timings'] {
  if (!isPlainObject(v)) return null;
  const prompt = count(v.prompt_n);
  const predicted = count(v.predicted_n);
  return prompt === null || predicted === null ? null : { prompt, predicted };
}
