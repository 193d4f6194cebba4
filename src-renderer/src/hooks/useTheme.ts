import { useEffect } from 'react';
import { useProviderStore } from '../store';
import { applyTheme } from '../theme';

/** Keeps <html data-theme> in step with the stored preference (and the OS, for "system"). */
export function useTheme(): void {
  const theme = useProviderStore((s) => s.theme);
  useEffect(() => applyTheme(theme), [theme]);
}
