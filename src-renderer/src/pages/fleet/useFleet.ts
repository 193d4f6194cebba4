import type { FleetInfo, FleetSummary } from '@shared/contract';
import { getApi } from '../../api';
import { useAskAgain } from '../../hooks/useAskAgain';
import { useHostQuery } from '../../hooks/useHostQuery';
import { useProviderStore } from '../../store';

/** The page asks again at the engine's own pace (its heartbeat), kept between these bounds. */
export const FLEET_POLL_MIN_MS = 2_000;
export const FLEET_POLL_MAX_MS = 60_000;
/** Before the first answer says the engine's pace. */
const FLEET_POLL_DEFAULT_MS = 15_000;

/** How often the page asks: the engine's interval, at least 2 s and at most 60 s. */
export function pollEvery(intervalMs: number | null | undefined): number {
  const ms = typeof intervalMs === 'number' && Number.isFinite(intervalMs) ? intervalMs : FLEET_POLL_DEFAULT_MS;
  return Math.min(FLEET_POLL_MAX_MS, Math.max(FLEET_POLL_MIN_MS, ms));
}

export interface FleetView {
  info: FleetInfo | null;
  /** The host's refusal, when the last answer was one. */
  error: string | null;
  connected: boolean;
  reload(): void;
  /** Takes the state a command answered with (a rename, a machine forgotten, the webhook saved) until the next look. */
  take(info: FleetInfo): void;
}

/** The snapshot's short view of the machines, as a key that moves when it does (an older host sends none). */
const summaryKey = (fleet: FleetSummary | null | undefined): string => (fleet ? JSON.stringify(fleet) : '');

/**
 * The machines as the engine tells them: asked when the page opens (and on every reconnection), when the snapshot's
 * short view of them changes (one went down or came back), and at the engine's pace while the page is shown and the
 * window is in view (ages and figures move on their own).
 */
export function useFleet(): FleetView {
  const summary = useProviderStore((s) => summaryKey((s.snapshot as { fleet?: FleetSummary | null } | null)?.fleet));
  const query = useHostQuery(() => getApi().getFleet({}), summary);
  const { reload, connected } = query;
  const every = pollEvery(query.value?.intervalMs);

  useAskAgain(reload, every, connected);

  return { info: query.value, error: query.error?.message ?? null, connected, reload, take: query.replace };
}
