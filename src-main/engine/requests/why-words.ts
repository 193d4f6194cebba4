/** The "why no tasks" check's own sentences: `dashboard.whyCheck.*` in the catalogue, each by its id. */
import type { MessageId } from '@shared/i18n/catalogue';
import { said, type Said, type SaidValue } from '@shared/i18n/said';
import {
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  INTENT_MODERATE,
  INTENT_SPEECH,
  INTENT_TRANSCRIBE,
} from '../backends';

export type WhyId = MessageId extends infer M ? (M extends `dashboard.whyCheck.${infer R}` ? R : never) : never;
export const w = (id: WhyId, values?: Readonly<Record<string, SaidValue>>): Said =>
  said(`dashboard.whyCheck.${id}`, values);

/** The intents the node serves, each with its own words: German writes each kind as one compound of its own. */
const KNOWN_TASKS: Readonly<Record<string, WhyId>> = {
  [INTENT_CHAT]: 'intentTasks.chat',
  [INTENT_COMPLETION]: 'intentTasks.completion',
  [INTENT_EMBEDDING]: 'intentTasks.embedding',
  [INTENT_TRANSCRIBE]: 'intentTasks.transcribe',
  [INTENT_SPEECH]: 'intentTasks.speech',
  [INTENT_MODERATE]: 'intentTasks.moderate',
};

/** `urn:iicp:intent:llm:chat:v1` → "chat tasks"; an intent the node does not know by its short name. */
export function intentWords(intent: string): Said {
  const known = KNOWN_TASKS[intent];
  if (known) return w(known);
  const parts = intent.split(':').filter(Boolean);
  const last = parts[parts.length - 1] ?? intent;
  const name = /^v\d+$/i.test(last) && parts.length > 1 ? parts[parts.length - 2]! : last;
  return w('intentTasks', { name });
}
