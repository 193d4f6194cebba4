import { KeyAdmin } from './keys';
import { GatewayPage } from './page';
import type { GatewayOptions } from './gateway-options';
import { GatewayListener } from './gateway-listener';
import { RequestPipeline } from './request-pipeline';
import { sharedParts } from './shared-parts';

/**
 * The gateway as the rest of the engine holds it: three parts over one set of shared parts (shared-parts.ts), each
 * reached directly by whoever needs it. The node's lifecycle holds the listener, the page's commands the page and the
 * keys.
 */
export interface GatewayParts {
  /** Follows the settings and listens on loopback (gateway-listener.ts); serves through the request pipeline. */
  listener: GatewayListener;
  /** The page's view: the switch, the offer, the budget, the last requests, "try it" (page/page-view.ts). */
  page: GatewayPage;
  /** Key administration: app keys made, revoked, capped and named (keys/key-admin.ts). */
  keys: KeyAdmin;
}

/** The three parts built once over the same shared parts, so every part judges a request by the same figures. */
export function composeGateway(o: GatewayOptions): GatewayParts {
  // The budget draws on the page's quote, and the pipeline's model list on the listener's start: both are asked only
  // once every part exists.
  const parts = sharedParts(
    o,
    () => page.balance(),
    () => page.readQuote(),
  );
  const pipeline: RequestPipeline = new RequestPipeline(o, parts, () => listener.listening()?.since ?? 0);
  const listener: GatewayListener = new GatewayListener(o, {
    pipeline,
    stopBooks: () => parts.books.stop(),
    forgetOffers: () => {
      parts.offer.forget();
      page.forgetOffer();
    },
  });
  const page = new GatewayPage({ ...o, ...parts }, listener);
  return { listener, page, keys: new KeyAdmin(parts.keys, o) };
}
