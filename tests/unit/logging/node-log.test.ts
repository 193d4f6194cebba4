/**
 * The node's two log files, ported from the reference CLI's `node_log.rs`: `events.jsonl`
 * for third-party parsers and the human `<node_id>.log`, rotated at a size limit keeping three
 * generations, never holding a secret, and never taking the node down when the disk refuses a line. Lines are
 * written asynchronously through one open descriptor per file: a test awaits `settled()` (or `close()`) before it
 * reads a file.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isoSeconds, NodeLog } from '@engine/logging/node-log';
import { RECHECK_MS, RotatingFile } from '@engine/logging/rotating-file';
import { tempDir } from '../../support/tmp';

const NODE_ID = '3b1f2a9c-5d4e-4f60-8a7b-9c0d1e2f3a4b';
const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const fixedClock = () => new Date('2025-03-04T05:06:07.890Z');

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('NodeLog', () => {
  let dir: string;
  let cleanup: () => void;
  let logDir: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-log-'));
    logDir = join(dir, 'logs');
  });
  afterEach(() => cleanup());

  const jsonlPath = () => join(logDir, 'events.jsonl');
  const textPath = () => join(logDir, `${NODE_ID}.log`);

  it('creates_log_files', async () => {
    const log = new NodeLog(logDir, NODE_ID, () => []);
    log.write('serve_start', 'port=9484');
    await log.settled();
    expect(existsSync(jsonlPath())).toBe(true);
    expect(existsSync(textPath())).toBe(true);
    if (process.platform !== 'win32') {
      expect(statSync(logDir).mode & 0o777).toBe(0o700);
      expect(statSync(jsonlPath()).mode & 0o777).toBe(0o600);
      expect(statSync(textPath()).mode & 0o777).toBe(0o600);
    }
  });

  it('text_log_contains_event', async () => {
    const log = new NodeLog(logDir, NODE_ID, () => [], fixedClock);
    log.write('heartbeat_ok', 'seq=12');
    log.write('register_fail', 'status=503');
    await log.settled();
    expect(lines(textPath())).toEqual([
      `2025-03-04T05:06:07Z [heartbeat_ok] node=${NODE_ID} seq=12`,
      `2025-03-04T05:06:07Z [register_fail] node=${NODE_ID} status=503`,
    ]);
  });

  it('jsonl_is_valid_json', async () => {
    const log = new NodeLog(logDir, NODE_ID, () => []);
    log.write('serve_start', 'port=9484');
    log.write('register_fail', 'error="bad gateway" endpoint=https://x.example');
    log.write('heartbeat_fail', 'line one\nline two\r\nline three');
    log.write('heartbeat_ok', '');
    await log.settled();

    const parsed = lines(jsonlPath()).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toHaveLength(4);
    for (const entry of parsed) {
      expect(Object.keys(entry)).toEqual(['ts', 'event', 'node_id', 'details']);
      expect(entry.ts).toMatch(TS);
      expect(entry.node_id).toBe(NODE_ID);
      expect(typeof entry.details).toBe('string');
      expect(entry.details as string).not.toContain('"');
    }
    expect(parsed.map((e) => e.event)).toEqual(['serve_start', 'register_fail', 'heartbeat_fail', 'heartbeat_ok']);
    expect(parsed[1]!.details).toBe("error='bad gateway' endpoint=https://x.example");
    expect(parsed[2]!.details).toBe('line one line two line three');
  });

  it('flattens every control character and whole escape sequences, and drops bidi overrides, so each entry stays one line in both files', async () => {
    const log = new NodeLog(logDir, NODE_ID, () => [], fixedClock);
    log.write('problem', 'red \u001b[31mALERT\u001b[0m\ttab\u2028sep\u2029end\u0000nul \u202egnp.exe\u202c');
    await log.settled();
    const text = lines(textPath());
    expect(text).toHaveLength(1);
    expect(text[0]).toBe(`2025-03-04T05:06:07Z [problem] node=${NODE_ID} red  ALERT  tab sep end nul gnp.exe`);
    expect((JSON.parse(lines(jsonlPath())[0]!) as { details: string }).details).toBe(
      'red  ALERT  tab sep end nul gnp.exe',
    );
  });

  it('appends to the files an earlier run left', async () => {
    const first = new NodeLog(logDir, NODE_ID, () => []);
    first.write('serve_start', 'first run');
    await first.close();
    const second = new NodeLog(logDir, NODE_ID, () => []);
    second.write('serve_start', 'second run');
    await second.close();
    expect(lines(textPath()).map((l) => l.split(' ').slice(-2).join(' '))).toEqual(['first run', 'second run']);
    expect(lines(jsonlPath())).toHaveLength(2);
  });

  it('a flood of one event is counted, not written line by line, and other events still get their lines', async () => {
    let ms = Date.parse('2025-03-04T05:06:07Z');
    const clock = () => new Date(ms);
    const log = new NodeLog(logDir, NODE_ID, () => [], clock);
    for (let i = 0; i < 5_000; i++) {
      log.write('relay_plaintext_refused', `call=${i}`);
      ms += 3; // 15 s of a flood
    }
    log.write('serve_start', 'port=9484');
    await log.settled();
    const parsed = () =>
      lines(jsonlPath()).map((l) => JSON.parse(l) as { event: string; details: string; repeated?: number });
    // The burst allowance, then nothing more until a minute passed; the other event is written at once.
    expect(parsed().filter((e) => e.event === 'relay_plaintext_refused')).toHaveLength(20);
    expect(parsed().at(-1)).toMatchObject({ event: 'serve_start' });
    // The next occurrence after the minute writes the count of what was held back, then itself.
    ms += 60_000;
    log.write('relay_plaintext_refused', 'call=5000');
    await log.settled();
    const [summary, next] = parsed().slice(-2);
    expect(summary).toMatchObject({ event: 'relay_plaintext_refused', repeated: 4_980 });
    expect(summary!.details).toContain('repeated 4980 more times since 2025-03-04T05:06:07Z');
    expect(next).toMatchObject({ event: 'relay_plaintext_refused', details: 'call=5000' });
    expect(next!.repeated).toBeUndefined();
    // Every occurrence is accounted for: lines written plus the counts they stand for.
    const refused = parsed().filter((e) => e.event === 'relay_plaintext_refused');
    expect(refused.reduce((n, e) => n + (e.repeated ?? 1), 0)).toBe(5_001);
    expect(lines(textPath()).some((l) => l.endsWith('(×4980)'))).toBe(true);
  });

  it('repeats held back at the end are written when the log is flushed', async () => {
    let ms = Date.parse('2025-03-04T05:06:07Z');
    const log = new NodeLog(
      logDir,
      NODE_ID,
      () => [],
      () => new Date(ms),
    );
    for (let i = 0; i < 25; i++) log.write('heartbeat_fail', `status=503 #${i}`);
    ms += 1_000;
    log.flush();
    await log.settled();
    const last = JSON.parse(lines(jsonlPath()).at(-1)!) as { event: string; repeated?: number };
    expect(last).toMatchObject({ event: 'heartbeat_fail', repeated: 5 });
    log.flush();
    await log.settled();
    expect(lines(jsonlPath())).toHaveLength(21);
  });

  it('rotation_on_size_limit', async () => {
    const maxBytes = 600;
    // A minute apart: each line is within the event's allowance, none is counted as a repeat.
    let minute = 0;
    const everyMinute = () => new Date(Date.parse('2025-03-04T05:06:07Z') + minute++ * 61_000);
    const log = new NodeLog(logDir, NODE_ID, () => [], everyMinute, maxBytes);
    for (let i = 0; i < 200; i++) log.write('heartbeat_ok', `seq=${i}`);
    await log.settled();

    for (const base of [jsonlPath(), textPath()]) {
      for (const gen of ['', '.1', '.2', '.3']) {
        expect(existsSync(`${base}${gen}`), `${base}${gen}`).toBe(true);
        expect(statSync(`${base}${gen}`).size).toBeLessThanOrEqual(maxBytes);
      }
      expect(existsSync(`${base}.4`)).toBe(false);
    }
    expect(readdirSync(logDir).sort()).toEqual(
      ['events.jsonl', `${NODE_ID}.log`].flatMap((f) => [f, `${f}.1`, `${f}.2`, `${f}.3`]).sort(),
    );
    // Newest in the live file, then .1, .2, .3 going back in time, with no gap between generations.
    const seqs = (path: string) => lines(path).map((l) => Number(/seq=(\d+)/.exec(l)![1]));
    const live = seqs(textPath());
    expect(live.at(-1)).toBe(199);
    expect(seqs(`${textPath()}.1`).at(-1)).toBe(live[0]! - 1);
    expect(seqs(`${textPath()}.2`).at(-1)).toBe(seqs(`${textPath()}.1`)[0]! - 1);
    expect(seqs(`${textPath()}.3`).at(-1)).toBe(seqs(`${textPath()}.2`)[0]! - 1);
    // Every rotated generation still parses line by line.
    for (const gen of ['', '.1', '.2', '.3'])
      for (const l of lines(`${jsonlPath()}${gen}`)) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('rotates at 10 MiB by default, keeping three generations', async () => {
    const file = new RotatingFile(join(logDir, 'big.log'));
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 10 * 1024; i++) file.append(line); // exactly 10 MiB
    await file.settled();
    expect(statSync(join(logDir, 'big.log')).size).toBe(10 * 1024 * 1024);
    expect(existsSync(join(logDir, 'big.log.1'))).toBe(false);
    file.append(line);
    await file.close();
    expect(statSync(join(logDir, 'big.log.1')).size).toBe(10 * 1024 * 1024);
    expect(statSync(join(logDir, 'big.log')).size).toBe(1024);
  });

  it('iso_now_format', () => {
    expect(isoSeconds(new Date('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02T03:04:05Z');
    expect(isoSeconds(new Date('1999-12-31T23:59:59.999Z'))).toBe('1999-12-31T23:59:59Z');
    expect(isoSeconds(new Date())).toMatch(TS);
    // Always UTC, whatever the local time zone.
    expect(isoSeconds(new Date(Date.UTC(2025, 5, 6, 7, 8, 9)))).toBe('2025-06-06T07:08:09Z');
  });

  describe('secrets', () => {
    const TOKEN = 'tok_a1b2c3d4e5f6a7b8c9d0';
    const API_KEY = 'sk-local-0123456789abcdef';

    it('masks every known secret as [redacted] in both files', async () => {
      const log = new NodeLog(logDir, NODE_ID, () => [TOKEN, null, API_KEY], fixedClock);
      log.write('register_fail', `sent token=${TOKEN} and Bearer ${API_KEY}, twice: ${TOKEN}`);
      await log.settled();
      for (const path of [jsonlPath(), textPath()]) {
        const content = readFileSync(path, 'utf8');
        expect(content).not.toContain(TOKEN);
        expect(content).not.toContain(API_KEY);
        expect(content).toContain('sent token=[redacted] and Bearer [redacted], twice: [redacted]');
      }
    });

    it('masks a secret that contains another one completely', async () => {
      const inner = 'abcdefgh12';
      const outer = `${inner}-and-more-secret`;
      const log = new NodeLog(logDir, NODE_ID, () => [inner, outer]);
      log.write('register_fail', `key=${outer}`);
      await log.settled();
      const content = readFileSync(textPath(), 'utf8');
      expect(content).toContain('key=[redacted]');
      expect(content).not.toContain('-and-more-secret');
    });

    it('reads the secrets at every write, so a rotated token is masked too', async () => {
      let current = 'tok_first_value_123';
      const log = new NodeLog(logDir, NODE_ID, () => [current]);
      current = 'tok_second_value_456';
      log.write('reregister_ok', `token=${current}`);
      await log.settled();
      expect(readFileSync(textPath(), 'utf8')).toContain('token=[redacted]');
    });

    it('leaves short values alone (masking them would garble ordinary words)', async () => {
      const log = new NodeLog(logDir, NODE_ID, () => ['abc']);
      log.write('serve_start', 'abc port=1');
      await log.settled();
      expect(readFileSync(textPath(), 'utf8')).toContain('abc port=1');
    });

    it('drops the line rather than write it unmasked when the secrets cannot be read', async () => {
      const log = new NodeLog(logDir, NODE_ID, () => {
        throw new Error('secrets file became unreadable');
      });
      expect(() => log.write('register_fail', `token=${TOKEN}`)).not.toThrow();
      await log.settled();
      expect(existsSync(textPath()) ? readFileSync(textPath(), 'utf8') : '').not.toContain(TOKEN);
    });
  });

  describe('a disk that refuses the write', () => {
    it('a log folder that cannot be created (its parent is a file) does not stop the node', () => {
      writeFileSync(join(dir, 'not-a-folder'), '');
      let log: NodeLog | undefined;
      expect(() => (log = new NodeLog(join(dir, 'not-a-folder', 'logs'), NODE_ID, () => []))).not.toThrow();
      expect(() => log!.write('serve_start', 'port=1')).not.toThrow();
    });

    it('a log file replaced by a folder swallows the write', async () => {
      let ms = Date.parse('2025-03-04T05:06:07Z');
      const log = new NodeLog(
        logDir,
        NODE_ID,
        () => [],
        () => new Date(ms),
      );
      log.write('serve_start', 'port=1');
      await log.settled();
      rmSync(textPath());
      mkdirSync(textPath());
      ms += RECHECK_MS; // the file at the path is looked at again (at most once a second)
      expect(() => log.write('heartbeat_ok', 'seq=1')).not.toThrow();
      await log.settled();
      // The other file still gets its line.
      expect(lines(jsonlPath())).toHaveLength(2);
    });

    it.skipIf(process.platform === 'win32' || isRoot)(
      'a read-only log folder swallows the write (root would write anyway)',
      () => {
        mkdirSync(logDir, { recursive: true });
        const log = new NodeLog(logDir, NODE_ID, () => []);
        chmodSync(logDir, 0o500);
        try {
          expect(() => log.write('serve_start', 'port=1')).not.toThrow();
          expect(existsSync(textPath())).toBe(false);
        } finally {
          chmodSync(logDir, 0o700);
        }
      },
    );

    it('a log folder deleted while running is recreated on the next line once it is looked at again (at most a second later)', async () => {
      let ms = Date.parse('2025-03-04T05:06:07Z');
      const log = new NodeLog(
        logDir,
        NODE_ID,
        () => [],
        () => new Date(ms),
      );
      log.write('serve_start', 'port=1');
      await log.settled();
      rmSync(logDir, { recursive: true });
      ms += RECHECK_MS;
      log.write('heartbeat_ok', 'seq=1');
      await log.settled();
      expect(lines(textPath())).toHaveLength(1);
    });

    it('a broken clock (Invalid Date) drops the line instead of throwing', () => {
      const log = new NodeLog(
        logDir,
        NODE_ID,
        () => [],
        () => new Date(Number.NaN),
      );
      expect(() => log.write('serve_start', 'port=1')).not.toThrow();
    });

    it('a node id that is not a plain file name cannot move the human log out of the folder', () => {
      const log = new NodeLog(logDir, '../escaped', () => []);
      log.write('serve_start', 'port=1');
      expect(existsSync(join(dir, 'escaped.log'))).toBe(false);
      expect(existsSync(join(logDir, 'node.log'))).toBe(true);
    });
  });
});
