/**
 * The gateway's codec thread (see gateway-codec.ts): reads a large app request into its wire form, renders a large
 * node answer in the app's API, joins several large answers into one, or builds a large request for this computer's
 * own server, one job at a time.
 */
import { parentPort } from 'node:worker_threads';
import type { PoolMessage } from '../../subprocess';
import { renderAnswer } from './answer-render';
import { joinChoices } from './choices-join';
import type { CodecJob, CodecOutput } from './gateway-codec';
import { buildLocalRequest } from './local-request';
import { shapeRequest } from './request-shape';

parentPort!.on('message', (m: PoolMessage<CodecJob>) => {
  const job = m.body;
  const body: CodecOutput =
    job.op === 'shape'
      ? { op: 'shape', result: shapeRequest(job.route, job.bytes) }
      : job.op === 'render'
        ? { op: 'render', result: renderAnswer(job.ask, job.bytes, job.stamp) }
        : job.op === 'join'
          ? { op: 'join', result: joinChoices(job.bodies) }
          : { op: 'local', result: buildLocalRequest(job.intent, job.bytes, job.build, job.stream) };
  parentPort!.postMessage({ id: m.id, body } satisfies PoolMessage<CodecOutput>);
});
