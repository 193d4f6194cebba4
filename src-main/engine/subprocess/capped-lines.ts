/**
 * What another program prints, read as bytes within two caps: one line, and everything together. A line longer than
 * its cap is dropped whole (never kept, decoded or looked at), and no string longer than the cap is ever built,
 * whatever the program writes; past the total the reader takes nothing more and says so.
 */

/** Bytes one program may print, shared by the streams that count together (its stdout and its stderr). */
export class OutputBudget {
  private usedBytes = 0;
  private over = false;

  constructor(readonly maxBytes: number) {}

  /** Bytes accepted so far (never more than `maxBytes`). */
  get used(): number {
    return this.usedBytes;
  }

  /** The program printed more than the budget: what came after was not read. */
  get exceeded(): boolean {
    return this.over;
  }

  /** Counts `n` more bytes and returns how many of them fit: all, the first few, or none once the budget is spent. */
  take(n: number): number {
    if (this.over) return 0;
    const fit = Math.min(n, this.maxBytes - this.usedBytes);
    this.usedBytes += fit;
    if (fit < n) this.over = true;
    return fit;
  }
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Cuts one stream into lines ("\n" or "\r\n"), within `maxLineBytes` per line (not counting the line end) and the
 * shared budget. Bytes are held only for the line being read, and only up to its cap.
 */
export class CappedLineSplitter {
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** The line being read is over its cap: its bytes are skipped until its end. */
  private skipping = false;
  private droppedLines = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly budget: OutputBudget,
  ) {}

  /** Lines dropped for being longer than the cap. */
  get dropped(): number {
    return this.droppedLines;
  }

  /** The whole lines this chunk completed, as text (UTF-8). Only the part of the chunk within the budget is read. */
  push(chunk: Buffer): string[] {
    const fit = this.budget.take(chunk.length);
    const data = fit < chunk.length ? chunk.subarray(0, fit) : chunk;
    const lines: string[] = [];
    let start = 0;
    for (let end = data.indexOf(LF); end >= 0; end = data.indexOf(LF, start)) {
      this.hold(data.subarray(start, end));
      const line = this.takeLine();
      if (line !== null) lines.push(line);
      start = end + 1;
    }
    this.hold(data.subarray(start));
    return lines;
  }

  /** The stream ended: its last line, if it did not end with a newline. */
  end(): string[] {
    if (this.heldBytes === 0 && !this.skipping) return [];
    const line = this.takeLine();
    return line === null ? [] : [line];
  }

  private hold(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    // One byte past the cap may still be the CR of a CRLF; anything more is a line too long to keep.
    if (this.heldBytes + part.length > this.maxLineBytes + 1) {
      this.skipping = true;
      this.droppedLines += 1;
      this.held = [];
      this.heldBytes = 0;
      return;
    }
    // A copy: a slice would keep the program's whole chunk alive for a few bytes of it.
    this.held.push(Buffer.from(part));
    this.heldBytes += part.length;
  }

  private takeLine(): string | null {
    if (this.skipping) {
      this.skipping = false;
      return null;
    }
    let line = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (line.length > this.maxLineBytes) {
      this.droppedLines += 1;
      return null;
    }
    // A line ends at a newline byte, which is never part of a multi-byte character: the text is whole.
    return line.toString('utf8');
  }
}
