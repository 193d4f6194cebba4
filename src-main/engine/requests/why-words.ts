/** The "why no tasks" check's own sentences: `dashboard.whyCheck.*` in the catalogue, each by its id. */
import type { MessageId } from '@shared/i18n/catalogue';
import { said, type Said, type SaidValue } from '@shared/i18n/said';

export type WhyId = MessageId extends infer M ? (M extends `dashboard.whyCheck.${infer R}` ? R : never) : never;
export const w = (id: WhyId, values?: Readonly<Record<string, SaidValue>>): Said =>
  said(`dashboard.whyCheck.${id}`, values);
