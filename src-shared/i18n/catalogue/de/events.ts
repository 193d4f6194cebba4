/** Die deutschen Wörter von events: dieselben ids wie en/events.ts, keine fehlt. */
import type { messages as en } from '../en/events';

export const messages: Record<keyof typeof en, string> = {
};
