/** The English words of gateway: every id starts with "gateway.". */
export const messages = {
} as const;
