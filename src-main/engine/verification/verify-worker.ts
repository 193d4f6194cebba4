/**
 * The verifier's thread: a connection of its own to the engine's database, on which the signed log's pages are
 * parsed, verified and taken in (verify-core.ts), so none of that work holds up the event loop answering tasks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { EngineStateRepository, runDbThread, systemClock, threadFailure, WRITER_THREAD_PRAGMAS } from '../store';
import { SignedLogState } from './signed-log-state';
import { VerifyCore } from './verify-core';
import type { VerifyJob, VerifyReply, VerifyWorkerData } from './verify-wire';

const { path, state, nodeId, busyTimeoutMs } = workerData as VerifyWorkerData & {
  path: string;
  state: SharedArrayBuffer;
};
const port = parentPort!;
const send = (reply: VerifyReply): void => port.postMessage(reply);

function serve(conn: Database.Database, closed: () => void): void {
  const core = new VerifyCore(conn, new SignedLogState(new EngineStateRepository(conn, systemClock)), nodeId);
  send({ op: 'ready' });
  port.on('message', (job: VerifyJob) => {
    if (job.op === 'close') {
      if (conn.open) conn.close();
      closed();
      port.close();
      return;
    }
    try {
      send({ op: 'done', id: job.id, result: run(core, job) });
    } catch (err) {
      send(threadFailure(job.id, err));
    }
  });
}

function run(core: VerifyCore, job: Exclude<VerifyJob, { op: 'close' }>): unknown {
  switch (job.op) {
    case 'begin': {
      let doc: unknown;
      try {
        doc = JSON.parse(Buffer.from(job.did).toString('utf8'));
      } catch {
        return { problem: 'the directory’s DID document is not JSON' };
      }
      return core.begin(job.mode, doc);
    }
    case 'page':
      return core.page(job.bytes, job.since);
    case 'finish':
      return core.finish(job.headAskedAt, job.stopped);
    case 'accept':
      return core.acceptKey(job.fingerprint);
  }
}

runDbThread({
  path,
  timeoutMs: busyTimeoutMs,
  state,
  pragmas: WRITER_THREAD_PRAGMAS,
  fail: send,
  serve,
  end: () => port.close(),
});
