/**
 * Colour arithmetic for pages under test, as source to put into a `page.evaluate` script: `parse` reads a computed
 * colour (rgb(), rgba() or color(srgb …)) as [r, g, b, a] on 0–255, `over` lays a colour over another with an
 * alpha, `luminance` and `contrast` are WCAG's relative luminance and contrast ratio.
 */
export const COLOUR_MATH = `
  const parse = (css) => {
    let m = /^rgba?\\(([^)]+)\\)/.exec(css);
    if (m) {
      const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    m = /^color\\(srgb ([^)]+)\\)/.exec(css);
    if (m) {
      const p = m[1].split(/[ /]+/).filter(Boolean).map(Number);
      return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
    }
    throw new Error('unreadable colour ' + css);
  };
  const over = (fg, bg, alpha) => [0, 1, 2].map((i) => fg[i] * alpha + bg[i] * (1 - alpha));
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
`;
