import { statusWords, type NodeStatusWords, type StatusContext } from '@shared/words/status-sentence';
import { personLocale } from '../locale';
import { useProviderStore } from '../store';
import { useNow } from './useNow';

/** How the page is linked to the host, in the three words the status sentence knows. */
function linkOf(kind: string): StatusContext['connection'] {
  if (kind === 'connected') return 'connected';
  if (kind === 'connecting') return 'connecting';
  return 'lost';
}

/** The status sentence for what is on screen now (re-read every second, so "retrying in 40 s" counts down). */
export function useStatusWords(): NodeStatusWords {
  const snapshot = useProviderStore((s) => s.snapshot);
  const connection = useProviderStore((s) => s.connection.kind);
  const now = useNow();
  return statusWords(snapshot, { now, connection: linkOf(connection), locale: personLocale() });
}

/**
 * Only which kind of status it is (serving, paused, backend down…), for parts that word themselves after it: it does
 * not tick every second like the sentence's countdown.
 */
export function useStatusKind(): NodeStatusWords['kind'] {
  const snapshot = useProviderStore((s) => s.snapshot);
  const connection = useProviderStore((s) => s.connection.kind);
  return statusWords(snapshot, {
    now: snapshot ? Date.parse(snapshot.emittedAt) : 0,
    connection: linkOf(connection),
    countdown: false,
  }).kind;
}
