/** The English words of settings: every id starts with "settings.". */
export const messages = {
} as const;
