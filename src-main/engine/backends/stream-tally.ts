/**
 * What a streamed answer cost, counted as it comes: the tokens the node saw written and their bytes (a server that
 * sends several tokens a chunk is counted by them too), how the answer finished, and the usage or timings the server
 * told; at the end, the claim made of them (token-claim.ts) as the stream's `StreamEnd`.
 */
import type { ChunkFacts, StreamEnd } from './stream-events';
import { claimTokens, estimateTokens, timingsCount, type ServerCount, type TokenBound } from './token-claim';

export class StreamTally {
  counted = 0;
  finishReason: string | null = null;
  finished = false;
  /** The bytes of what the counted tokens wrote. */
  private writtenBytes = 0;
  private usage: ServerCount | null = null;
  private timings: ChunkFacts['timings'] = null;

  /** Takes what a chunk says of the cost (usage, timings). */
  heard(f: ChunkFacts): void {
    if (f.usage) this.usage = f.usage;
    if (f.timings) this.timings = f.timings;
  }

  /** One token written, of `bytes` bytes. */
  wrote(bytes: number): void {
    this.counted++;
    this.writtenBytes += bytes;
  }

  /** The stream's end, its counts held to the node's own count and to the request's bound. */
  end(model: string, bound: TokenBound): StreamEnd {
    const said = this.usage ?? (this.timings ? timingsCount(this.timings.prompt, this.timings.predicted) : null);
    const claim = claimTokens(said, Math.max(this.counted, estimateTokens(this.writtenBytes)), bound);
    return {
      finishReason: this.finishReason,
      // The consumer is told the claim's counts, in the shape the server used for them (llama-server's timings are not
      // one).
      usage: this.usage
        ? { prompt_tokens: claim.prompt, completion_tokens: claim.completion, total_tokens: claim.total }
        : null,
      tokensUsed: claim.total,
      completionTokens: claim.completion,
      model,
      note: claim.note,
    };
  }
}
