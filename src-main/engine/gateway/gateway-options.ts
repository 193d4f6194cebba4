import type { GatewaySettings } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { DiscoveryClient } from '../directory';
import type { KeyShelf, MachineNameOf } from './keys';
import type { SpendBook } from './spending';
import type { BreakerTimes, KnownMachine, LocalServer, NativeConnect, NodeTransport } from './routing';

/** What the gateway writes to the node's log: its own events only. */
export type GatewayLog = (
  level: 'info' | 'warn' | 'error',
  event: Extract<EngineEventName, `gateway_${string}`>,
  details?: string,
) => void;

/** What the node gives the gateway: its settings, shelves and books, the directory, the ways to reach nodes. */
export interface GatewayOptions {
  settings: () => GatewaySettings;
  directoryUrl: () => string;
  shelf: KeyShelf;
  book: SpendBook;
  /** This computer's node id. */
  selfNodeId: string;
  /** This computer's node token, once it is registered at the directory (it then pays for its tasks itself). */
  nodeToken: () => string | null;
  /** The fingerprint of the person's operator identity, or null when there is none. */
  operatorFingerprint: () => string | null;
  /** The node ids of the person's machine list (identity/my-machines.ts): own machines, asked first and free. */
  myMachines: () => readonly string[];
  /** The person's machines as the fleet last saw them (endpoint, CX key, models): asked while the directory is down. */
  knownMachines?: () => KnownMachine[];
  balance: () => number | null;
  /** How the directory is asked (tests script it; default node:http). */
  directoryFetch?: typeof fetch;
  /** The node's one discovery client, whose answers the other pages share; a gateway alone makes its own. */
  discovery?: DiscoveryClient;
  /** How nodes are called: every connection judged by the address rules. */
  nodeFetch: NodeTransport;
  /**
   * How a node's native transport is reached, for streams (the address rules judged after resolution); none: no
   * streams.
   */
  nodeConnect?: NativeConnect;
  now: () => number;
  timeZone: string;
  log: GatewayLog;
  onChange: () => void;
  /**
   * Reads the directory's books again: a paid task's debit replaces the bound the spent book holds for it, and the
   * limits then count what was really charged.
   */
  readBooks?: () => Promise<void>;
  /** How long after a paid answer the books are read (the node that served it posts its award meanwhile). */
  readBooksAfterMs?: number;
  /** Test seams: a port to listen on instead of the setting (0 = any), and the breaker's times. */
  portOverride?: number;
  breaker?: BreakerTimes;
  /** Test seam: how a model list pauses while it waits for the directory's first answer (default: a timer). */
  pause?: (ms: number) => Promise<void>;
  /** This computer's own LLM servers, asked first for the models they run (local-server.ts); none: the network only. */
  local?: LocalServer;
  /** The one resolver of machine names (identity/machine-names.ts): rows, "try it" and logs name nodes by it. */
  machineName?: MachineNameOf;
}
