import { bareIp, classifyIp, type IpRange } from '../net';
import { escapeRegExp, PrivateNameMask, type PrivateNameKind, type PrivateNames } from './private-names';

/**
 * Masks what a diagnostics bundle or a saved log must not carry out of the computer: the node's own secrets
 * by value, and by shape whatever looks like one (JWTs, bearer tokens, `key=value` secrets, long hex or base64
 * keys), e-mail addresses, IP and MAC addresses, home-folder paths, and by value the person's private names (the
 * programs they run, their user name, the computer's name: `private-names.ts`) and this computer's own addresses.
 * Everything else stays readable, so the text still explains what happened: an IP becomes its kind
 * (`<ipv4:private>`), a home folder becomes `~`.
 *
 * One pass for a whole bundle: by value and shape in every string (keys too), and by field where a field is known
 * to hold a name (`fields`). Pure string work, no I/O; `Redactor` is built once per bundle with the values known at
 * that moment.
 */

export interface RedactOptions {
  /**
   * Secret values known by name (node token, HMAC key, CX private key, backend API key); masked wherever they occur.
   */
  secrets?: Readonly<Record<string, string | null | undefined>>;
  /** This user's home folder (`os.homedir()`); other users' home folders are recognised by shape. */
  home?: string | null;
  /**
   * Values that are known not to be secret but would look like one (the node id, model names such as
   * `DeepSeek-R1-Distill-Qwen-32B-GGUF`): left as they are.
   */
  keep?: readonly (string | null | undefined)[];
  /** The person's private names known by value: masked wherever they occur, by the rules of `private-names.ts`. */
  names?: PrivateNames;
  /** This computer's own addresses (its interfaces' IPs and MAC addresses): masked in their other spellings too. */
  addresses?: readonly (string | null | undefined)[];
  /**
   * Fields whose strings are names, by their dotted path in the value masked (`settings.ownerFirst.programs`; an
   * array's items share its path): masked whole, whatever they hold and however short.
   */
  fields?: Readonly<Record<string, PrivateNameKind>>;
}

const MIN_SECRET = 8;
const MIN_KEY = 32;

// Names whose value is a secret: `token=…`, `"api_key": "…"`, `Authorization: …`, `password=…`.
const SECRET_NAME = String.raw`(?:[A-Za-z0-9]+[_-])*(?:token|secret|password|passwd|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|hmac[_-]?key|authorization|auth|signature|credentials?)`;
const KEY_VALUE = new RegExp(
  String.raw`(?<![A-Za-z0-9])(${SECRET_NAME})(["']?\s*[:=]\s*["']?)(?!\[redacted|<|(?:Bearer|Basic)\s)([^\s"',;&)\]}]+)`,
  'gi',
);
const BEARER = /\b(Bearer|Basic)(\s+)(?!\[redacted)([A-Za-z0-9._~+/=-]{8,})/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
const PROGRAM = /\bprogram=\S+/g;
// `aa:bb:cc:dd:ee:ff` or `AA-BB-CC-DD-EE-FF`: one separator throughout, no longer run of hex or separators around it.
const MAC = /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])/g;
const HOME_SHAPES = [
  /(?<![\w.])\/home\/[^/\s"'`<>]+/g,
  /(?<![\w.])\/Users\/[^/\s"'`<>]+/g,
  /(?<![\w.])\/var\/home\/[^/\s"'`<>]+/g,
  /\b[A-Za-z]:[\\/]+(?:Users|Documents and Settings)[\\/]+[^\\/\s"'`<>]+/gi,
];
const IPV6_CANDIDATE =
  /(?<![A-Za-z0-9:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?:%[A-Za-z0-9._-]+)?(?![A-Za-z0-9:])/g;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d)/g;
const HEX_KEY = new RegExp(String.raw`(?<![A-Za-z0-9])[0-9A-Fa-f]{${MIN_KEY},}(?![A-Za-z0-9])`, 'g');
// base64url or standard base64: long runs of their alphabets that mix letter cases or letters and digits.
const B64_KEY = new RegExp(String.raw`(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{${MIN_KEY},}={0,2}(?![A-Za-z0-9+/=_-])`, 'g');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A path's segments are words (`node_modules/better-sqlite3/build/Release`); a key's are random case mixes.
const PATH_SEGMENT = /^(?:.{0,3}|[A-Za-z0-9]?[a-z0-9._-]*)$/;
// Placeholders for kept values: NUL cannot be typed into anything the node logs (NodeLog flattens it).
// eslint-disable-next-line no-control-regex -- matching the NUL placeholders is the point
const HOLD = /\u0000(\d+)\u0000/g;

/** The redaction's name of each range of `net/ip-kind.ts`, by family: the kind of an address, never which one. */
const V4_NAMES: Record<IpRange, string> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  cgnat: 'cgnat',
  link_local: 'link-local',
  unique_local: 'reserved',
  documentation: 'reserved',
  multicast: 'reserved',
  reserved: 'reserved',
  public: 'public',
};
const V6_NAMES: Record<IpRange, string> = {
  ...V4_NAMES,
  private: 'reserved',
  cgnat: 'reserved',
  unique_local: 'unique-local',
  public: 'global',
};

/**
 * What kind of address this is, without saying which one (`ipv4:private`, `ipv6:mapped-loopback`); the ranges are
 * net/'s.
 */
export function ipKind(address: string): string {
  const c = classifyIp(address);
  if (!c) return 'ip';
  if (c.mapped) return `ipv6:mapped-${V4_NAMES[c.range]}`;
  return c.family === 4 ? `ipv4:${V4_NAMES[c.range]}` : `ipv6:${V6_NAMES[c.range]}`;
}

function classes(s: string): number {
  return (/[A-Z]/.test(s) ? 1 : 0) + (/[a-z]/.test(s) ? 1 : 0) + (/\d/.test(s) ? 1 : 0);
}

function looksHarmless(candidate: string): boolean {
  if (classes(candidate) < 2 || UUID.test(candidate)) return true;
  return candidate.includes('/') && candidate.split('/').every((seg) => PATH_SEGMENT.test(seg));
}

/** The secret's usual spellings: as stored, and for a base64/base64url/hex key its other encodings. */
function spellings(value: string): string[] {
  const out = new Set([value]);
  if (/^[A-Za-z0-9_-]+={0,2}$/.test(value) && value.length >= 16) {
    const bytes = Buffer.from(value, 'base64url');
    if (bytes.length >= 16) {
      out.add(bytes.toString('base64'));
      out.add(bytes.toString('base64').replace(/=+$/, ''));
      out.add(bytes.toString('hex'));
      out.add(bytes.toString('hex').toUpperCase());
    }
  }
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length >= 16) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length >= 16) out.add(bytes.toString('base64url'));
  }
  if (/^[0-9a-fA-F]+$/.test(value) && value.length % 2 === 0 && value.length >= 32) {
    const bytes = Buffer.from(value, 'hex');
    out.add(value.toLowerCase());
    out.add(value.toUpperCase());
    out.add(bytes.toString('base64'));
    out.add(bytes.toString('base64url'));
  }
  return [...out].filter((s) => s.length >= MIN_SECRET);
}

/**
 * Only the scheme, host, port and path of a URL stay; userinfo becomes `[redacted]@`, a query `?[redacted]`, a fragment
 * goes.
 */
export function redactUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!m) return url;
  const [, scheme, authority = '', path = '', query, fragment] = m;
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? `[redacted]@${authority.slice(at + 1)}` : authority;
  return `${scheme}${host}${path}${query && query !== '?' ? '?[redacted]' : ''}${fragment && fragment !== '#' ? '#[redacted]' : ''}`;
}

export class Redactor {
  private readonly secrets: { name: string; value: string }[] = [];
  private readonly keep: string[];
  private readonly home: RegExp | null;
  private readonly names: PrivateNameMask;
  private readonly ownAddresses: { pattern: RegExp; mask: string }[];
  private readonly fields: ReadonlyMap<string, PrivateNameKind>;

  constructor(options: RedactOptions = {}) {
    for (const [name, value] of Object.entries(options.secrets ?? {})) {
      if (typeof value !== 'string' || value.length < MIN_SECRET) continue;
      for (const s of spellings(value)) this.secrets.push({ name, value: s });
    }
    // Longest first: a secret that contains another must not be left half masked.
    this.secrets.sort((a, b) => b.value.length - a.value.length);
    this.names = new PrivateNameMask(options.names);
    this.ownAddresses = (options.addresses ?? []).flatMap(addressSpellings);
    this.fields = new Map(Object.entries(options.fields ?? {}));
    // A kept value that holds a secret or a private name would carry it past the masks.
    this.keep = [...new Set((options.keep ?? []).filter((k): k is string => typeof k === 'string' && k.length >= 8))]
      .filter((k) => !this.secrets.some((s) => k.includes(s.value) || s.value.includes(k)) && !this.names.holdsBare(k))
      .sort((a, b) => b.length - a.length);
    const home = options.home?.replace(/[\\/]+$/, '');
    if (home && home.length > 1) {
      // Both slash directions (a Windows path may be written either way); case-insensitive like those file systems.
      const parts = home.split(/[\\/]+/).map(escapeRegExp);
      this.home = new RegExp(
        `${parts.join(String.raw`[\\/]+`)}(?![A-Za-z0-9_.-])`,
        process.platform === 'linux' ? 'g' : 'gi',
      );
    } else {
      this.home = null;
    }
  }

  /**
   * The text with every secret, key-like value, e-mail address, private name, IP and MAC address and home path masked.
   */
  text(input: string): string {
    if (input === '') return input;
    let out = input;
    for (const s of this.secrets) out = out.split(s.value).join(`[redacted:${s.name}]`);
    // Values known to be harmless are held aside so the shape rules below cannot touch them.
    const held: string[] = [];
    for (const k of this.keep) {
      if (!out.includes(k)) continue;
      out = out.split(k).join(`\u0000${held.length}\u0000`);
      held.push(k);
    }
    out = out.replace(URL_IN_TEXT, (u) => redactUrl(u));
    out = out.replace(JWT, '[redacted:jwt]');
    out = out.replace(BEARER, (_m, scheme: string, gap: string) => `${scheme}${gap}[redacted]`);
    out = out.replace(KEY_VALUE, (_m, name: string, sep: string) => `${name}${sep}[redacted]`);
    out = out.replace(EMAIL, '[redacted:email]');
    // The programs a person runs (a yield to the owner names them) are theirs alone.
    out = out.replace(PROGRAM, 'program=[redacted:program]');
    if (this.home) out = out.replace(this.home, '~');
    for (const shape of HOME_SHAPES) out = out.replace(shape, '<home>');
    // After the home folders, so a home path still becomes `~` rather than `/home/[redacted:user]`.
    out = this.names.mask(out);
    for (const a of this.ownAddresses) out = out.replace(a.pattern, a.mask);
    out = out.replace(MAC, '<mac>');
    out = out.replace(IPV6_CANDIDATE, (c) => (bareIp(c)?.family === 6 ? `<${ipKind(c)}>` : c));
    out = out.replace(IPV4, (c) => `<${ipKind(c)}>`);
    out = out.replace(HEX_KEY, '[redacted:hex]');
    out = out.replace(B64_KEY, (c) => (looksHarmless(c) ? c : '[redacted:key]'));
    return held.length ? out.replace(HOLD, (_m, i: string) => held[Number(i)] ?? '') : out;
  }

  /**
   * A deep copy with every string masked. A value under a name that says "secret" (`node_token`, `apiKey`,
   * `password`) is masked whole, whatever it looks like.
   */
  value<T>(input: T): T {
    return this.walk(input, null, '');
  }

  private walk<T>(v: T, key: string | null, path: string): T;
  private walk(v: unknown, key: string | null, path: string): unknown {
    if (typeof v === 'string') {
      if (key !== null && isSecretName(key) && v !== '') return '[redacted]';
      const field = this.fields.get(path);
      if (field && v !== '') return `[redacted:${field}]`;
      return this.text(v);
    }
    if (Array.isArray(v)) return v.map((x) => this.walk(x, null, path));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        out[this.text(k)] = this.walk(x, k, path ? `${path}.${k}` : k);
      return out;
    }
    return v;
  }
}

/**
 * This computer's own address in the spellings the shape rules miss: an IPv4 address written with dashes (host names
 * such as `ip-192-168-1-20`), a MAC address without separators or in dotted groups (`3c7c.3f1a.2b4c`).
 */
function addressSpellings(address: string | null | undefined): { pattern: RegExp; mask: string }[] {
  if (typeof address !== 'string') return [];
  const a = address.trim().replace(/%.*$/, '');
  const v = bareIp(a)?.family;
  if (v === 4)
    return [{ pattern: new RegExp(String.raw`(?<!\d)${a.split('.').join('-')}(?!\d)`, 'g'), mask: `<${ipKind(a)}>` }];
  if (v === 6)
    return [
      {
        pattern: new RegExp(String.raw`(?<![0-9A-Fa-f:])${escapeRegExp(a)}(?![0-9A-Fa-f:])`, 'gi'),
        mask: `<${ipKind(a)}>`,
      },
    ];
  const hex = a.replace(/[:.-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex) || /^0+$/.test(hex)) return [];
  const groups4 = hex.replace(/(.{4})(?=.)/g, '$1.');
  return [
    { pattern: new RegExp(String.raw`(?<![0-9A-Fa-f])${hex}(?![0-9A-Fa-f])`, 'gi'), mask: '<mac>' },
    { pattern: new RegExp(String.raw`(?<![0-9A-Fa-f.])${escapeRegExp(groups4)}(?![0-9A-Fa-f.])`, 'gi'), mask: '<mac>' },
  ];
}

const SECRET_KEY = new RegExp(`^${SECRET_NAME}$`, 'i');
const CAMEL_SECRET = /(?:Token|Secret|Password|ApiKey|PrivateKey|HmacKey)$/;

/** `node_token`, `apiKey`, `Authorization`, `password`: a name whose value is a secret. */
export function isSecretName(key: string): boolean {
  return SECRET_KEY.test(key) || CAMEL_SECRET.test(key);
}
