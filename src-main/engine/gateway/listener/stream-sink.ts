/** Where a streamed answer is written: the app's response, opened once the first piece is there. */
export interface StreamSink {
  /** Writes status 200 and the headers: the content type, where the request went, a bound lowered to fit a limit. */
  begin(
    contentType: string,
    ids: { taskId: string; nodeId: string; own: boolean; maxTokensLowered?: number | null },
  ): void;
  /** Writes frames; resolves once the app's connection takes more (or is gone). */
  write(text: string): Promise<void>;
}
