/**
 * nvidia-smi kept running in its loop mode: it sets up the driver once and prints a document every interval, which
 * costs far less than starting it again each time. The stream restarts it when it ends, and gives up on it (switched
 * off, said in words) when it keeps failing, so a broken driver never costs more than a few tries.
 *
 * What it prints is read as bytes within two caps: one document (`MAX_NVIDIA_DOC_CHARS`), and all it prints in one
 * interval. A tool that prints past either is not reporting a GPU: it is switched off at once, and it and everything
 * it started are ended, so a program it started that shares its output cannot keep writing into the node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { forceEndTree, OutputBudget, treeSpawnOptions } from '../subprocess';
import { GpuToolError, type GpuSample } from './gpu/gpu-sample';
import { MAX_NVIDIA_DOC_CHARS, NvidiaXmlSplitter, nvidiaSmiArgs, parseNvidiaSmiXml } from './gpu/nvidia-smi';

/** Tries in a row without one readable document before the tool is switched off. */
export const MAX_FAILED_STARTS = 5;
/** Bytes one interval may bring: an honest tool prints one document of at most `MAX_NVIDIA_DOC_CHARS` per interval. */
export const MAX_BYTES_PER_INTERVAL = 4 * MAX_NVIDIA_DOC_CHARS;

export interface NvidiaStreamState {
  state: 'ok' | 'off';
  reason: string | null;
}

export class NvidiaStream {
  private child: ChildProcess | null = null;
  private latest: { sample: GpuSample; at: number } | null = null;
  private failures = 0;
  private gotOne = false;
  private restart: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private stopped = false;
  status: NvidiaStreamState = { state: 'ok', reason: null };

  constructor(
    private readonly path: string,
    private readonly intervalMs: number,
    /** A new sample arrived: the watcher looks at once, instead of adding its own interval to the tool's. */
    private readonly onSample: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.stopped || this.status.state === 'off') return;
    const splitter = new NvidiaXmlSplitter();
    this.gotOne = false;
    let child: ChildProcess;
    try {
      child = spawn(this.path, nvidiaSmiArgs(this.intervalMs), {
        stdio: ['ignore', 'pipe', 'ignore'],
        ...treeSpawnOptions(),
      });
    } catch (err) {
      this.failed(err instanceof Error ? err.message : String(err));
      return;
    }
    this.child = child;
    // Bytes in, whole characters out: a character split across two chunks is decoded once both have come.
    const decoder = new StringDecoder('utf8');
    const windowMs = Math.max(this.intervalMs, 1_000);
    let interval = { from: this.now(), budget: new OutputBudget(MAX_BYTES_PER_INTERVAL) };
    child.stdout!.on('data', (chunk: Buffer) => {
      if (this.child !== child) return;
      if (this.now() - interval.from >= windowMs)
        interval = { from: this.now(), budget: new OutputBudget(MAX_BYTES_PER_INTERVAL) };
      interval.budget.take(chunk.length);
      if (interval.budget.exceeded)
        return this.flooded(child, `more than ${mib(MAX_BYTES_PER_INTERVAL)} in ${windowMs / 1000} s`);
      let docs: string[];
      try {
        docs = splitter.push(decoder.write(chunk));
      } catch (err) {
        if (err instanceof GpuToolError && err.code === 'too_large')
          return this.flooded(child, `a document over ${mib(MAX_NVIDIA_DOC_CHARS)}`);
        return this.kill(child, err instanceof Error ? err.message : String(err));
      }
      for (const doc of docs) this.read(child, doc);
    });
    child.on('error', (err) => this.ended(child, err.message));
    child.on('close', (code) => this.ended(child, `it ended (exit code ${code ?? 'none'})`));
    this.armWatchdog(child);
  }

  /** The newest sample, if it is recent enough to describe now. */
  sample(): GpuSample | null {
    if (!this.latest || this.now() - this.latest.at > this.intervalMs * 3) return null;
    return this.latest.sample;
  }

  stop(): void {
    this.stopped = true;
    if (this.restart) clearTimeout(this.restart);
    if (this.watchdog) clearTimeout(this.watchdog);
    if (this.child) this.end(this.child);
    this.child = null;
  }

  private read(child: ChildProcess, doc: string): void {
    try {
      this.latest = { sample: parseNvidiaSmiXml(doc), at: this.now() };
    } catch (err) {
      this.kill(child, err instanceof Error ? err.message : String(err));
      return;
    }
    this.gotOne = true;
    this.failures = 0;
    this.armWatchdog(child);
    this.onSample();
  }

  /** A child that stops printing is as broken as one that ends. */
  private armWatchdog(child: ChildProcess): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.kill(child, 'it stopped printing'), Math.max(5_000, this.intervalMs * 5));
    this.watchdog.unref?.();
  }

  private kill(child: ChildProcess, why: string): void {
    this.end(child);
    this.ended(child, why);
  }

  /** It printed far more than a GPU reading needs: switched off at once, not restarted. */
  private flooded(child: ChildProcess, what: string): void {
    this.end(child);
    if (this.child !== child) return;
    this.child = null;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.status = {
      state: 'off',
      reason: `nvidia-smi printed far more than a GPU reading needs (${what}); GPU watching is off until the app restarts.`,
    };
  }

  /** The tool and everything it started end, and nothing more of theirs is read. */
  private end(child: ChildProcess): void {
    child.stdout?.destroy();
    forceEndTree(child);
  }

  private ended(child: ChildProcess, why: string): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.watchdog) clearTimeout(this.watchdog);
    if (this.stopped) return;
    if (this.gotOne) this.failures = 0;
    this.failed(why);
  }

  private failed(why: string): void {
    this.failures += 1;
    if (this.failures >= MAX_FAILED_STARTS) {
      this.status = {
        state: 'off',
        reason: `nvidia-smi failed ${this.failures} times in a row (${why.slice(0, 200)}); GPU watching is off until the app restarts.`,
      };
      return;
    }
    // 1 s, 2 s, 4 s, 8 s: a driver being updated gets time to come back.
    this.restart = setTimeout(() => this.start(), 1000 * 2 ** (this.failures - 1));
    this.restart.unref?.();
  }
}

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
