/** The messages between the event loop and the verifier's thread (verify-thread.ts, verify-worker.ts). */
import type { CheckSummary, Cursor } from './signed-log-state';

export type VerifyJob =
  | { op: 'begin'; id: number; mode: Cursor['mode']; did: Uint8Array }
  | { op: 'page'; id: number; since: number; bytes: Uint8Array }
  | { op: 'finish'; id: number; headAskedAt: number; stopped: CheckSummary['stopped'] }
  | { op: 'accept'; id: number; fingerprint: string }
  | { op: 'close' };

export type VerifyReply =
  | { op: 'ready' }
  | { op: 'done'; id: number; result: unknown }
  | { op: 'failed'; id: number; code: string; message: string };

export interface VerifyWorkerData {
  nodeId: string;
  busyTimeoutMs: number;
}
