import type { Said } from '@shared/i18n/said';

export type ExistingTunnelSource = 'env' | 'ngrok' | 'tailscale';

/** A tunnel the person already runs, found on this computer (an environment variable, ngrok, Tailscale Funnel). */
export interface ExistingTunnel {
  /** The public https:// address, without a trailing slash. */
  url: string;
  source: ExistingTunnelSource;
  /** Which variable or which tunnel, in a few words. */
  detail: Said;
  /** The tunnel is known to forward to the task port; false: it forwards elsewhere; null: cannot be told (env). */
  matchesPort: boolean | null;
}
