import { useMemo } from 'react';
import { eventLabel } from '@shared/words/event-words';
import { SelectField } from '../../components/ui/SelectField';
import { TextField } from '../../components/ui/TextField';
import field from '../../components/ui/FieldShell.module.css';

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

/** The Logs page's filters; kinds of event are offered by what they mean ("Registration failed"), not by their names. */
export function LogFilters({ level, text, eventName, eventNames, onLevelChange, onTextChange, onEventNameChange }: Props) {
  const kinds = useMemo(() => {
    // The chosen kind stays in the list even when no loaded event has it (any more).
    const names = eventName && !eventNames.includes(eventName) ? [eventName, ...eventNames] : eventNames;
    const options = names.map((n) => ({ value: n, label: eventLabel(n) })).sort((a, b) => a.label.localeCompare(b.label));
    return [{ value: '', label: 'All events' }, ...options];
  }, [eventName, eventNames]);
  return (
    <form className={field.filters} role="search" aria-label="Filter events" onSubmit={(e) => e.preventDefault()}>
      <SelectField label="Level" value={level} options={LEVEL_FILTERS} onChange={onLevelChange} className={field.inline} />
      <SelectField label="Kind of event" value={eventName} options={kinds} onChange={onEventNameChange} testId="log-event-filter" className={field.inline} />
      <TextField label="Contains" value={text} placeholder="words, event name or details" onChange={onTextChange} className={`${field.inline} ${field.grow}`} />
    </form>
  );
}
