/** The English words of events: every id starts with "events.". */
export const messages = {
} as const;
