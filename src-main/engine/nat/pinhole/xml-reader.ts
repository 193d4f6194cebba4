import { Worker } from 'node:worker_threads';
import type { DeviceDescription } from './device-description';
import type { SoapAnswer } from './soap';
import { MAX_XML_CHARS, XmlError, type XmlErrorCode } from './xml';
import { threadModule } from '../../subprocess';

export type XmlJob =
  { id: number; kind: 'description'; text: string } | { id: number; kind: 'soap'; action: string; text: string };
export type XmlReply =
  | { ready: true }
  | { id: number; ok: true; value: DeviceDescription | SoapAnswer }
  | { id: number; ok: false; code: XmlErrorCode; message: string };

export interface DeviceXmlReaderOptions {
  /** Time one document may take in the worker; past it the worker is ended and the document counts as unreadable. */
  budgetMs?: number;
  /** Time a new worker may take to load (a busy computer, tests loading TypeScript). */
  startMs?: number;
  /** An idle worker ends after this long, giving its memory back. */
  idleMs?: number;
  /** Documents waiting at most; past it new ones are refused (a device flooding the node with answers). */
  maxQueued?: number;
}

/** saxes reads a 256 KiB document in tens of milliseconds; a whole second is far past anything honest. */
export const XML_BUDGET_MS = 1_000;

interface Job {
  message: XmlJob;
  resolve: (value: DeviceDescription | SoapAnswer) => void;
  reject: (err: XmlError) => void;
}

/**
 * Reads what LAN devices send in a worker thread, one document at a time, each within a time budget. The node's own
 * thread only moves the text over and gets plain data back, so however a device shapes its XML, the health
 * endpoint, the heartbeats and the window keep their pace. A worker that overruns its budget is terminated (the
 * next document gets a fresh one); one that dies fails only its document.
 */
export class DeviceXmlReader {
  private readonly budgetMs: number;
  private readonly startMs: number;
  private readonly idleMs: number;
  private readonly maxQueued: number;
  private readonly queue: Job[] = [];
  private worker: Worker | null = null;
  private ready = false;
  private current: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private idle: NodeJS.Timeout | null = null;
  private nextId = 1;
  /** Workers ended for overrunning their budget (tests read it). */
  overruns = 0;

  constructor(o: DeviceXmlReaderOptions = {}) {
    this.budgetMs = o.budgetMs ?? XML_BUDGET_MS;
    this.startMs = o.startMs ?? 20_000;
    this.idleMs = o.idleMs ?? 10_000;
    this.maxQueued = o.maxQueued ?? 8;
  }

  description(xml: string): Promise<DeviceDescription> {
    return this.run({ id: 0, kind: 'description', text: xml }) as Promise<DeviceDescription>;
  }

  soap(action: string, body: string): Promise<SoapAnswer> {
    return this.run({ id: 0, kind: 'soap', action, text: body }) as Promise<SoapAnswer>;
  }

  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new XmlError('the XML reader was closed', 'unavailable'));
    this.fail(new XmlError('the XML reader was closed', 'unavailable'));
    await this.end();
  }

  private run(message: XmlJob): Promise<DeviceDescription | SoapAnswer> {
    // Refused before any thread sees it: the HTTP read already capped bytes, this caps characters.
    if (message.text.length > MAX_XML_CHARS)
      return Promise.reject(new XmlError(`XML document larger than ${MAX_XML_CHARS} characters`, 'too_large'));
    if (this.queue.length >= this.maxQueued)
      return Promise.reject(new XmlError('too many device answers waiting to be read', 'unavailable'));
    return new Promise((resolve, reject) => {
      this.queue.push({ message: { ...message, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    if (this.current || this.queue.length === 0) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const job = this.queue.shift()!;
    this.current = job;
    if (!this.worker) this.spawn();
    if (this.ready) this.send(job);
    else this.arm(this.startMs, `the XML reader did not start within ${this.startMs} ms`, 'unavailable');
  }

  private send(job: Job): void {
    this.worker!.postMessage(job.message);
    this.arm(this.budgetMs, `reading the device's XML took longer than ${this.budgetMs} ms`, 'too_slow');
  }

  /** The budget (or the start bound): when it runs out, the worker is ended and the document fails. */
  private arm(ms: number, message: string, code: XmlErrorCode): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (code === 'too_slow') this.overruns += 1;
      this.fail(new XmlError(message, code));
      void this.end();
      this.dispatch();
    }, ms);
    this.timer.unref?.();
  }

  private spawn(): void {
    const module = threadModule('pinhole-xml-worker', './xml-worker.ts', import.meta.url);
    const worker = new Worker(module.url, { execArgv: module.execArgv });
    worker.unref();
    this.worker = worker;
    this.ready = false;
    worker.on('message', (reply: XmlReply) => {
      if (this.worker !== worker) return;
      if ('ready' in reply) {
        this.ready = true;
        if (this.current) this.send(this.current);
        return;
      }
      const job = this.current;
      if (!job || job.message.id !== reply.id) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.current = null;
      if (reply.ok) job.resolve(reply.value);
      else job.reject(new XmlError(reply.message, reply.code));
      this.dispatch();
      if (!this.current) this.idleLater();
    });
    const died = (err?: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.ready = false;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.fail(new XmlError(`the XML reader stopped${err ? ` (${err.message})` : ''}`, 'unavailable'));
      this.dispatch();
    };
    worker.on('error', died);
    worker.on('exit', () => died());
  }

  private fail(err: XmlError): void {
    const job = this.current;
    this.current = null;
    job?.reject(err);
  }

  private idleLater(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.idle = null;
      if (!this.current && this.queue.length === 0) void this.end();
    }, this.idleMs);
    this.idle.unref?.();
  }

  private async end(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = false;
    if (!w) return;
    w.removeAllListeners('exit');
    w.removeAllListeners('error');
    w.on('error', () => undefined);
    await w.terminate().catch(() => undefined);
  }
}

/** The node's one reader: pinhole discovery and calls are minutes apart, one worker at a time is plenty. */
export const deviceXmlReader = new DeviceXmlReader();
