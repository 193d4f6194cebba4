import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import type { GatewayOptions } from '@engine/gateway/gateway-options';
import { memoryShelf } from '../../support/memory-shelf';
import { memoryBook } from './memory-book';

export const SELF = '00000000-0000-4000-8000-000000000001';

/**
 * What a composed gateway is given in these tests, where only the directory, the nodes and the clock differ: the
 * gateway on, memory shelf and book, a node token, no operator nor machines, a quiet log, any free port. `over`
 * replaces any of it.
 */
export function testGatewayOptions(
  over: Pick<GatewayOptions, 'directoryFetch' | 'nodeFetch' | 'now'> & Partial<GatewayOptions>,
): GatewayOptions {
  return {
    settings: () => ({ ...DEFAULT_GATEWAY_SETTINGS, enabled: true }),
    directoryUrl: () => 'https://dir.example/api',
    shelf: memoryShelf(),
    book: memoryBook(),
    selfNodeId: SELF,
    nodeToken: () => 'node-token',
    operatorFingerprint: () => null,
    myMachines: () => [],
    balance: () => 0,
    timeZone: 'UTC',
    log: () => {},
    onChange: () => {},
    readBooks: async () => {},
    readBooksAfterMs: 1,
    portOverride: 0,
    ...over,
  };
}
