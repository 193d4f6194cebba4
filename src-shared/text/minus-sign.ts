/**
 * The one minus sign of every figure on screen. Intl writes a hyphen ("-0,077") while a sign we write ourselves is the
 * typographic minus ("−0,027"); beside each other on one page they read as two styles, so every formatted figure
 * passes through here and shows U+2212.
 */
export const MINUS = '\u2212';

/** A figure Intl formatted, with its hyphen-minus made the typographic minus ("-0,077" → "−0,077"). */
export const withMinusSign = (figure: string): string => figure.replace(/-/g, MINUS);
