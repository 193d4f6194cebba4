/**
 * An ntfy-style webhook receiver on loopback, as the person's phone app would read it: every POST is kept with its
 * title (RFC 2047 encoded words decoded, as ntfy does), tags and body, and answered 200.
 */
import { serveOnLoopback, readBodyUpTo } from './http-server';

export interface WebhookPush {
  title: string;
  tags: string;
  body: string;
}

export async function startWebhookReceiver() {
  const received: WebhookPush[] = [];
  const server = await serveOnLoopback((req, res) => {
    void readBodyUpTo(req, 1 << 20).then(({ bytes }) => {
      received.push({
        title: decodeHeader(String(req.headers.title ?? '')),
        tags: String(req.headers.tags ?? ''),
        body: bytes.toString('utf8'),
      });
      res.end('ok');
    });
  });
  return { received, url: (path: string) => `http://127.0.0.1:${server.port}${path}`, close: server.close };
}

/** A header as ntfy reads it: RFC 2047 (`=?UTF-8?B?…?=`) decoded. */
export const decodeHeader = (v: string): string =>
  v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
