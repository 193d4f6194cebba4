/**
 * The headless transport: the same `ProviderApi` as Electron's preload, carried over the host's WebSocket
 * bridge. Each (re)connection first checks the token over HTTP, because a refused WebSocket upgrade gives a
 * browser no status code to tell "wrong token" from "host down".
 */
import type {
  BridgeMessage,
  BridgeRequest,
  CommandName,
  CommandRequest,
  CommandResponses,
  EngineEvent,
  NodeSnapshot,
  ProviderApi,
  Result,
} from '@shared/contract';
import { isTerminal, type ConnectionStatus } from './connection-status';
import { API_VERSION, BRIDGE_PROTOCOL, COMMAND_NAMES } from './protocol';
import { asResult, failure } from './results';
import { checkSession as defaultCheckSession, type SessionCheck } from './session';
import { sayNow } from '@shared/i18n/current';

export type BridgeClient = ProviderApi & {
  readonly transport: 'bridge';
  readonly status: ConnectionStatus;
  /** Begins connecting; later drops reconnect by themselves until `stop()`. */
  start(): void;
  stop(): void;
  /** Skips the current backoff wait (e.g. the person pressed "Retry now" or the network came back). */
  retryNow(): void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
};

export interface BridgeClientOptions {
  /** Null when the page was opened without a token: the client then reports `unauthorized` and never connects. */
  token: string | null;
  /** Full `ws:`/`wss:` URL of the bridge. */
  url: string;
  createSocket?: (url: string, protocols: string[]) => WebSocket;
  checkSession?: (token: string) => Promise<SessionCheck>;
  /** Delay before reconnect attempt number `attempt` (1-based). */
  backoffMs?: (attempt: number) => number;
  callTimeoutMs?: number;
}

type CommandFunctions = {
  [C in CommandName]: (request: CommandRequest<C>) => Promise<Result<CommandResponses[C]>>;
};

interface PendingCall {
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

// Jitter keeps several open tabs from hammering a restarting host in lockstep.
const defaultBackoff = (attempt: number): number =>
  Math.min(10_000, 500 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);

function emit<T>(listeners: Set<(value: T) => void>, value: T): void {
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (err) {
      // One faulty subscriber must not starve the others of updates.
      console.error('A bridge listener failed:', err);
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const { token, url } = options;
  const createSocket = options.createSocket ?? ((u, protocols) => new WebSocket(u, protocols));
  const checkSession = options.checkSession ?? ((t: string) => defaultCheckSession(t));
  const backoffMs = options.backoffMs ?? defaultBackoff;
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;

  const snapshotListeners = new Set<(s: NodeSnapshot) => void>();
  const eventListeners = new Set<(e: EngineEvent) => void>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  const pending = new Map<number, PendingCall>();

  let status: ConnectionStatus = { kind: 'connecting' };
  let socket: WebSocket | null = null;
  /** True once the host's hello on the current socket was accepted; calls are refused before that. */
  let ready = false;
  let started = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on every attempt so a slow session check from an abandoned attempt cannot open a socket. */
  let generation = 0;
  let nextId = 1;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    emit(statusListeners, next);
  };

  const failPending = (message: string) => {
    for (const call of pending.values()) {
      clearTimeout(call.timer);
      call.resolve(failure('engine_unavailable', message));
    }
    pending.clear();
  };

  const dropSocket = () => {
    const ws = socket;
    socket = null;
    ready = false;
    // Detached first, so closing it does not schedule a reconnect.
    if (ws && ws.readyState !== WebSocket.CLOSED) ws.close(1000);
  };

  const scheduleRetry = (reason: string) => {
    if (!started || isTerminal(status)) return;
    attempt += 1;
    const delay = backoffMs(attempt);
    setStatus({ kind: 'reconnecting', attempt, retryAt: Date.now() + delay, reason });
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  };

  const handleMessage = (raw: unknown) => {
    if (typeof raw !== 'string') return;
    let message: BridgeMessage;
    try {
      message = JSON.parse(raw) as BridgeMessage;
    } catch {
      return;
    }
    if (!isObject(message)) return;
    switch (message.type) {
      case 'hello':
        if (message.apiVersion !== API_VERSION) {
          dropSocket();
          failPending(sayNow()('common.link.versions'));
          setStatus({ kind: 'incompatible', hostApiVersion: Number(message.apiVersion) });
          return;
        }
        ready = true;
        attempt = 0;
        setStatus({ kind: 'connected' });
        return;
      case 'result': {
        const call = pending.get(message.id);
        if (!call) return;
        pending.delete(message.id);
        clearTimeout(call.timer);
        call.resolve(asResult(message.result));
        return;
      }
      case 'event':
        if (message.event === 'snapshot' && isObject(message.data) && typeof message.data.version === 'number') {
          emit(snapshotListeners, message.data as unknown as NodeSnapshot);
        } else if (message.event === 'engineEvent' && isObject(message.data) && typeof message.data.id === 'number') {
          emit(eventListeners, message.data as unknown as EngineEvent);
        }
        return;
      default:
        // Unknown message types are ignored so a newer host can add informational messages.
        return;
    }
  };

  const openSocket = (authToken: string) => {
    let ws: WebSocket;
    try {
      ws = createSocket(url, [BRIDGE_PROTOCOL, `token.${authToken}`]);
    } catch {
      scheduleRetry(sayNow()('common.link.notOpened'));
      return;
    }
    socket = ws;
    ws.onmessage = (e: MessageEvent) => {
      if (socket === ws) handleMessage(e.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      const wasReady = ready;
      socket = null;
      ready = false;
      const t = sayNow();
      failPending(t('common.link.lostBeforeAnswer'));
      scheduleRetry(wasReady ? t('common.link.lost') : t('common.link.notAccepted'));
    };
  };

  const connect = async () => {
    const gen = ++generation;
    if (!token) {
      setStatus({ kind: 'unauthorized', message: sayNow()('common.link.noToken') });
      return;
    }
    const check = await checkSession(token);
    if (gen !== generation || !started) return;
    if (check.kind === 'unauthorized') setStatus({ kind: 'unauthorized', message: check.message });
    else if (check.kind === 'unreachable') scheduleRetry(check.message);
    else if (check.apiVersion !== API_VERSION) setStatus({ kind: 'incompatible', hostApiVersion: check.apiVersion });
    else {
      dropSocket();
      openSocket(token);
    }
  };

  const call = (command: CommandName, request: unknown): Promise<Result<unknown>> => {
    const ws = socket;
    if (!ws || !ready || ws.readyState !== WebSocket.OPEN) {
      const t = sayNow();
      const message =
        status.kind === 'reconnecting'
          ? t('common.link.callReconnecting', { command })
          : t('common.link.callNotConnected', { command });
      return Promise.resolve(failure('engine_unavailable', message));
    }
    const id = nextId++;
    const frame: BridgeRequest = { id, command, request: request ?? {} };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(failure('engine_unavailable', sayNow()('common.link.callTimeout', { command })));
      }, callTimeoutMs);
      pending.set(id, { resolve, timer });
      try {
        ws.send(JSON.stringify(frame));
      } catch {
        pending.delete(id);
        clearTimeout(timer);
        resolve(failure('engine_unavailable', sayNow()('common.link.callNotSent', { command })));
      }
    });
  };

  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, (request: unknown) => call(name, request)]),
  ) as unknown as CommandFunctions;

  return {
    ...commands,
    apiVersion: API_VERSION,
    transport: 'bridge',
    get status() {
      return status;
    },
    start() {
      if (started) return;
      started = true;
      void connect();
    },
    stop() {
      started = false;
      generation += 1;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      dropSocket();
      failPending(sayNow()('common.link.closed'));
      setStatus({ kind: 'closed' });
    },
    retryNow() {
      // A socket that is still opening is the retry already under way.
      if (!started || status.kind !== 'reconnecting' || socket) return;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      void connect();
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onSnapshot(listener) {
      snapshotListeners.add(listener);
      return () => snapshotListeners.delete(listener);
    },
    onEngineEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };
}
