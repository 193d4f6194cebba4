import type { EventLevel } from '@shared/contract';
import type { Tone } from '../../format';
import { StatusBadge } from './StatusBadge';

const LEVEL: Record<EventLevel, { label: string; tone: Tone }> = {
  info: { label: 'Info', tone: 'neutral' },
  warn: { label: 'Warning', tone: 'warn' },
  error: { label: 'Error', tone: 'bad' },
};

export function LevelBadge({ level }: { level: EventLevel }) {
  return <StatusBadge tone={LEVEL[level].tone}>{LEVEL[level].label}</StatusBadge>;
}
