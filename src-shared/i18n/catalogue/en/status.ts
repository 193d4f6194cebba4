/** The English words of status: every id starts with "status.". */
export const messages = {
} as const;
