import { isIP } from 'node:net';

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * A fetch for talking to LAN devices: plain http:// to an IP address only (a device's LOCATION must not send the node
 * to a DNS name or anywhere else), and a response body that errors once it passes `maxBytes` instead of growing
 * without end. The status and headers are passed on unchanged.
 */
export function cappedFetch(inner: typeof fetch, maxBytes: number, onCap?: () => void): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (url.protocol !== 'http:' || isIP(host) === 0)
      throw new Error(
        `refusing to fetch ${JSON.stringify(url.href.slice(0, 200))}: a LAN device is reached by http:// and an IP address`,
      );
    const res = await inner(input, init);
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      onCap?.();
      await res.body?.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`the device's answer is larger than ${maxBytes} bytes`);
    }
    if (!res.body) return res;
    let seen = 0;
    const capped = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > maxBytes) {
            onCap?.();
            controller.error(new BodyTooLargeError(`the device's answer is larger than ${maxBytes} bytes`));
          } else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(capped, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
