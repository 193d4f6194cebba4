/**
 * The engine's own process: waits for the host's `init`, runs a `ProviderNode`, answers commands and heartbeats, and
 * passes snapshots, events, notices and settings to the host. A clean `stop` drains the node (tasks finish, router
 * mappings are removed) and exits 0; a host that goes away (its channel closes) gets the same clean stop, so an
 * engine never outlives the app that started it.
 */
import { createDispatcher, type Dispatch } from '@shared/contract/dispatch';
import type { HostConditions } from '@engine/availability';
import { ProviderNode } from '@engine/index';
import type { Channel } from '../supervisor/channel';
import {
  ENGINE_EXIT,
  exitCodeFor,
  isHostMessage,
  type EngineMessage,
  type HostConditionsValue,
  type HostMessage,
} from '../supervisor/protocol';
import { HostSecretStore } from './host-secret-store';
import { classifyStartFailure, START_FAILURE_TITLES } from '../supervisor/start-failure';

export interface EngineProcessDeps {
  channel: Channel<EngineMessage, unknown>;
  env: NodeJS.ProcessEnv;
  exit: (code: number) => void;
  /** Called when the host's end closes (a forked process's `disconnect`). */
  onHostGone?: (listener: () => void) => void;
  /** SIGTERM / SIGINT. */
  onStopSignal?: (listener: () => void) => void;
  /** SIGUSR2, listened to only with IICP_ENGINE_TEST_HOOKS=1. */
  onFreezeSignal?: (listener: () => void) => void;
  /** Where the engine's own troubles go (the host's log: stderr is shared). */
  log?: (line: string) => void;
  /** Called once, when the node runs and the host was told it is ready (not after a failed start). */
  onRunning?: () => void;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
/** How long a start failure's message gets to reach the host before the process ends. */
const FATAL_FLUSH_MS = 200;

/** How long a clean stop waits for the host to confirm the last secret writes. */
const SECRET_FLUSH_MS = 2_000;

export function runEngineProcess(deps: EngineProcessDeps): void {
  const { channel } = deps;
  const send = (message: EngineMessage) => channel.send(message);
  const log = deps.log ?? ((line: string) => process.stderr.write(`[engine] ${line}\n`));
  const testHooks = deps.env.IICP_ENGINE_TEST_HOOKS === '1';

  let node: ProviderNode | null = null;
  let dispatch: Dispatch | null = null;
  let secrets: HostSecretStore | null = null;
  let conditions: HostConditionsValue = { onBattery: null, idleSeconds: null };
  let started = false;
  let stopping: Promise<void> | null = null;
  /** Calls that arrived while the node was starting: answered once it runs. */
  const early: Extract<HostMessage, { t: 'call' }>[] = [];

  const hostConditions: HostConditions = {
    onBattery: () => conditions.onBattery,
    idleSeconds: () => conditions.idleSeconds,
  };

  const answer = (call: Extract<HostMessage, { t: 'call' }>) => {
    if (!dispatch) {
      send({
        t: 'result',
        id: call.id,
        result: { ok: false, error: { code: 'engine_unavailable', message: 'The node is starting.' } },
      });
      return;
    }
    void dispatch(call.command, call.request).then((result) => send({ t: 'result', id: call.id, result }));
  };

  let starting: Promise<void> | null = null;

  const stop = (code: number): Promise<void> =>
    (stopping ??= (async () => {
      // A stop that arrives while the node starts waits for the start to end: stopping half a start leaves parts
      // running.
      await starting?.catch(() => undefined);
      try {
        await node?.stop();
      } catch (err) {
        log(`the node did not stop cleanly: ${messageOf(err)}`);
      }
      // The host writes secrets in order; give the last ones a moment to be confirmed before the process ends.
      const until = Date.now() + SECRET_FLUSH_MS;
      while (secrets && secrets.unconfirmed > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      send({ t: 'stopped' });
      deps.exit(code);
    })());

  const init = async (message: Extract<HostMessage, { t: 'init' }>) => {
    if (message.secrets) {
      secrets = new HostSecretStore(
        message.secrets,
        (id, changes) => send({ t: 'writeSecrets', id, changes }),
        (error) => node?.secretsWritten(error),
      );
    }
    if (message.conditions) conditions = message.conditions;
    const created = new ProviderNode({
      ...message.node,
      ...(secrets ? { secretStore: secrets } : {}),
      ...(message.conditions ? { hostConditions } : {}),
      ...(message.startAtLogin
        ? { onStartAtLoginChosen: (enabled: boolean) => send({ t: 'startAtLogin', enabled }) }
        : {}),
      restartedBecause: message.restartedBecause,
    });
    node = created;
    try {
      await created.start();
    } catch (err) {
      const { kind, title } = classifyStartFailure(err);
      send({ t: 'fatal', kind, title, message: messageOf(err) });
      await created.stop().catch(() => undefined);
      // The message is written asynchronously; give it a moment (the exit code says the same if it is lost).
      await new Promise((r) => setTimeout(r, FATAL_FLUSH_MS));
      deps.exit(exitCodeFor(kind));
      return;
    }
    if (stopping) return;
    dispatch = createDispatcher(created.commandHandlers(), (err) => log(`a command failed: ${messageOf(err)}`));
    let lastSettings = JSON.stringify(created.getSettings());
    created.onSnapshot((snapshot) => {
      send({ t: 'snapshot', snapshot });
      // Settings change with a snapshot; the host keeps a copy (the desktop's notification switches read it).
      const settings = created.getSettings();
      const text = JSON.stringify(settings);
      if (text !== lastSettings) {
        lastSettings = text;
        send({ t: 'settings', settings });
      }
    });
    created.onEvent((event) => send({ t: 'event', event }));
    created.onNotice((notice) => send({ t: 'notice', notice }));
    send({ t: 'ready', snapshot: created.getSnapshot(), settings: created.getSettings() });
    deps.onRunning?.();
    for (const call of early.splice(0)) answer(call);
  };

  channel.onMessage((raw) => {
    if (!isHostMessage(raw)) return;
    const message = raw;
    switch (message.t) {
      case 'ping':
        send({ t: 'pong', seq: message.seq });
        return;
      case 'init':
        if (started) return;
        started = true;
        starting = init(message).catch((err: unknown) => {
          send({ t: 'fatal', kind: 'start_failed', title: START_FAILURE_TITLES.other, message: messageOf(err) });
          setTimeout(() => deps.exit(ENGINE_EXIT.startFailed), FATAL_FLUSH_MS);
        });
        return;
      case 'call':
        if (!dispatch && !stopping) early.push(message);
        else answer(message);
        return;
      case 'wake':
        node?.wake();
        return;
      case 'conditions':
        conditions = message.value;
        return;
      case 'secretsWritten':
        secrets?.written(message.id, message.error);
        return;
      case 'stop':
        void stop(ENGINE_EXIT.ok);
        return;
    }
  });

  deps.onHostGone?.(() => void stop(ENGINE_EXIT.ok));
  // Ctrl+C reaches the whole process group, and a service manager may signal every process of the app: the engine
  // stops cleanly on its own (its host, stopping too, does not restart it; a host that did not ask restarts it).
  deps.onStopSignal?.(() => void stop(ENGINE_EXIT.ok));
  if (testHooks) {
    // Test hook only: SIGUSR2 blocks this process's loop for 10 minutes, as a hung engine would; the host must notice.
    deps.onFreezeSignal?.(() => {
      for (const end = Date.now() + 600_000; Date.now() < end;);
    });
  }
}
