/** The English words of availability: every id starts with "availability.". */
export const messages = {
} as const;
