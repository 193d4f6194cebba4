/** Die deutschen Wörter von gateway, Teil für Teil: jeder Teil ist gegen seinen englischen getypt. */
import type { messages as en } from '../../en/gateway';
import { messages as budget } from './budget';
import { messages as page } from './page';

export const messages: Record<keyof typeof en, string> = { ...budget, ...page };
