/** The English words of network, part by part (one file a part): every id starts with "network.". */
import { messages as status } from './status';
import { messages as mapping } from './mapping';
import { messages as exposure } from './exposure';
import { messages as guidance } from './guidance';
import { messages as probe } from './probe';
import { messages as check } from './check';
import { messages as link } from './link';

export const messages = { ...status, ...mapping, ...exposure, ...guidance, ...probe, ...check, ...link } as const;
