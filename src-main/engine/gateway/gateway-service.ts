import type { GatewayInfo, GatewayKeyRow, GatewayTryAnswer } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { KeyAdmin, type AppCaps, type AppKeys } from './keys';
import { GatewayPage } from './page';
import type { GatewayServiceOptions } from './gateway-options';
import { RequestPipeline } from './request-pipeline';
import { sharedParts } from './shared-parts';

export type { GatewayServiceOptions } from './gateway-options';
export { GatewayOffError } from './page';

/**
 * "Use the network": the gateway's listener started and stopped with the person's switch, and the three pieces it
 * composes over one set of shared parts (shared-parts.ts): the request pipeline (request-pipeline.ts: an app's
 * request routed, answered and booked), the page view (page/page-view.ts) and key administration
 * (keys/key-admin.ts).
 */
export class GatewayService {
  readonly keys: AppKeys;
  private readonly pipeline: RequestPipeline;
  private readonly page: GatewayPage;
  private readonly admin: KeyAdmin;
  private readonly stopBooks: () => void;
  private readonly forgetOffer: () => void;
  private listening: { port: number; since: number } | null = null;
  private problem: Said | null = null;
  private applying: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly o: GatewayServiceOptions) {
    const parts = sharedParts(o, () => this.page.balance());
    this.keys = parts.keys;
    this.stopBooks = () => parts.books.stop();
    this.forgetOffer = () => parts.offer.forget();
    this.pipeline = new RequestPipeline(o, parts, () => this.listening?.since ?? 0);
    this.page = new GatewayPage({ ...o, ...parts }, { listening: () => this.listening, problem: () => this.problem });
    this.admin = new KeyAdmin(parts.keys, o);
  }

  /** The port it listens on, or null. */
  get port(): number | null {
    return this.listening?.port ?? null;
  }

  get baseUrl(): string | null {
    return this.page.baseUrl;
  }

  start(): Promise<void> {
    return this.apply();
  }

  /** Follows the settings: listens when turned on, on the chosen port; stops when turned off. */
  settingsChanged(): Promise<void> {
    this.forgetOffer();
    this.page.forgetOffer();
    return this.apply();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.applying;
    await this.pipeline.server.close();
    this.pipeline.sessions.close();
    // The last requests' rows go in before the store can close.
    this.stopBooks();
    await this.pipeline.codec.close();
    this.listening = null;
  }

  private apply(): Promise<void> {
    this.applying = this.applying.then(async () => {
      if (this.stopped) return;
      const s = this.o.settings();
      const want = s.enabled ? (this.o.portOverride ?? s.port) : null;
      const server = this.pipeline.server;
      if (this.listening && (want === null || (want !== 0 && want !== this.listening.port))) {
        await server.close();
        this.listening = null;
        this.o.log('info', 'gateway_stopped');
      }
      if (want === null) {
        this.problem = null;
      } else if (!this.listening) {
        try {
          const port = await server.listen(want);
          this.listening = { port, since: this.o.now() };
          this.problem = null;
          this.o.log('info', 'gateway_listening', `port=${port}`);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          const port = String(want);
          this.problem =
            code === 'EADDRINUSE'
              ? said('gateway.listen.portTaken', { port })
              : code
                ? said('gateway.listen.failedCode', { port, code })
                : said('gateway.listen.failed', { port });
          this.o.log('warn', 'gateway_listen_failed', `port=${want} code=${code ?? 'unknown'}`);
        }
      }
      this.o.onChange();
    });
    return this.applying;
  }

  createKey(name: string): { key: GatewayKeyRow; secret: string } {
    return this.admin.createKey(name);
  }

  revokeKey(id: string): boolean {
    return this.admin.revokeKey(id);
  }

  /** Sets one app's own caps; false when no key has this id. */
  setKeyCaps(id: string, caps: AppCaps): boolean {
    return this.admin.setKeyCaps(id, caps);
  }

  /** What every screen shows of the gateway (the snapshot): cheap, no directory call. */
  summary(): { enabled: boolean; baseUrl: string | null; problem: Said | null; spentToday: number } {
    return this.page.summary();
  }

  /** The page: the switch, the address, keys, the network's offer (asked again when older than half a minute). */
  info(): Promise<GatewayInfo> {
    return this.page.info();
  }

  /** The page's "try it" box: one chat message through the gateway's own port, like any app's. */
  tryIt(model: string, prompt: string): Promise<GatewayTryAnswer> {
    return this.page.tryIt(model, prompt);
  }

  /** The node the network's tasks are paid from (`source_node_id`), or null (own-machines.ts). */
  payingNodeId(): string | null {
    return this.page.payingNodeId();
  }
}
