/**
 * What happened in a running node that a part made later acts on. The rooms are made in order, lower ones first: a
 * lower room tells its news here, and the later parts listen, so no part needs a handle on one not yet made.
 */
import type { HeartbeatState } from '../directory';
import type { AnsweredRequest, FinishedTask } from '../server';

/** Each event of the node, by name, with what it carries. */
export interface NodeEventMap {
  /** The serving offer looked at the LLM servers again. */
  backendObserved: undefined;
  /** A task ended at the handler; the bookkeeping it waits for runs before the answer's last word. */
  taskFinished: FinishedTask;
  /** A finished task's bookkeeping that the consumer need not wait for. */
  taskSettled: FinishedTask;
  /** The task port answered a request (served, refused or failed). */
  taskAnswered: AnsweredRequest;
  /** The way in reaches this node at another endpoint now, for the reason given. */
  endpointChanged: string;
  /** The way in lost the path it had to this node. */
  wayInLost: undefined;
  /** A heartbeat to the directory failed: the directory answered with an error, or could not be reached. */
  heartbeatFailed: 'http_5xx' | 'network';
  /** The directory accepted a heartbeat: what was sent. */
  heartbeatAccepted: HeartbeatState;
  /** The directory accepted a registration, with the pricing it carried. */
  registered: Record<string, unknown> | undefined;
}

export type NodeEventName = keyof NodeEventMap;
type Listener<E extends NodeEventName> = (payload: NodeEventMap[E]) => void | Promise<void>;

/** The node's typed event hub: one per run, made before the rooms. */
export class NodeEvents {
  private readonly listeners = new Map<NodeEventName, Listener<never>[]>();

  on<E extends NodeEventName>(event: E, listener: Listener<E>): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(event, list);
  }

  /**
   * Calls the listeners in the order they came. A listener's promise is passed on (the handler waits for the
   * bookkeeping of a finished task); with none, the call stays synchronous.
   */
  emit<E extends NodeEventName>(event: E, payload: NodeEventMap[E]): void | Promise<void> {
    const waits: Promise<void>[] = [];
    for (const listener of (this.listeners.get(event) ?? []) as Listener<E>[]) {
      const result = listener(payload);
      if (result instanceof Promise) waits.push(result);
    }
    if (waits.length) return Promise.all(waits).then(() => undefined);
  }
}
