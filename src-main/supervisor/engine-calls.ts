/**
 * Commands under way in the engine's process: each gets a number, and its promise settles with the engine's result,
 * or with `engine_unavailable` when that engine is gone before it answered.
 */
import { isNodeSnapshot } from '@shared/contract/node';
import type { EngineCommandName, NodeSnapshot, Result } from '@shared/contract';
import type { Channel } from './channel';
import type { HostMessage } from './protocol';

export class EngineCalls {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();

  send(channel: Channel<HostMessage, unknown>, command: EngineCommandName, request: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      channel.send({ t: 'call', id, command, request });
    });
  }

  /** The engine's answer to call `id`; a snapshot in it goes through `publish` like any other the host passes on. */
  settle(id: number, result: Result<unknown>, publish: (snapshot: NodeSnapshot) => NodeSnapshot): void {
    const resolve = this.pending.get(id);
    if (!resolve) return;
    this.pending.delete(id);
    // A snapshot in an answer is the newest state: numbered and completed like any other the host passes on.
    if (result.ok && isNodeSnapshot(result.value)) resolve({ ok: true, value: publish(result.value) });
    else resolve(result);
  }

  /** The engine is gone: every call still waiting gets `result`. */
  failAll(result: Result<never>): void {
    for (const resolve of this.pending.values()) resolve(result);
    this.pending.clear();
  }
}
