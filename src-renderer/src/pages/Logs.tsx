import { useMemo, useState } from 'react';
import type { EngineEvent } from '../../../src-preload/contract';
import { EventTable } from '../components/EventTable';
import { LogFilters, type LevelFilter } from '../components/LogFilters';
import { PageHeader } from '../components/PageHeader';
import { useEventLog } from '../hooks/useEventLog';

const SEVERITY: Record<EngineEvent['level'], number> = { info: 0, warn: 1, error: 2 };
const MIN_SEVERITY: Record<LevelFilter, number> = { all: 0, warn: 1, error: 2 };

function matches(e: EngineEvent, level: LevelFilter, needle: string): boolean {
  if (SEVERITY[e.level] < MIN_SEVERITY[level]) return false;
  return needle === '' || e.event.toLowerCase().includes(needle) || e.details.toLowerCase().includes(needle);
}

export function Logs() {
  const log = useEventLog();
  const [level, setLevel] = useState<LevelFilter>('all');
  const [text, setText] = useState('');
  const needle = text.trim().toLowerCase();
  const shown = useMemo(() => log.events.filter((e) => matches(e, level, needle)), [log.events, level, needle]);
  const filtering = level !== 'all' || needle !== '';

  return (
    <>
      <PageHeader title="Logs" subtitle="What your node did and why, newest first.">
        <button
          type="button"
          className="button"
          onClick={() => {
            if (log.connected) log.reload();
          }}
          aria-disabled={!log.connected || undefined}
        >
          Refresh
        </button>
      </PageHeader>
      <LogFilters level={level} text={text} onLevelChange={setLevel} onTextChange={setText} />

      {!log.connected && log.status === 'loading' ? (
        <p className="card waiting" role="status">
          Connecting to the node…
        </p>
      ) : log.status === 'loading' ? (
        <p className="card waiting" role="status">
          Loading events…
        </p>
      ) : log.status === 'error' ? (
        <div className="card waiting" role="alert">
          <p>The event log could not be read: {log.error}</p>
          <button type="button" className="button" onClick={log.reload}>
            Try again
          </button>
        </div>
      ) : (
        <section className="card" aria-label="Events">
          <p className="muted small" aria-live="polite">
            {filtering
              ? `${shown.length} of ${log.events.length} loaded events match.${log.reachedEnd ? '' : ' Load older events to search further back.'}`
              : `${log.events.length} events loaded.`}
          </p>
          {shown.length > 0 ? (
            <EventTable events={shown} />
          ) : (
            <p className="empty">{log.events.length === 0 ? 'The log is empty.' : 'No loaded event matches the filter.'}</p>
          )}
          <div className="log-footer">
            {log.reachedEnd ? (
              <p className="muted small">This is the beginning of the log.</p>
            ) : (
              <button type="button" className="button" onClick={() => {
                  if (!log.loadingOlder) void log.loadOlder();
                }}
                aria-disabled={log.loadingOlder || undefined}>
                {log.loadingOlder ? 'Loading…' : 'Load older events'}
              </button>
            )}
            {log.olderError ? (
              <p className="field-error" role="alert">
                {log.olderError}
              </p>
            ) : null}
          </div>
        </section>
      )}
    </>
  );
}
