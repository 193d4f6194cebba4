/** What a streamed answer is made of, and what writes it in an app's API (stream-writer.ts picks the writer). */
import type { TokenUsage } from './tokens';
import type { GatewayApi, GatewayEndpoint, GatewayRoute, ReplyHints } from './types';

/** One tool call's fragment, in OpenAI's delta shape: the first for an index names it, the next carry its arguments. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** One piece of the answer: a reasoning model's thinking, text, and/or tool-call fragments, in that order. */
export interface StreamDelta {
  text: string;
  /** The thinking that comes before the piece's text; absent or '' when none. */
  reasoning?: string;
  toolCalls: ToolCallDelta[];
}

/** How the answer ended: the model's reason and the counts the node reported (null: not said). */
export interface StreamClose {
  finishReason: string | null;
  usage: TokenUsage | null;
}

/** What a writer needs of the app's request. */
export interface StreamAsk {
  api: GatewayApi;
  endpoint: GatewayEndpoint;
  route: GatewayRoute;
  model: string;
  reply: Pick<ReplyHints, 'includeUsage' | 'oneToolCall'>;
}

export interface StreamWriter {
  readonly contentType: string;
  /** The frames that open the answer, written with the first piece (before it, the app may still get a plain error). */
  open(): string;
  /** The frames of one piece; empty when the piece carries nothing this API shows. */
  piece(d: StreamDelta): string;
  /** The frames that end the answer. */
  close(c: StreamClose): string;
  /** The API's well-formed error event after the answer began; nothing may follow it. */
  fail(status: number, code: string, message: string): string;
}
