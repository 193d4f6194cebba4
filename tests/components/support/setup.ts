/**
 * Runs before every component test file: each test starts with an empty page, a fresh stand-in `window.provider` and
 * the renderer's store as it is when the page opens (connecting, nothing received).
 */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { useProviderStore } from '@renderer/store';
import { provider } from './provider';

const opening = useProviderStore.getState();

beforeEach(() => {
  provider.reset();
  window.provider = provider.api;
  useProviderStore.setState(opening, true);
});

// Without Vitest's globals Testing Library cannot register its cleanup itself.
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});
