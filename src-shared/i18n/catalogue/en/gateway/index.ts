/** The English words of gateway, part by part (one file a part): every id starts with "gateway.". */
import { messages as budget } from './budget';
import { messages as page } from './page';

export const messages = { ...budget, ...page } as const;
