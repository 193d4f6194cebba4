/** The English words of logs: every id starts with "logs.". */
export const messages = {
} as const;
