import type { EventLevel } from '@shared/contract';
import type { Tone } from '../../format';
import { StatusBadge } from './StatusBadge';
import { useT } from '../../i18n/useT';
import type { MessageId } from '@shared/i18n/catalogue';

const LEVEL: Record<EventLevel, { label: MessageId; tone: Tone }> = {
  info: { label: 'components.level.info', tone: 'neutral' },
  warn: { label: 'components.level.warn', tone: 'warn' },
  error: { label: 'components.level.error', tone: 'bad' },
};

export function LevelBadge({ level }: { level: EventLevel }) {
  const t = useT();
  return <StatusBadge tone={LEVEL[level].tone}>{t(LEVEL[level].label)}</StatusBadge>;
}
