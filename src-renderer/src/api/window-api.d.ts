import type { ProviderApi } from '@shared/contract';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the page is served by the headless host. */
    provider?: ProviderApi;
  }
}

export {};
