/** How the renderer is connected to the engine's host, as shown to the person. */
export type ConnectionStatus =
  /** First attempt, nothing received yet. */
  | { kind: 'connecting' }
  | { kind: 'connected' }
  /** The link dropped or could not be made; another attempt is scheduled for `retryAt` (ms since epoch). */
  | { kind: 'reconnecting'; attempt: number; retryAt: number; reason: string }
  /** Terminal until the page is opened with a good token. */
  | { kind: 'unauthorized'; message: string }
  /** Terminal: this page and the host speak different contract versions. */
  | { kind: 'incompatible'; hostApiVersion: number }
  | { kind: 'closed' };

export const isTerminal = (status: ConnectionStatus): boolean =>
  status.kind === 'unauthorized' || status.kind === 'incompatible' || status.kind === 'closed';
