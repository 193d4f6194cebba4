/** The English words of pricing: every id starts with "pricing.". */
export const messages = {
} as const;
