/**
 * A shared allowance of bytes for request bodies being read or processed: each request reserves what it holds as it
 * comes, so the connection cap times the body cap (gigabytes) can never be what the node holds at once. One source
 * (see source-address.ts) may hold at most a quarter of it, so a few connections with large unfinished bodies cannot
 * leave everyone else without room.
 */
export class ByteBudget {
  private used = 0;
  private readonly bySource = new Map<string, number>();
  readonly perSourceLimit: number;

  constructor(
    readonly limit: number,
    perSourceShare = 0.25,
  ) {
    this.perSourceLimit = Math.floor(limit * perSourceShare);
  }

  get inUse(): number {
    return this.used;
  }

  /** Whether `bytes` more would fit for `source` now (nothing is reserved). */
  fits(source: string, bytes: number): boolean {
    return (
      bytes >= 0 && this.used + bytes <= this.limit && (this.bySource.get(source) ?? 0) + bytes <= this.perSourceLimit
    );
  }

  tryReserve(source: string, bytes: number): boolean {
    if (!this.fits(source, bytes)) return false;
    this.used += bytes;
    this.bySource.set(source, (this.bySource.get(source) ?? 0) + bytes);
    return true;
  }

  release(source: string, bytes: number): void {
    if (bytes <= 0) return;
    this.used = Math.max(0, this.used - bytes);
    const left = (this.bySource.get(source) ?? 0) - bytes;
    if (left > 0) this.bySource.set(source, left);
    else this.bySource.delete(source);
  }
}
