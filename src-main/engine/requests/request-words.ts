import type { RequestOutcome } from '@shared/contract';

/**
 * Why the task port answered as it did, in plain words for the person (the wire code stays apart, for a "Details"
 * disclosure). Keyed by the wire code and, where one code has several causes, the cause (`variant`).
 */
const WORDS: Readonly<Record<string, string>> = {
  ok: 'Served',
  replayed: 'A repeat of a task already answered: the same answer was sent again, nothing was run twice',
  node_starting: 'Arrived while the node was starting',
  'IICP-E023': 'One website sent more than 120 tasks a minute; the rest were slowed down',
  backend_unavailable: 'Your LLM server was not answering',
  'IICP-E024': 'Your LLM server was loading a model or restarting',
  'IICP-E024/owner_priority': 'Turned away while you were using the GPU yourself',
  provider_preempted: "Stopped part-way because the computer's owner needed the GPU",
  unsupported_intent: 'Asked to stream a kind of task that is never streamed',
  payload_too_large: 'Larger than this node accepts',
  'IICP-E021': 'All slots were busy',
  'IICP-E021/full': 'All slots were busy',
  'IICP-E021/schedule': 'All slots your availability schedule offers at this time were busy',
  'IICP-E021/closed': 'Arrived while the node was paused or outside your availability hours',
  'IICP-E021/fair_share': 'Stopped after running past its fair share of slots while other consumers waited',
  'IICP-E021/source_share': 'That consumer already held its share of your slots; the rest were kept for other consumers',
  'IICP-E021/busy_reading_other_requests': 'The node was busy reading other large requests',
  busy: 'The node was busy processing other large requests',
  request_timeout: 'The request arrived too slowly',
  invalid_json: 'The request was not readable (not valid JSON)',
  validation_error: 'The request was not a valid task',
  'validation_error/backend': "Your LLM server refused it (for example a prompt longer than the model's context)",
  tool_execution_denied: 'Asked to run a tool on this computer, which the node never does',
  intent_not_advertised: "Asked for a kind of task you don't offer",
  'IICP-E029': "Asked for a model you don't offer",
  'IICP-CX-02': 'Its encryption could not be opened',
  'IICP-CX-03': 'Asked for an encrypted answer without encrypting its request',
  'IICP-E011': 'A repeat of a task already seen (its one-time code was used before)',
  'IICP-E010': 'A task number already used for a different task',
  task_timeout: 'Your LLM server did not answer in time',
  backend_error: 'Your LLM server failed',
  'backend_error/unreachable': 'Your LLM server could not be reached',
  'backend_error/bad_response': 'Your LLM server sent an answer that could not be used',
  encryption_failed: 'The answer could not be encrypted',
  internal_error: 'Something went wrong inside the node',
};

const FALLBACK: Record<RequestOutcome, string> = {
  served: 'Served',
  refused: 'Turned away',
  failed: 'Failed',
};

/** Plain words for one answer's reason; a code this table does not know reads as its outcome. */
export function requestWords(outcome: RequestOutcome, code: string, variant: string): string {
  if (variant !== '') {
    const specific = WORDS[`${code}/${variant}`];
    if (specific !== undefined) return specific;
  }
  return Object.hasOwn(WORDS, code) ? WORDS[code]! : FALLBACK[outcome];
}

/**
 * Whether the variant tells causes apart (and so keeps its own line among the reasons). The variant of an unknown
 * model is the model asked for: one line for all of them, the names go to the advice.
 */
export function variantMatters(code: string, variant: string): boolean {
  return variant !== '' && Object.hasOwn(WORDS, `${code}/${variant}`);
}
