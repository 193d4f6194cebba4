/**
 * Settings the host fixed for this run (headless command-line flags or environment variables). The engine
 * refuses to change them, so forms show them read-only and never send them.
 */
import { useMemo } from 'react';
import type { Settings } from '@shared/contract';
import { useProviderStore } from '../store';
import { sayNow } from '@shared/i18n/current';

export type FixedSettings = ReadonlySet<keyof Settings>;

/** Shown under a fixed field, tied to it with aria-describedby; in the page's language now. */
export function fixedNote(): string {
  return sayNow()('components.fixed.note');
}

const NONE: readonly (keyof Settings)[] = [];

/** The fixed settings from the host's AppInfo; empty until it has been loaded (or from an older host). */
export function useFixedSettings(): FixedSettings {
  // `?? NONE` also covers an older host (or a stand-in) that sends no list at all.
  const list = useProviderStore((s) => s.appInfo?.fixedSettings ?? NONE);
  return useMemo(() => new Set(list), [list]);
}
