import { join } from 'node:path';
import { RotatingFile } from './rotating-file';

/** `YYYY-MM-DDTHH:MM:SSZ`, the reference CLI's timestamp form. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
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
    this.text = new RotatingFile(join(logDir, `${nodeId}.log`), maxBytes);
  }

  write(event: string, details: string): void {
    const ts = isoSeconds(this.now());
    const clean = this.redact(details).replace(/"/g, "'").replace(/[\r\n]+/g, ' ');
    this.jsonl.append(`${JSON.stringify({ ts, event, node_id: this.nodeId, details: clean })}\n`);
    this.text.append(`${ts} [${event}] node=${this.nodeId} ${clean}\n`);
  }

  private redact(details: string): string {
    let out = details;
    for (const s of this.secrets()) {
      if (s && s.length >= 8) out = out.split(s).join('[redacted]');
    }
    return out;
  }
}
