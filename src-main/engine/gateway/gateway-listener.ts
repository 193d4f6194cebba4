import { said, type Said } from '@shared/i18n/said';
import type { GatewayOptions } from './gateway-options';
import { nextFreePort, whoHoldsPort } from './listener';
import type { RequestPipeline } from './request-pipeline';

/** What the listener follows and tells: the gateway's settings (or a test's port), the clock, log and change signal. */
export type ListenerSources = Pick<GatewayOptions, 'settings' | 'portOverride' | 'now' | 'log' | 'onChange'>;

/** What the listener closes when the node stops, after the server: the pipeline's parts and the spent book. */
export interface ListenerEnds {
  pipeline: Pick<RequestPipeline, 'server' | 'sessions' | 'codec'>;
  /** Writes the last requests' rows, before the store can close. */
  stopBooks: () => void;
  /** What a change of the gateway's settings makes stale: the network's offer and the page's view of it. */
  forgetOffers: () => void;
}

/**
 * The gateway's listener as the node runs it: on `127.0.0.1` when the person turns the gateway on, on the chosen
 * port; off when turned off; and why it could not listen. The request pipeline builds the server; this opens and
 * closes it, one change after the other.
 */
export class GatewayListener {
  private at: { port: number; since: number } | null = null;
  private why: Said | null = null;
  private next: number | null = null;
  private applying: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly o: ListenerSources,
    private readonly ends: ListenerEnds,
  ) {}

  /** The port it listens on, or null. */
  get port(): number | null {
    return this.at?.port ?? null;
  }

  /** Where it listens and since when (null: off). */
  listening(): { port: number; since: number } | null {
    return this.at;
  }

  /** Why it does not listen though turned on (a port taken, a refused listen), or null. */
  problem(): Said | null {
    return this.why;
  }

  /** While the chosen port is taken: the next port free when that was found, for the page's button; else null. */
  nextPort(): number | null {
    return this.why ? this.next : null;
  }

  start(): Promise<void> {
    return this.apply();
  }

  /** Follows the settings: listens when turned on, on the chosen port; stops when turned off. */
  settingsChanged(): Promise<void> {
    this.ends.forgetOffers();
    return this.apply();
  }

  async stop(): Promise<void> {
    const { pipeline } = this.ends;
    this.stopped = true;
    await this.applying;
    await pipeline.server.close();
    pipeline.sessions.close();
    // The last requests' rows go in before the store can close.
    this.ends.stopBooks();
    await pipeline.codec.close();
    this.at = null;
  }

  private apply(): Promise<void> {
    this.applying = this.applying.then(async () => {
      if (this.stopped) return;
      const s = this.o.settings();
      const want = s.enabled ? (this.o.portOverride ?? s.port) : null;
      const server = this.ends.pipeline.server;
      if (this.at && (want === null || (want !== 0 && want !== this.at.port))) {
        await server.close();
        this.at = null;
        this.o.log('info', 'gateway_stopped');
      }
      this.next = null;
      if (want === null) {
        this.why = null;
      } else if (!this.at) {
        try {
          const port = await server.listen(want);
          this.at = { port, since: this.o.now() };
          this.why = null;
          this.o.log('info', 'gateway_listening', `port=${port}`);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          this.why = code === 'EADDRINUSE' ? await takenProblem(want) : listenProblem(String(want), code);
          // A port the host fixed for this run (`--gateway-port`) is not the stored one a button could change.
          if (code === 'EADDRINUSE' && this.o.portOverride === undefined) this.next = await nextFreePort(want);
          this.o.log('warn', 'gateway_listen_failed', `port=${want} code=${code ?? 'unknown'}`);
        }
      }
      this.o.onChange();
    });
    return this.applying;
  }
}

/** The page's words for a listen that failed with the system's code. */
function listenProblem(port: string, code: string | undefined): Said {
  return code ? said('gateway.listen.failedCode', { port, code }) : said('gateway.listen.failed', { port });
}

/**
 * The page's words for a port another program holds: when it is another IICP Provider (a second data folder runs its
 * gateway, or its node, there), they say so, since the person then knows which program to look at.
 */
async function takenProblem(port: number): Promise<Said> {
  const holder = await whoHoldsPort(port);
  const values = { port: String(port) };
  if (holder === 'iicp_gateway') return said('gateway.listen.portTakenByGateway', values);
  if (holder === 'iicp_node') return said('gateway.listen.portTakenByNode', values);
  return said('gateway.listen.portTaken', values);
}
