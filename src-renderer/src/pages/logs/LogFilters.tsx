import { useMemo } from 'react';
import { eventLabel } from '@shared/words/event-words';
import { SelectField } from '../../components/ui/SelectField';
import { TextField } from '../../components/ui/TextField';
import field from '../../components/ui/FieldShell.module.css';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../../i18n/useT';

export type LevelFilter = 'all' | 'warn' | 'error';

export const LEVEL_FILTERS: { value: LevelFilter; label: MessageId }[] = [
  { value: 'all', label: 'logs.filter.allLevels' },
  { value: 'warn', label: 'logs.filter.warnings' },
  { value: 'error', label: 'logs.filter.errors' },
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

/**
 * The Logs page's filters; kinds of event are offered by what they mean ("Registration failed"), not by their names.
 */
export function LogFilters({
  level,
  text,
  eventName,
  eventNames,
  onLevelChange,
  onTextChange,
  onEventNameChange,
}: Props) {
  const t = useT();
  const levels = useMemo(() => LEVEL_FILTERS.map((l) => ({ value: l.value, label: t(l.label) })), [t]);
  const kinds = useMemo(() => {
    // The chosen kind stays in the list even when no loaded event has it (any more).
    const names = eventName && !eventNames.includes(eventName) ? [eventName, ...eventNames] : eventNames;
    const options = names
      .map((n) => ({ value: n, label: eventLabel(n) }))
      .sort((a, b) => a.label.localeCompare(b.label, t.locale));
    return [{ value: '', label: t('logs.filter.allEvents') }, ...options];
    // `t` changes with the language, and with it every label.
  }, [eventName, eventNames, t]);
  return (
    <form
      className={field.filters}
      role="search"
      aria-label={t('logs.filter.label')}
      onSubmit={(e) => e.preventDefault()}
    >
      <SelectField
        label={t('logs.filter.level')}
        value={level}
        options={levels}
        onChange={onLevelChange}
        className={field.inline}
      />
      <SelectField
        label={t('logs.filter.kind')}
        value={eventName}
        options={kinds}
        onChange={onEventNameChange}
        testId="log-event-filter"
        className={field.inline}
      />
      <TextField
        label={t('logs.filter.contains')}
        value={text}
        placeholder={t('logs.filter.containsHint')}
        onChange={onTextChange}
        className={`${field.inline} ${field.grow}`}
      />
    </form>
  );
}
