/**
 * The port-mapping worker thread (see nat-api-thread.ts): runs the nat-api library, whose UPnP code reads whatever the
 * router (or any LAN device answering the search) sends and parses it with xml2js. Here that costs only this thread:
 * every body it fetches is capped, and the parent ends the whole thread when an operation overruns its time or
 * memory budget.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NatAPIOptions } from '@silentbot1/nat-api';
import { cappedFetch } from './capped-fetch';

export type NatApiOp = 'map' | 'unmap' | 'externalIp' | 'destroy' | 'forget';
export interface NatApiJob {
  id: number;
  op: NatApiOp;
  args?: unknown;
}
/** `capped`: a body was cut off at the cap during the operation (the library folds that into a plain "no"). */
export type NatApiReply =
  | { ready: true }
  | { id: number; ok: true; value: unknown; capped: boolean }
  | { id: number; ok: false; message: string };
export interface NatApiWorkerData {
  options: NatAPIOptions;
  maxBodyBytes: number;
}

const data = workerData as NatApiWorkerData;
// The library takes `fetch` from the global object when it loads, so the cap goes in first and the library is loaded
// after it (a static import would be evaluated before this line).
// Operations come one at a time from the mapper; a cut-off body is noted for the one under way.
let capped = false;
globalThis.fetch = cappedFetch(globalThis.fetch.bind(globalThis), data.maxBodyBytes, () => (capped = true));
const { default: NatAPI } = await import('@silentbot1/nat-api');
const client = new NatAPI(data.options);

async function run(job: NatApiJob): Promise<unknown> {
  switch (job.op) {
    case 'map':
      return client.map(job.args as Parameters<typeof client.map>[0]);
    case 'unmap':
      return client.unmap(job.args as Parameters<typeof client.unmap>[0]);
    case 'externalIp':
      return client.externalIp();
    case 'forget': {
      // destroy() would first unmap every port this client opened; a client being replaced leaves them to the next.
      const open = (client as unknown as { _openPorts?: unknown[] })._openPorts;
      if (Array.isArray(open)) open.length = 0;
      return true;
    }
    case 'destroy':
      return client.destroy();
  }
}

parentPort!.on('message', (job: NatApiJob) => {
  capped = false;
  run(job).then(
    (value) => parentPort!.postMessage({ id: job.id, ok: true, value, capped } satisfies NatApiReply),
    (err: unknown) =>
      parentPort!.postMessage({
        id: job.id,
        ok: false,
        message: err instanceof Error ? err.message : String(err),
      } satisfies NatApiReply),
  );
});
parentPort!.postMessage({ ready: true } satisfies NatApiReply);
