/**
 * The codec worker thread (see codec-pool.ts): runs task-codec.ts on the jobs the pool sends, one at a time, and
 * hands large buffers back without copying them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cxKeyPairFromPrivateRaw } from '../cx';
import { decodeRelayCall } from './relay-call';
import { decodeTask, encodeAnswer } from './task-codec';
import type { PoolMessage } from '../subprocess';
import { asBuffer, transferList, type CodecJob, type CodecReply } from './codec-wire';

const cx = cxKeyPairFromPrivateRaw(asBuffer((workerData as { cxPrivate: Uint8Array }).cxPrivate));

parentPort!.on('message', ({ id, body: job }: PoolMessage<CodecJob>) => {
  const bytes = asBuffer(job.bytes);
  let reply: CodecReply;
  if (job.op === 'decode') {
    const result = decodeTask(bytes, job.ctx, cx);
    if (result.ok && typeof result.request.body === 'string')
      result.request.body = Buffer.from(result.request.body, 'utf8');
    reply = { op: 'decode', result };
  } else if (job.op === 'relay-call') {
    reply = { op: 'relay-call', result: decodeRelayCall(bytes) };
  } else {
    // Typed arrays arrive as plain Uint8Arrays: the CX secret is made a Buffer again.
    const result = encodeAnswer(bytes, job.ctx.shared ? { ...job.ctx, shared: asBuffer(job.ctx.shared) } : job.ctx);
    if (result.ok && typeof result.answer === 'string') result.answer = Buffer.from(result.answer, 'utf8');
    reply = { op: 'encode', result };
  }
  parentPort!.postMessage({ id, body: reply } satisfies PoolMessage<CodecReply>, transferList(reply));
});
