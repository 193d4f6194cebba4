import { useCallback, useEffect, useState } from 'react';

/**
 * The width of an element in CSS pixels, kept current as the window resizes (0 until first measured). The ref is a
 * callback, so an element shown later (a table once it has rows) is measured too.
 */
export function useElementWidth<T extends HTMLElement>() {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(0);
  const ref = useCallback((el: T | null) => setElement(el), []);

  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth((before) => (before === w ? before : w));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);

  return [ref, width] as const;
}
