/** The English words of dashboard: every id starts with "dashboard.". */
export const messages = {
} as const;
