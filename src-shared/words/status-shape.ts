/** The shape of the status sentence: what it says, how it sounds, what the person can do, and what it is read with. */
export type StatusKind =
  | 'not_connected'
  | 'connecting'
  | 'stopped'
  | 'starting'
  | 'stopping'
  | 'setup'
  | 'paused'
  | 'waiting'
  | 'yielding'
  | 'no_backend'
  | 'backend_checking'
  | 'backend_down'
  | 'backend_slow'
  | 'backend_loading'
  | 'no_models'
  | 'directory_unreachable'
  | 'directory_lost'
  | 'directory_refused'
  | 'membership'
  | 'registering'
  | 'not_reachable'
  | 'finding_way_in'
  | 'problem'
  | 'restarting'
  | 'engine_failed'
  | 'serving';

export type StatusTone = 'ok' | 'warn' | 'bad' | 'neutral';

/** What the person can do about it: open a page, or ask the node to act now. */
export type StatusAction =
  | { kind: 'route'; label: string; route: 'network' | 'settings' | 'setup' | 'availability' | 'logs' }
  | { kind: 'command'; label: string; command: 'checkAgain' | 'resume' | 'restartEngine' | 'shareAnyway' }
  | { kind: 'reconnect'; label: string };

export interface NodeStatusWords {
  kind: StatusKind;
  tone: StatusTone;
  /** The headline, e.g. "Can't reach the IICP directory — retrying in 40 s". */
  sentence: string;
  /** One more sentence of why or what happens next; null when the headline says it all. */
  detail: string | null;
  action: StatusAction | null;
}

export interface StatusContext {
  now: number;
  /**
   * How the window is linked to the node's host; 'lost' once that link dropped (the host stopped or is unreachable).
   */
  connection: 'connected' | 'connecting' | 'lost';
  /**
   * Whether "retrying in 40 s" may count down. The tray menu is rebuilt only when the snapshot changes, so a
   * countdown there would go stale: it says "retrying" instead.
   */
  countdown?: boolean;
  /** The person's locale for times ("18:00" or "6:00 PM"); undefined = this runtime's own. */
  locale?: string;
}
/** One status: its kind and tone, the headline, one more sentence and the action, when there are. */
export const statusOf = (
  kind: StatusKind,
  tone: StatusTone,
  sentence: string,
  detail: string | null = null,
  action: StatusAction | null = null,
): NodeStatusWords => ({
  kind,
  tone,
  sentence,
  detail,
  action,
});
