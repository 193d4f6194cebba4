import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { sendError } from './http-util';

/** The JSON and hardening headers of answers written straight to the socket (Node never saw a request for them). */
const RAW_HEADERS = 'Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n';

/** What is written to a connection that never said a word within the headers timeout: HTTP's own answer to it. */
export const SILENT_ANSWER = (() => {
  const body = JSON.stringify({ error: { code: 'request_timeout', message: 'Malformed or too slow HTTP request.' } });
  return `HTTP/1.1 408 Error\r\n${RAW_HEADERS}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
})();

/** Node answers these itself with empty bodies or not at all; every answer here is JSON with a code. */
export function answerWhatNodeWouldNot(server: Server): void {
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    sendError(res, { status: 417, code: 'expectation_failed', message: 'Only "Expect: 100-continue" is supported.' });
  });
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    const body = JSON.stringify({ error: { code: 'method_not_allowed', message: 'CONNECT is not supported.' } });
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\n${RAW_HEADERS}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({
      error: {
        code: status === 431 ? 'headers_too_large' : status === 408 ? 'request_timeout' : 'bad_request',
        message: 'Malformed or too slow HTTP request.',
      },
    });
    socket.end(
      `HTTP/1.1 ${status} Error\r\n${RAW_HEADERS}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
