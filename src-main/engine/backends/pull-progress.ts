/**
 * How far a model pull is, as the person sees it: one figure for the whole pull that never goes back. Ollama reports
 * each layer on its own (`pulling <digest>` with that layer's `completed` and `total`), layer after layer, and a
 * layer's figures may shrink (a part fetched again, or a server that says anything). Shown as they come, the bar would
 * jump back to nothing at each new layer, so the pull is counted here, and only here:
 *
 * - each layer keeps the highest `completed` and the highest `total` it has reported, so no layer counts less later;
 * - the bytes shown are those of all layers together, done and known so far, so they only grow;
 * - the share done is bytes done over bytes known, never lower than the share shown before (a new layer adds to the
 *   bytes known, which would move it back), and it stops at 99 % while the pull runs: another layer may still come,
 *   and only Ollama's "success" ends the pull.
 */

/** A pull has a handful of layers; a stream that names more is not Ollama's, and its further layers are not counted. */
const MAX_LAYERS = 64;
/** A layer's key is its digest (`sha256:` and 64 hex digits); anything longer is not one. */
const MAX_LAYER_KEY = 100;
/** The share shown while the pull runs stops here. */
export const RUNNING_CEILING = 0.99;

export interface PullFigures {
  /** Bytes of all layers done so far, or null before any layer said. */
  completed: number | null;
  /** Bytes of all layers known so far, or null before any layer said its size. */
  total: number | null;
  /** The share done, 0 to 0.99, never lower than before; null while no layer said its size. */
  fraction: number | null;
}

interface Layer {
  completed: number | null;
  total: number | null;
}

export class PullProgress {
  private readonly layers = new Map<string, Layer>();
  private shown: number | null = null;

  /**
   * One status line's counts for the layer named `layer` (its digest). Counts that are not whole bytes are not counts;
   * a line without any says nothing of progress.
   */
  report(layer: string, completed: unknown, total: unknown): void {
    const done = bytes(completed);
    const size = bytes(total);
    if (done === null && size === null) return;
    if (layer.length > MAX_LAYER_KEY) return;
    let known = this.layers.get(layer);
    if (!known) {
      if (this.layers.size >= MAX_LAYERS) return;
      known = { completed: null, total: null };
      this.layers.set(layer, known);
    }
    if (done !== null) known.completed = Math.max(known.completed ?? 0, done);
    if (size !== null) known.total = Math.max(known.total ?? 0, size);
    this.advance();
  }

  get figures(): PullFigures {
    let completed: number | null = null;
    let total: number | null = null;
    for (const l of this.layers.values()) {
      if (l.completed !== null)
        completed = (completed ?? 0) + (l.total === null ? l.completed : Math.min(l.completed, l.total));
      if (l.total !== null) total = (total ?? 0) + l.total;
    }
    return { completed, total, fraction: this.shown };
  }

  /** The share done now, held: it moves only forward. */
  private advance(): void {
    let done = 0;
    let known = 0;
    for (const l of this.layers.values()) {
      if (l.total === null || l.total === 0) continue;
      done += Math.min(l.completed ?? 0, l.total);
      known += l.total;
    }
    if (known === 0) return;
    const now = Math.min(done / known, RUNNING_CEILING);
    this.shown = this.shown === null ? now : Math.max(this.shown, now);
  }
}

function bytes(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}
