/**
 * Runs before every component test file: each test starts with an empty page, a fresh stand-in `window.provider` and
 * the renderer's store as it is when the page opens (connecting, nothing received), and the page's language.
 */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { speakWith } from '@shared/i18n/current';
import { currentSay } from '@renderer/i18n/useT';
import { useProviderStore } from '@renderer/store';
import { provider } from './provider';

// As the page's start does: words made outside React speak the page's language too.
speakWith(currentSay);

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
