import { useId } from 'react';

export type LevelFilter = 'all' | 'warn' | 'error';

export const LEVEL_FILTERS: { value: LevelFilter; label: string }[] = [
  { value: 'all', label: 'All levels' },
  { value: 'warn', label: 'Warnings and errors' },
  { value: 'error', label: 'Errors only' },
];

interface Props {
  level: LevelFilter;
  text: string;
  /** Exact event name, or '' for all. */
  eventName: string;
  /** The event names to choose from (those loaded so far). */
  eventNames: readonly string[];
  onLevelChange(level: LevelFilter): void;
  onTextChange(text: string): void;
  onEventNameChange(name: string): void;
}

export function LogFilters({ level, text, eventName, eventNames, onLevelChange, onTextChange, onEventNameChange }: Props) {
  const levelId = useId();
  const textId = useId();
  const eventId = useId();
  // The chosen name stays in the list even when no loaded event has it (any more).
  const names = eventName && !eventNames.includes(eventName) ? [eventName, ...eventNames] : eventNames;
  return (
    <form className="filters" role="search" aria-label="Filter events" onSubmit={(e) => e.preventDefault()}>
      <div className="field field-inline">
        <label htmlFor={levelId}>Level</label>
        <select id={levelId} value={level} onChange={(e) => onLevelChange(e.target.value as LevelFilter)}>
          {LEVEL_FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor={eventId}>Event</label>
        <select id={eventId} value={eventName} onChange={(e) => onEventNameChange(e.target.value)} data-testid="log-event-filter">
          <option value="">All events</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline field-grow">
        <label htmlFor={textId}>Contains</label>
        <input id={textId} type="search" value={text} placeholder="event name or details" onChange={(e) => onTextChange(e.target.value)} />
      </div>
    </form>
  );
}
