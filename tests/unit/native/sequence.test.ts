/**
 * The lifecycle sequence rules (src-main/engine/native/sequence.ts), one test per rule the SDKs check, each
 * refusal with the SDKs' own code.
 */
import { describe, expect, it } from 'vitest';
import type { DecodedLifecycle } from '@engine/native/messages';
import { NativeSequence, NativeSequenceError } from '@engine/native/sequence';

function frame(
  sequence: number,
  status: string,
  over: Partial<DecodedLifecycle> = {},
  lifecycle: Partial<DecodedLifecycle['lifecycle']> = {},
): DecodedLifecycle {
  const isFinal = status !== 'partial';
  const event = { partial: 'partial', success: 'completed', error: 'failed', timeout: 'timed_out' }[status] ?? status;
  return {
    sessionId: 's',
    callId: 'c',
    status,
    result: 'x',
    error: null,
    tokensUsed: sequence,
    isFinal,
    ...over,
    lifecycle: { taskId: 't', sequence, event, isFinal, ...lifecycle },
  };
}

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(NativeSequenceError);
    return (e as NativeSequenceError).code;
  }
}

describe('NativeSequence', () => {
  it('takes partials then one terminal, numbered from 0', () => {
    const s = new NativeSequence('s', 'c', 't');
    s.accept(frame(0, 'partial'));
    s.accept(frame(1, 'partial'));
    expect(s.terminalSeen).toBe(false);
    s.accept(frame(2, 'success'));
    expect(s.terminalSeen).toBe(true);
    expect(() => s.finish()).not.toThrow();
  });

  it('takes each terminal status with each event the SDKs allow', () => {
    for (const [status, event] of [
      ['error', 'failed'],
      ['error', 'cancelled'],
      ['timeout', 'timed_out'],
      ['timeout', 'expired'],
    ] as const) {
      const s = new NativeSequence('s', 'c', 't');
      s.accept(frame(0, status, {}, { event }));
      expect(s.terminalSeen).toBe(true);
    }
  });

  const broken: Array<[string, (s: NativeSequence) => void]> = [
    [
      'response_after_terminal',
      (s) => {
        s.accept(frame(0, 'success'));
        s.accept(frame(1, 'partial'));
      },
    ],
    ['missing_lifecycle', (s) => s.accept({ ...frame(0, 'partial'), lifecycle: null } as unknown as DecodedLifecycle)],
    ['session_id_drift', (s) => s.accept(frame(0, 'partial', { sessionId: 'other' }))],
    ['call_id_drift', (s) => s.accept(frame(0, 'partial', { callId: 'other' }))],
    ['task_id_drift', (s) => s.accept(frame(0, 'partial', {}, { taskId: 'other' }))],
    ['sequence_drift', (s) => s.accept(frame(1, 'partial'))],
    [
      'sequence_drift',
      (s) => {
        s.accept(frame(0, 'partial'));
        s.accept(frame(0, 'partial'));
      },
    ],
    [
      'sequence_drift',
      (s) => {
        s.accept(frame(0, 'partial'));
        s.accept(frame(2, 'partial'));
      },
    ],
    ['sequence_drift', (s) => s.accept(frame(0, 'partial', {}, { sequence: '0' }))],
    ['finality_disagreement', (s) => s.accept(frame(0, 'partial', {}, { isFinal: true }))],
    ['status_event_disagreement', (s) => s.accept(frame(0, 'partial', { status: 7 }))],
    ['status_event_disagreement', (s) => s.accept(frame(0, 'partial', {}, { event: 'completed' }))],
    ['status_event_disagreement', (s) => s.accept(frame(0, 'accepted', {}, { event: 'accepted' }))],
    ['status_event_disagreement', (s) => s.accept(frame(0, 'toString', {}, { event: 'toString' }))],
    ['terminal_flag_mismatch', (s) => s.accept(frame(0, 'partial', { isFinal: true }, { isFinal: true }))],
    ['terminal_flag_mismatch', (s) => s.accept(frame(0, 'success', { isFinal: false }, { isFinal: false }))],
    ['terminal_flag_mismatch', (s) => s.accept(frame(0, 'success', { isFinal: 1 }, { isFinal: 1 }))],
    ['missing_terminal_response', (s) => s.finish()],
    [
      'missing_terminal_response',
      (s) => {
        s.accept(frame(0, 'partial'));
        s.finish();
      },
    ],
  ];
  for (const [code, run] of broken) {
    it(`refuses with ${code}`, () => {
      expect(codeOf(() => run(new NativeSequence('s', 'c', 't')))).toBe(code);
    });
  }

  it('counts a refused frame as not taken', () => {
    const s = new NativeSequence('s', 'c', 't');
    expect(codeOf(() => s.accept(frame(0, 'partial', { callId: 'x' })))).toBe('call_id_drift');
    s.accept(frame(0, 'partial'));
    s.accept(frame(1, 'success'));
    expect(s.terminalSeen).toBe(true);
  });
});
