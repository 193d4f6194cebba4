import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';

/**
 * How the node's parts log an event: to the log files always, to the database and the screen unless `persist` is false.
 */
export type NodeLogger = (level: EventLevel, event: EngineEventName, details: string, persist?: boolean) => void;
