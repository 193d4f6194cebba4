import { useSyncExternalStore } from 'react';
import { parseRoute, type RouteId } from '../routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const current = (): RouteId => parseRoute(window.location.hash);

export function useRoute(): RouteId {
  return useSyncExternalStore(subscribe, current);
}
