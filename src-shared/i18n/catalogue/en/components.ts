/** The English words of components: every id starts with "components.". */
export const messages = {
} as const;
