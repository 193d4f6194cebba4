/**
 * The pinhole XML worker thread (see xml-reader.ts): reads device descriptions and SOAP answers one at a time and
 * hands back plain data. A document that takes too long is not its concern: the reader ends the whole thread.
 */
import { parentPort } from 'node:worker_threads';
import { readDeviceDescription } from './device-description';
import { readSoapAnswer } from './soap';
import type { XmlJob, XmlReply } from './xml-reader';
import { XmlError } from './xml';

parentPort!.on('message', (job: XmlJob) => {
  let reply: XmlReply;
  try {
    const value = job.kind === 'description' ? readDeviceDescription(job.text) : readSoapAnswer(job.action, job.text);
    reply = { id: job.id, ok: true, value };
  } catch (err) {
    reply = {
      id: job.id,
      ok: false,
      code: err instanceof XmlError ? err.code : 'malformed',
      message: err instanceof Error ? err.message : String(err),
    };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true } satisfies XmlReply);
