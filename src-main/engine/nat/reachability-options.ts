/** The reachability ladder from outside: what it is given (the node's port, settings, rungs) and what it shows. */
import type { DetectionStep, EventLevel, PortMappingInfo, Settings } from '@shared/contract';
import type { Said } from '@shared/i18n/said';
import type { EngineEventName } from '@shared/words/event-words';
import type { Advertisement } from './advertisement';
import type { FallbackOptions, FallbackView } from './fallback-rungs';
import type { PinholeRung } from './pinhole-rung';
import type { ReachabilityTuning } from './reachability-tuning';
import type { TunnelRung } from './tunnel-rung';

export interface ReachabilityView {
  checking: boolean;
  endpoint: Advertisement | null;
  /** The endpoint works right now: a mapping the router dropped, or one removed while paused, does not. */
  usable: boolean;
  /** Availability is off, so no router mapping is held. */
  suspended: boolean;
  /** When the endpoint last (re)became usable (ms); a directory check must be newer to count. */
  endpointSince: number;
  localAddress: string | null;
  routerExternalIp: string | null;
  natWarning: Said | null;
  /** A public URL the person set that cannot work from the internet (a private or local address). */
  ignoredPublicUrl: string | null;
  mapping: PortMappingInfo | null;
  /** The relay, tunnel and IPv6 pinhole rungs, where one is in use or was tried. */
  fallback: FallbackView;
  steps: DetectionStep[];
}

export interface ReachabilityOptions {
  port: () => number | null;
  settings: () => Settings;
  allowPrivateEndpoint?: boolean;
  tuning?: ReachabilityTuning;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** The advertised endpoint changed, or a mapping came back after it was gone: the directory must hear of it. */
  onEndpoint: (reason: string) => void;
  /** The way in stopped working (a relay or tunnel went down): the directory should hear "not available" soon. */
  onLost?: (reason: string) => void;
  /** The rungs after the router; the node supplies them (the relay needs its identity and task pipeline). */
  createRelay?: FallbackOptions['createRelay'];
  tunnels?: TunnelRung;
  pinhole?: PinholeRung;
  now?: () => number;
}
