import { join } from 'node:path';
import { RotatingFile } from './rotating-file';
import type { EngineEventName } from '../../../src-preload/event-words';
import { withoutSteering } from '../../../src-preload/foreign-text';

/** `YYYY-MM-DDTHH:MM:SSZ`, the reference CLI's timestamp form. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * One line per entry whatever the details hold: line breaks (including U+2028/U+2029, which some
 * line-based readers split on), other control characters and whole terminal escape sequences — a backend's or a
 * directory's text would otherwise reach whoever runs `tail` on the human log — become spaces, and bidi overrides
 * and other invisible characters, which would make a line read differently from what it holds, are dropped.
 */
function flatten(text: string): string {
  return withoutSteering(text);
}

/**
 * The reference CLI's two log files (brief §10.2): `events.jsonl` with the stable event vocabulary for
 * third-party parsers, and a human `<node_id>.log`. Details are free text; every known secret is masked
 * before anything reaches the disk, as a last line of defence.
 */
export class NodeLog {
  private readonly jsonl: RotatingFile;
  private readonly text: RotatingFile;

  constructor(
    logDir: string,
    private readonly nodeId: string,
    private readonly secrets: () => (string | null)[],
    private readonly now: () => Date = () => new Date(),
    maxBytes?: number,
  ) {
    this.jsonl = new RotatingFile(join(logDir, 'events.jsonl'), maxBytes);
    // The node id names a file: it must not be able to point outside the log folder.
    const fileName = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/.test(nodeId) ? nodeId : 'node';
    this.text = new RotatingFile(join(logDir, `${fileName}.log`), maxBytes);
  }

  /** Never throws: a log line that cannot be written is dropped, the node keeps serving. */
  write(event: EngineEventName, details: string): void {
    try {
      const ts = isoSeconds(this.now());
      const clean = flatten(this.redact(details).replace(/"/g, "'"));
      const name = flatten(event);
      this.jsonl.append(`${JSON.stringify({ ts, event: name, node_id: this.nodeId, details: clean })}\n`);
      this.text.append(`${ts} [${name}] node=${this.nodeId} ${clean}\n`);
    } catch {
      // e.g. a broken clock (Invalid Date) or a secrets source that throws
    }
  }

  private redact(details: string): string {
    // Longest first: a secret that contains another must not be left half masked. Short values are
    // skipped because masking them would garble ordinary words without protecting anything.
    const secrets = this.secrets()
      .filter((s): s is string => typeof s === 'string' && s.length >= 8)
      .sort((a, b) => b.length - a.length);
    let out = details;
    for (const s of secrets) out = out.split(s).join('[redacted]');
    return out;
  }
}
