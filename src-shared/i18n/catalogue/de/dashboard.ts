/** Die deutschen Wörter von dashboard: dieselben ids wie en/dashboard.ts, keine fehlt. */
import type { messages as en } from '../en/dashboard';

export const messages: Record<keyof typeof en, string> = {
};
