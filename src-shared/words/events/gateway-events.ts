/** "Use the network": the local gateway that lets apps on this computer send tasks to the IICP network. */
import type { EngineEventName } from './event-names';
import { bad, good, type Details, type Entry } from './sentence-parts';

const port = (d: Details): string => {
  const p = d.num('port');
  return p !== undefined && Number.isInteger(p) && p > 0 && p < 65536 ? ` on port ${p}` : '';
};

export const GATEWAY_EVENTS: { readonly [K in Extract<EngineEventName, `gateway_${string}`>]: Entry } = {
  gateway_listening: {
    label: 'Gateway on',
    say: (d) => good(`The gateway for apps on this computer listens${port(d)}, on this computer only.`),
  },
  gateway_stopped: {
    label: 'Gateway off',
    say: () => 'The gateway for apps on this computer stopped.',
  },
  gateway_listen_failed: {
    label: 'Gateway could not start',
    say: (d) => bad(d.get('code') === 'EADDRINUSE' ? `The gateway could not listen${port(d)}: another program uses that port.` : `The gateway could not listen${port(d)}.`),
  },
  gateway_start_failed: {
    label: 'Gateway failed',
    say: () => bad('The gateway for apps on this computer could not start.'),
  },
  gateway_key_made: {
    label: 'App key made',
    say: () => 'You made an app key for the gateway.',
  },
  gateway_key_revoked: {
    label: 'App key revoked',
    say: () => 'You revoked an app key: apps using it can no longer use the gateway.',
  },
  gateway_key_limits: {
    label: 'App limits changed',
    say: () => 'You changed the daily limit or the requests per minute of an app key.',
  },
  gateway_book_failed: {
    label: 'Spending not booked',
    say: () => bad('A request through the gateway could not be written to the books on this computer.'),
  },
};
