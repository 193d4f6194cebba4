/** Hash routes (`#/logs`); the token fragment is consumed before any of this runs (see api/token.ts). */

export const NAV_ROUTES = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'availability', label: 'Availability' },
  { id: 'pricing', label: 'Pricing' },
  { id: 'earnings', label: 'Earnings' },
  { id: 'fleet', label: 'Machines' },
  { id: 'gateway', label: 'Use the network' },
  { id: 'network', label: 'Network' },
  { id: 'logs', label: 'Logs' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RouteId = (typeof NAV_ROUTES)[number]['id'] | 'setup';

const ROUTE_IDS: ReadonlySet<string> = new Set<string>([...NAV_ROUTES.map((r) => r.id), 'setup']);

export function parseRoute(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return ROUTE_IDS.has(id) ? (id as RouteId) : 'dashboard';
}

export const routeHref = (id: RouteId): string => `#/${id}`;

export function navigate(id: RouteId): void {
  window.location.hash = `/${id}`;
}
