/** The English words of network: every id starts with "network.". */
export const messages = {
} as const;
