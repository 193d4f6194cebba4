/** Engine values in plain words, and the tone a badge should use for them. */
import type { BackendStatus, DirectoryLink, LifecycleState, ReachabilityStatus } from '../../src-preload/contract';

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

export const STATE_WORDS: Record<LifecycleState, { label: string; tone: Tone }> = {
  stopped: { label: 'Stopped', tone: 'bad' },
  starting: { label: 'Starting', tone: 'neutral' },
  online: { label: 'Online', tone: 'ok' },
  paused: { label: 'Paused', tone: 'neutral' },
  degraded: { label: 'Degraded', tone: 'warn' },
  stopping: { label: 'Stopping', tone: 'neutral' },
};

export const DIRECTORY_WORDS: Record<DirectoryLink, { label: string; tone: Tone }> = {
  not_configured: { label: 'Not set up', tone: 'neutral' },
  connecting: { label: 'Connecting', tone: 'neutral' },
  registered: { label: 'Registered', tone: 'ok' },
  unreachable: { label: 'Unreachable', tone: 'warn' },
  rejected: { label: 'Rejected', tone: 'bad' },
};

export const BACKEND_WORDS: Record<BackendStatus, { label: string; tone: Tone }> = {
  not_configured: { label: 'Not set up', tone: 'neutral' },
  checking: { label: 'Checking', tone: 'neutral' },
  healthy: { label: 'Healthy', tone: 'ok' },
  unreachable: { label: 'Unreachable', tone: 'warn' },
};

export const REACHABILITY_WORDS: Record<ReachabilityStatus, { label: string; tone: Tone }> = {
  unknown: { label: 'Not checked', tone: 'neutral' },
  public: { label: 'Reachable', tone: 'ok' },
  mapped: { label: 'Reachable (port mapped)', tone: 'ok' },
  not_reachable: { label: 'Not reachable', tone: 'warn' },
  local_only: { label: 'This computer only', tone: 'neutral' },
};

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateAndTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** A timestamp as a person reads it: the time alone for today, with the date otherwise. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toDateString() === new Date().toDateString() ? timeOnly.format(date) : dateAndTime.format(date);
}

export function formatFullTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

const integer = new Intl.NumberFormat();

export const formatCount = (n: number): string => integer.format(n);
