/** "Use the network": the local gateway that lets apps on this computer send tasks to the IICP network. */
import { sayNow } from '../../i18n/current';
import type { EngineEventName } from './event-names';
import { bad, good, type Details, type Entry } from './sentence-parts';

/** The port in the details, when it is one. */
const portOf = (d: Details): string | null => {
  const p = d.num('port');
  return p !== undefined && Number.isInteger(p) && p > 0 && p < 65536 ? String(p) : null;
};

export const GATEWAY_EVENTS: { readonly [K in Extract<EngineEventName, `gateway_${string}`>]: Entry } = {
  gateway_listening: {
    label: 'events.label.gatewayListening',
    say: (d) => {
      const port = portOf(d);
      return good(port ? sayNow()('events.gateway.listeningPort', { port }) : sayNow()('events.gateway.listening'));
    },
  },
  gateway_stopped: {
    label: 'events.label.gatewayStopped',
    say: () => sayNow()('events.gateway.stopped'),
  },
  gateway_listen_failed: {
    label: 'events.label.gatewayListenFailed',
    say: (d) => {
      const t = sayNow();
      const port = portOf(d);
      if (d.get('code') === 'EADDRINUSE')
        return bad(port ? t('events.gateway.portInUsePort', { port }) : t('events.gateway.portInUse'));
      return bad(port ? t('events.gateway.listenFailedPort', { port }) : t('events.gateway.listenFailed'));
    },
  },
  gateway_start_failed: {
    label: 'events.label.gatewayStartFailed',
    say: () => bad(sayNow()('events.gateway.startFailed')),
  },
  gateway_key_made: {
    label: 'events.label.gatewayKeyMade',
    say: () => sayNow()('events.gateway.keyMade'),
  },
  gateway_key_revoked: {
    label: 'events.label.gatewayKeyRevoked',
    say: () => sayNow()('events.gateway.keyRevoked'),
  },
  gateway_key_limits: {
    label: 'events.label.gatewayKeyLimits',
    say: () => sayNow()('events.gateway.keyLimits'),
  },
  gateway_book_failed: {
    label: 'events.label.gatewayBookFailed',
    say: () => bad(sayNow()('events.gateway.bookFailed')),
  },
};
