/** The English words of words: every id starts with "words.". */
export const messages = {} as const;
