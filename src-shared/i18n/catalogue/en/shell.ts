/** The English words of shell: every id starts with "shell.". */
export const messages = {
} as const;
