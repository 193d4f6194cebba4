/** Die deutschen Wörter von fleet: dieselben ids wie en/fleet.ts, keine fehlt. */
import type { messages as en } from '../en/fleet';

export const messages: Record<keyof typeof en, string> = {
};
