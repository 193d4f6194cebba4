/**
 * multipart/form-data (RFC 7578) read as its bytes arrive, within caps: an app's upload to `/v1/audio/transcriptions`.
 * No library in the app's dependencies parses it (busboy and formidable are not among them), and the form apps send is
 * small: text fields and one file. The reader keeps only what it has not yet placed — a part's bytes go to the part as
 * soon as they cannot be the start of the next delimiter — so a boundary split anywhere between two chunks, and a
 * chunked body without a Content-Length (the `openai` package's streamed uploads), read the same as one buffer.
 */

/** One field of the form: a text field (`filename` null) or a file. */
export interface FormPart {
  name: string;
  /** The file's name as the app gave it (the `openai` package's `unknown_file` when it had none); null: a field. */
  filename: string | null;
  /** The part's own Content-Type, when it has one (any value: apps send `application/octet-stream` or nothing). */
  contentType: string | null;
  data: Buffer;
}

export type FormRead =
  { ok: true; parts: FormPart[] } | { ok: false; problem: 'too_large' | 'malformed'; message: string };

export interface FormCaps {
  /** Most bytes all the parts' contents may hold together. */
  maxBytes: number;
  /** Most parts the form may hold. */
  maxParts: number;
}

/** A part's headers longer than this are not a form's. */
const MAX_HEADER_BYTES = 16 * 1024;

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

/**
 * The boundary named in a request's Content-Type, or null when it is not multipart/form-data with one (RFC 2046
 * §5.1.1: 1 to 70 characters, quoted or not).
 */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const [type, ...params] = contentType.split(';');
  if (type!.trim().toLowerCase() !== 'multipart/form-data') return null;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0 || p.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let v = p.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    return v.length >= 1 && v.length <= 70 ? v : null;
  }
  return null;
}

/** A Content-Disposition parameter's value (`name`, `filename`), quoted or bare; null when absent. */
function dispositionParam(value: string, param: string): string | null {
  const re = new RegExp(`(?:^|;)\\s*${param}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
  const m = re.exec(value);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '');
}

type State = 'preamble' | 'after_delimiter' | 'headers' | 'body' | 'done';

/** One form being read: `push` each chunk as it comes, `end` once the body is complete. */
export class MultipartReader {
  private readonly first: Buffer;
  private readonly delimiter: Buffer;
  private pending: Buffer = Buffer.alloc(0);
  private state: State = 'preamble';
  private readonly parts: FormPart[] = [];
  private current: { name: string; filename: string | null; contentType: string | null; chunks: Buffer[] } | null =
    null;
  private bytes = 0;
  private failure: Extract<FormRead, { ok: false }> | null = null;

  constructor(
    boundary: string,
    private readonly caps: FormCaps,
  ) {
    this.first = Buffer.from(`--${boundary}`);
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  /** Takes the next chunk of the body; once the form is refused, the rest is ignored. */
  push(chunk: Uint8Array): void {
    if (this.failure || this.state === 'done') return;
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    this.run();
  }

  /** The form once the whole body was pushed, or why it is refused. */
  end(): FormRead {
    if (this.failure) return this.failure;
    if (this.state !== 'done') return this.fail('malformed', 'The form ends before its closing boundary.');
    return { ok: true, parts: this.parts };
  }

  private fail(problem: 'too_large' | 'malformed', message: string): Extract<FormRead, { ok: false }> {
    this.failure ??= { ok: false, problem, message };
    this.pending = Buffer.alloc(0);
    return this.failure;
  }

  private run(): void {
    for (;;) {
      if (this.failure) return;
      switch (this.state) {
        case 'preamble': {
          // The first delimiter may open the body or follow a preamble (which is ignored).
          if (
            this.pending.length >= this.first.length &&
            this.pending.subarray(0, this.first.length).equals(this.first)
          ) {
            this.pending = this.pending.subarray(this.first.length);
            this.state = 'after_delimiter';
            continue;
          }
          const at = this.pending.indexOf(this.delimiter);
          if (at < 0) {
            this.pending = this.pending.subarray(Math.max(0, this.pending.length - this.delimiter.length + 1));
            return;
          }
          this.pending = this.pending.subarray(at + this.delimiter.length);
          this.state = 'after_delimiter';
          continue;
        }
        case 'after_delimiter': {
          if (this.pending.length < 2) return;
          if (this.pending[0] === 0x2d && this.pending[1] === 0x2d) {
            this.state = 'done';
            this.pending = Buffer.alloc(0);
            return;
          }
          // Transport padding (spaces, tabs) may follow a delimiter before its line ends (RFC 2046).
          const eol = this.pending.indexOf(CRLF);
          if (eol < 0) {
            if (this.pending.length > 256) this.fail('malformed', 'A boundary line of the form does not end.');
            return;
          }
          if (!/^[ \t]*$/.test(this.pending.subarray(0, eol).toString('latin1')))
            return void this.fail('malformed', 'A boundary of the form is followed by other text.');
          this.pending = this.pending.subarray(eol + 2);
          this.state = 'headers';
          continue;
        }
        case 'headers': {
          // A part without headers starts at once with the empty line.
          const end = this.pending.subarray(0, 2).equals(CRLF) ? -2 : this.pending.indexOf(HEADERS_END);
          if (end === -1) {
            if (this.pending.length > MAX_HEADER_BYTES)
              this.fail('malformed', 'A part of the form has headers too long.');
            return;
          }
          const head = end === -2 ? '' : this.pending.subarray(0, end).toString('utf8');
          this.pending = this.pending.subarray(end === -2 ? 2 : end + 4);
          if (!this.open(head)) return;
          this.state = 'body';
          continue;
        }
        case 'body': {
          const at = this.pending.indexOf(this.delimiter);
          const upTo = at >= 0 ? at : Math.max(0, this.pending.length - this.delimiter.length + 1);
          if (upTo > 0 && !this.take(this.pending.subarray(0, upTo))) return;
          if (at < 0) {
            this.pending = this.pending.subarray(upTo);
            return;
          }
          this.pending = this.pending.subarray(at + this.delimiter.length);
          this.close();
          this.state = 'after_delimiter';
          continue;
        }
        case 'done':
          return;
      }
    }
  }

  /** A part's headers read: its name, file name and type; false when the form is refused. */
  private open(head: string): boolean {
    if (this.parts.length >= this.caps.maxParts) {
      this.fail('malformed', `The form holds more than ${this.caps.maxParts} parts.`);
      return false;
    }
    let disposition: string | null = null;
    let contentType: string | null = null;
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const field = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (field === 'content-disposition') disposition = value;
      else if (field === 'content-type') contentType = value;
    }
    const name = disposition && /^form-data\s*(;|$)/i.test(disposition) ? dispositionParam(disposition, 'name') : null;
    if (name === null) {
      this.fail('malformed', 'A part of the form has no Content-Disposition: form-data with a name.');
      return false;
    }
    this.current = { name, filename: dispositionParam(disposition!, 'filename'), contentType, chunks: [] };
    return true;
  }

  /** A piece of the current part's content, counted against the cap as it comes. */
  private take(piece: Buffer): boolean {
    this.bytes += piece.length;
    if (this.bytes > this.caps.maxBytes) {
      this.fail('too_large', `The form's contents are larger than ${this.caps.maxBytes} bytes.`);
      return false;
    }
    // Copied: `pending` may be a view of a chunk the reader later drops.
    this.current!.chunks.push(Buffer.from(piece));
    return true;
  }

  private close(): void {
    const c = this.current!;
    this.parts.push({ name: c.name, filename: c.filename, contentType: c.contentType, data: Buffer.concat(c.chunks) });
    this.current = null;
  }
}

/** A whole body read as one form (the listener has already read it within its own cap). */
export function readForm(body: Uint8Array, boundary: string, caps: FormCaps): FormRead {
  const reader = new MultipartReader(boundary, caps);
  reader.push(body);
  return reader.end();
}
