/** The English words of fleet: every id starts with "fleet.". */
export const messages = {
} as const;
