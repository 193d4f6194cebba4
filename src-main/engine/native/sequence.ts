/**
 * The rules a streamed CALL's RESPONSE frames must keep, as the official SDKs check them (spec: the
 * service-lifecycle profile): same session, call and task throughout, sequence 0, 1, 2 … without gaps, the status
 * and the event agreeing, is_final true on exactly the terminal, and nothing after it. The client enforces them on
 * what a node sends; the node's own tests check its frames with the same rules, so both ends agree with the SDKs.
 */
import type { DecodedLifecycle } from './messages';

export type NativeSequenceCode =
  | 'response_after_terminal'
  | 'missing_lifecycle'
  | 'session_id_drift'
  | 'call_id_drift'
  | 'task_id_drift'
  | 'sequence_drift'
  | 'finality_disagreement'
  | 'status_event_disagreement'
  | 'terminal_flag_mismatch'
  | 'missing_terminal_response';

export class NativeSequenceError extends Error {
  constructor(readonly code: NativeSequenceCode) {
    super(code);
    this.name = 'NativeSequenceError';
  }
}

/** Which events each status may carry (the SDKs also take `expired` for a timeout). */
const EVENTS_OF: Record<string, readonly string[]> = {
  partial: ['partial'],
  success: ['completed'],
  error: ['failed', 'cancelled'],
  timeout: ['timed_out', 'expired'],
};

export class NativeSequence {
  private nextSequence = 0;
  private terminal = false;

  constructor(
    private readonly sessionId: string,
    private readonly callId: string,
    private readonly taskId: string,
  ) {}

  get terminalSeen(): boolean {
    return this.terminal;
  }

  /** Takes the next frame, or throws NativeSequenceError with the first rule it breaks (in the SDKs' order). */
  accept(f: DecodedLifecycle): void {
    if (this.terminal) throw new NativeSequenceError('response_after_terminal');
    const lifecycle: unknown = f.lifecycle;
    if (typeof lifecycle !== 'object' || lifecycle === null) throw new NativeSequenceError('missing_lifecycle');
    const l = f.lifecycle;
    if (f.sessionId !== this.sessionId) throw new NativeSequenceError('session_id_drift');
    if (f.callId !== this.callId) throw new NativeSequenceError('call_id_drift');
    if (l.taskId !== this.taskId) throw new NativeSequenceError('task_id_drift');
    if (l.sequence !== this.nextSequence) throw new NativeSequenceError('sequence_drift');
    if (f.isFinal !== l.isFinal) throw new NativeSequenceError('finality_disagreement');
    const status = f.status;
    if (typeof status !== 'string') throw new NativeSequenceError('status_event_disagreement');
    const events = Object.hasOwn(EVENTS_OF, status) ? EVENTS_OF[status] : undefined;
    if (!events || typeof l.event !== 'string' || !events.includes(l.event)) {
      throw new NativeSequenceError('status_event_disagreement');
    }
    if ((status === 'partial' && f.isFinal !== false) || (status !== 'partial' && f.isFinal !== true)) {
      throw new NativeSequenceError('terminal_flag_mismatch');
    }
    this.nextSequence += 1;
    this.terminal = f.isFinal === true;
  }

  /** At the end of the stream: throws `missing_terminal_response` unless the terminal frame was taken. */
  finish(): void {
    if (!this.terminal) throw new NativeSequenceError('missing_terminal_response');
  }
}
