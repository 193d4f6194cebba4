/** The English words of engine: every id starts with "engine.". */
export const messages = {
} as const;
