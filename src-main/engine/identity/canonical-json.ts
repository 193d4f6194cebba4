/**
 * The directory's canonical JSON, byte for byte: what it hashes before it signs an event. The production directory
 * sorts object keys (recursively) and calls PHP's `json_encode` with unescaped slashes and Unicode, so this writes
 * what that function writes: PHP's number forms (`1.0e-5`, no `.0` on whole numbers), `\u2028`/`\u2029` escaped, an
 * empty object as `[]`. Any other form would make every signature look broken.
 */

/** PHP's `json_encode` of a double with `serialize_precision = -1` (the shortest digits that read back the same). */
export function phpNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError('JSON has no form for a non-finite number');
  if (Object.is(x, -0)) return '-0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  // toExponential() without an argument gives the shortest round-trip digits, as PHP's zend_gcvt in mode 0 does.
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const e = Number(exp);
  // PHP's decimal point position: the value is 0.<digits> × 10^decpt.
  const decpt = e + 1;
  let out: string;
  if (decpt < -3 || decpt > 17) {
    const sign = e < 0 ? '-' : '+';
    out = `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}e${sign}${Math.abs(e)}`;
  } else if (decpt <= 0) {
    out = `0.${'0'.repeat(-decpt)}${digits}`;
  } else if (decpt >= digits.length) {
    out = digits + '0'.repeat(decpt - digits.length);
  } else {
    out = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  return negative ? `-${out}` : out;
}

/** PHP's string escaping with JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES. */
export function phpString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

/**
 * The canonical form of a value read from the directory's JSON: objects with their keys in byte order (PHP's
 * `ksort` for the keys a payload has), arrays in their order, an empty object as PHP's empty array.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > 64) throw new RangeError('JSON nested too deep');
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return phpNumber(value);
    case 'string':
      return phpString(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
      const keys = Object.keys(value).sort(byteOrder);
      if (keys.length === 0) return '[]';
      // PHP turns an object whose keys are exactly 0..n-1 into a list when it decodes it for sorting.
      if (keys.every((k, i) => k === String(i)))
        return `[${keys.map((k) => canonicalJson((value as Record<string, unknown>)[k], depth + 1)).join(',')}]`;
      return `{${keys.map((k) => `${phpString(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`JSON has no form for ${typeof value}`);
  }
}

/** Keys compared as PHP compares them for the ASCII names payloads use: by bytes (UTF-16 units for the rest). */
const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
