/** The English words of setup: every id starts with "setup.". */
export const messages = {
} as const;
