/**
 * What a stand-in listening on a node's task port does first, as the node's own task server does: it waits for the
 * first bytes of a connection and hands them over once they tell IICP's native transport (`IICP`) from HTTP.
 */
import type { Socket } from 'node:net';
import { NATIVE_MAGIC } from '@engine/native';

/** Calls `then` once with the bytes read so far and whether they open a native session; reads nothing more itself. */
export function onFirstBytes(socket: Socket, then: (head: Buffer, native: boolean) => void): void {
  let head = Buffer.alloc(0);
  const first = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    if (head.length < 4 && NATIVE_MAGIC.subarray(0, head.length).equals(head)) return;
    socket.off('data', first);
    then(head, head.subarray(0, 4).equals(NATIVE_MAGIC));
  };
  socket.on('data', first);
}
