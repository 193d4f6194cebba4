/** The English words of earnings: every id starts with "earnings.". */
export const messages = {
} as const;
