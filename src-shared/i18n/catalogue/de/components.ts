/** Die deutschen Wörter von components: dieselben ids wie en/components.ts, keine fehlt. */
import type { messages as en } from '../en/components';

export const messages: Record<keyof typeof en, string> = {
};
