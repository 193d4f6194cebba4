/** The English words of tray: every id starts with "tray.". */
export const messages = {
} as const;
