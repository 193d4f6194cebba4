/** The English words of dashboard, part by part (one file a part): every id starts with "dashboard.". */
import { messages as demand } from './demand';
import { messages as overview } from './overview';
import { messages as requests } from './requests';
import { messages as why } from './why';
import { messages as whyCheck } from './why-check';

export const messages = { ...demand, ...overview, ...requests, ...why, ...whyCheck } as const;
