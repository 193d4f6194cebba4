/**
 * Child process of the backend bench: the floor of any JavaScript node on this machine — the proxy bench's
 * `minimal-proxy.ts` (parse the task, forward its payload, wrap the answer; no validation, admission or ledger),
 * calling the backend on a fresh connection per task as the node does for llama.cpp. What it adds over a direct
 * call is what one more process and hop cost here; what the node adds beyond it is the price of its pipeline.
 *
 *   bare-proxy-process.ts <backendUrl>
 */
import { startMinimalProxy } from '../proxy/minimal-proxy';
import { serveChild } from '../lib/server-child';

export interface BareProxyInfo {
  url: string;
}

serveChild<BareProxyInfo>(async () => {
  const proxy = await startMinimalProxy({ backendUrl: process.argv[2]!, fresh: true });
  return { info: { url: proxy.url }, close: () => proxy.close() };
});
