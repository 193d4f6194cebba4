/**
 * Theme handling. The preference lives in the engine's settings, but those arrive only after the host
 * answers; a copy in localStorage lets the first paint already use the right colours.
 */
import type { Settings } from '@shared/contract';

type ThemePreference = Settings['theme'];
const CACHE_KEY = 'iicp.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

const isPreference = (v: unknown): v is ThemePreference => v === 'system' || v === 'light' || v === 'dark';

export function readCachedTheme(): ThemePreference {
  try {
    const cached = localStorage.getItem(CACHE_KEY);
    return isPreference(cached) ? cached : 'system';
  } catch {
    return 'system';
  }
}

function cacheTheme(theme: ThemePreference): void {
  try {
    localStorage.setItem(CACHE_KEY, theme);
  } catch {
    // Only costs a flash of the wrong colours on the next start.
  }
}

function resolve(theme: ThemePreference): 'light' | 'dark' {
  if (theme !== 'system') return theme;
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** Sets <html data-theme> once, without following later OS changes. */
export function paintTheme(theme: ThemePreference): void {
  document.documentElement.dataset.theme = resolve(theme);
}

/** Puts the theme on <html> and, for "system", follows the OS setting; returns a function to stop following. */
export function applyTheme(theme: ThemePreference): () => void {
  const paint = () => paintTheme(theme);
  paint();
  cacheTheme(theme);
  if (theme !== 'system') return () => {};
  const media = window.matchMedia(DARK_QUERY);
  media.addEventListener('change', paint);
  return () => media.removeEventListener('change', paint);
}
