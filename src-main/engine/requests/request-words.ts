import type { RequestOutcome } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { said, type Said } from '@shared/i18n/said';

/**
 * Why the task port answered as it did, in plain words for the person (the wire code stays apart, for a "Details"
 * disclosure). Keyed by the wire code and, where one code has several causes, the cause (`variant`).
 */
const WORDS: Readonly<Record<string, MessageId>> = {
  ok: 'dashboard.reason.ok',
  replayed: 'dashboard.reason.replayed',
  node_starting: 'dashboard.reason.nodeStarting',
  'IICP-E023': 'dashboard.reason.e023',
  backend_unavailable: 'dashboard.reason.backendUnavailable',
  'IICP-E024': 'dashboard.reason.e024',
  'IICP-E024/owner_priority': 'dashboard.reason.e024OwnerPriority',
  provider_preempted: 'dashboard.reason.providerPreempted',
  unsupported_intent: 'dashboard.reason.unsupportedIntent',
  payload_too_large: 'dashboard.reason.payloadTooLarge',
  'IICP-E021': 'dashboard.reason.e021',
  'IICP-E021/full': 'dashboard.reason.e021Full',
  'IICP-E021/schedule': 'dashboard.reason.e021Schedule',
  'IICP-E021/closed': 'dashboard.reason.e021Closed',
  'IICP-E021/fair_share': 'dashboard.reason.e021FairShare',
  'IICP-E021/source_share': 'dashboard.reason.e021SourceShare',
  'IICP-E021/busy_reading_other_requests': 'dashboard.reason.e021BusyReadingOtherRequests',
  busy: 'dashboard.reason.busy',
  request_timeout: 'dashboard.reason.requestTimeout',
  invalid_json: 'dashboard.reason.invalidJson',
  validation_error: 'dashboard.reason.validationError',
  'validation_error/backend': 'dashboard.reason.validationErrorBackend',
  tool_execution_denied: 'dashboard.reason.toolExecutionDenied',
  intent_not_advertised: 'dashboard.reason.intentNotAdvertised',
  'IICP-E029': 'dashboard.reason.e029',
  'IICP-CX-02': 'dashboard.reason.cx02',
  'IICP-CX-03': 'dashboard.reason.cx03',
  'IICP-E011': 'dashboard.reason.e011',
  'IICP-E010': 'dashboard.reason.e010',
  task_timeout: 'dashboard.reason.taskTimeout',
  backend_error: 'dashboard.reason.backendError',
  'backend_error/unreachable': 'dashboard.reason.backendErrorUnreachable',
  'backend_error/bad_response': 'dashboard.reason.backendErrorBadResponse',
  encryption_failed: 'dashboard.reason.encryptionFailed',
  internal_error: 'dashboard.reason.internalError',
};

const FALLBACK: Record<RequestOutcome, MessageId> = {
  served: 'dashboard.requests.outcome.served',
  refused: 'dashboard.requests.outcome.refused',
  failed: 'dashboard.requests.outcome.failed',
};

/** Plain words for one answer's reason; a code this table does not know reads as its outcome. */
export function requestWords(outcome: RequestOutcome, code: string, variant: string): Said {
  if (variant !== '') {
    const key = `${code}/${variant}`;
    if (Object.hasOwn(WORDS, key)) return said(WORDS[key]!);
  }
  return said(Object.hasOwn(WORDS, code) ? WORDS[code]! : FALLBACK[outcome]);
}

/** A served answer's note by its variant: the tokens claimed were not the LLM server's word (server/usage-note.ts). */
const SERVED_NOTES: Readonly<Record<string, MessageId>> = {
  usage_bounded: 'dashboard.requests.note.usageBounded',
  usage_unreadable: 'dashboard.requests.note.usageUnreadable',
};

/** What is worth saying about a served answer beside "served", or null. */
export function servedNote(outcome: RequestOutcome, variant: string): Said | null {
  return outcome === 'served' && Object.hasOwn(SERVED_NOTES, variant) ? said(SERVED_NOTES[variant]!) : null;
}

/**
 * Whether the variant tells causes apart (and so keeps its own line among the reasons). The variant of an unknown
 * model is the model asked for: one line for all of them, the names go to the advice.
 */
export function variantMatters(code: string, variant: string): boolean {
  return variant !== '' && Object.hasOwn(WORDS, `${code}/${variant}`);
}
