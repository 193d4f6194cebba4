/**
 * Hostile texts for the app's hand-written readers, each grown to a chosen size: the unit tests check what the
 * readers make of them, and the parsers bench (tests/bench/parsers) checks that reading them takes time in
 * proportion to their size. A quadratic reader on one of these takes seconds or more where a linear one takes
 * milliseconds.
 */
import { capturedText } from './gpu-tools/captured';
import { regexBombDescription } from './upnp-device/upnp-device';

export { regexBombDescription };

/**
 * A real Apple M5 Pro `ioreg` output whose IOReportLegend line repeats its group `copies` times (100: ≈ 42 kB), the
 * output as captured, and the long line's length.
 */
export function ioregLongLegend(copies: number): { text: string; plain: string; legendChars: number } {
  const plain = capturedText('ioreg', 'apple-m5-pro.txt');
  const legend = plain.split('\n').find((l) => l.includes('"IOReportLegend"'))!;
  const group = legend.slice(legend.indexOf('({') + 1, legend.lastIndexOf('})') + 1);
  const long = legend.replace(group, Array.from({ length: copies }, () => group).join(','));
  return { text: plain.replace(legend, long), plain, legendChars: long.length };
}

/** One `ioreg` accelerator entry with the given property lines. */
export function ioregEntry(className: string, ...props: string[]): string {
  return [
    `+-o ${className}  <class ${className}, id 0x100000771, registered, matched, active, busy 0 (1 ms), retain 9>`,
    '    {',
    ...props.map((p) => `      ${p}`),
    '    }',
    '    ',
    '',
  ].join('\n');
}

/** An accelerator whose PerformanceStatistics say 8 % and then nest `levels` dictionaries that never close. */
export function ioregDeep(levels: number): string {
  return ioregEntry(
    'AGXAcceleratorG13X',
    `"PerformanceStatistics" = {"Device Utilization %"=8,"n"=${'{"a"='.repeat(levels)}1}`,
  );
}

/** rocm-smi JSON with `levels` nested arrays in a card, closed or never closed. */
export function rocmDeep(levels: number, closed: boolean): string {
  return `{"card0": ${'['.repeat(levels)}${closed ? ']'.repeat(levels) : ''}${closed ? '}' : ''}`;
}

/** An nvidia-smi XML document with `gpuInner` in its one GPU. */
export function nvidiaDoc(gpuInner: string, more = ''): string {
  return `<?xml version="1.0" ?>\n<nvidia_smi_log>\n<gpu id="00000000:01:00.0">${gpuInner}</gpu>${more}\n</nvidia_smi_log>\n`;
}

/** nvidia-smi XML that opens `levels` elements and closes none. */
export const nvidiaDeep = (levels: number): string => `<nvidia_smi_log>${'<a>'.repeat(levels)}`;

/** nvidia-smi XML with a product name of `chars` letters. */
export const nvidiaLongName = (chars: number): string => nvidiaDoc(`<product_name>${'A'.repeat(chars)}</product_name>`);

/** A JSON object whose one string is `escapes` backslash escapes. */
export const jsonOfEscapes = (escapes: number): Buffer => Buffer.from(`{"a":"${'\\n'.repeat(escapes)}"}`);
