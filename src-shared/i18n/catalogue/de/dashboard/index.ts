/** Die deutschen Wörter von dashboard, Teil für Teil: jeder Teil ist gegen seinen englischen getypt. */
import type { messages as en } from '../../en/dashboard';
import { messages as demand } from './demand';
import { messages as overview } from './overview';
import { messages as requests } from './requests';
import { messages as why } from './why';
import { messages as whyCheck } from './why-check';

export const messages: Record<keyof typeof en, string> = { ...demand, ...overview, ...requests, ...why, ...whyCheck };
