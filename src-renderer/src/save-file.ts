import { formatBytes } from './locale';

/**
 * Hands text to the browser as a file download under the given name. In the desktop app the shell turns the
 * page's own `blob:` downloads into a save dialog (every other download stays refused); in a browser it is the
 * browser's usual download.
 */
export function saveTextFile(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Late enough for the browser (or the save dialog) to have started reading it.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "12.3 kB" (or "12,3 kB") for a text's UTF-8 size, in the person's locale. */
export function textSize(text: string): string {
  return formatBytes(new TextEncoder().encode(text).length);
}
