/** The English words of ladder: sentences the engine makes for a person, said by each screen in its language. */
export const messages = {} as const;
