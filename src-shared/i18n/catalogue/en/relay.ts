/** The English words of relay: sentences the engine makes for a person, said by each screen in its language. */
export const messages = {} as const;
