/** The English words of settings, part by part (one file a part): every id starts with "settings.". */
import { messages as page } from './page';
import { messages as servers } from './servers';
import { messages as updates } from './updates';
import { messages as form } from './form';
import { messages as identity } from './identity';

export const messages = { ...page, ...servers, ...updates, ...form, ...identity } as const;
