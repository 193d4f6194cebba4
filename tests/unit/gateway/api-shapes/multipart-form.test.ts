/**
 * The audio upload's form read as its bytes arrive: whole or in any pieces (a boundary split at every byte), chunked
 * uploads without a length, the `openai` package's `key[]` fields and nameless files, capped while reading; and the
 * transcription request it becomes (empty model none, numbers parsed, unknown fields refused in OpenAI's words).
 */
import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartReader, readForm } from '@engine/gateway/api-shapes/multipart-form';
import { transcriptBound, transcriptionAsk, wavSeconds } from '@engine/gateway/api-shapes/speech-asks';

const B = 'openai-9f8e7d6c5b4a';
const TYPE = `multipart/form-data; boundary=${B}`;
const AUDIO = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt \r\n--openai-9f8e7\r\n binary \x00\xff\r\n', 'latin1');

function form(fields: [string, string][], file?: { name?: string; type?: string; data: Buffer }): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of fields)
    parts.push(Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    const fn = file.name === undefined ? '' : `; filename="${file.name}"`;
    const ct = file.type === undefined ? '' : `\r\nContent-Type: ${file.type}`;
    parts.push(Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"${fn}${ct}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${B}--\r\n`));
  return Buffer.concat(parts);
}

const caps = { maxBytes: 1024 * 1024, maxParts: 16 };

describe('multipart form reader', () => {
  it('reads the boundary from the Content-Type, quoted or not', () => {
    expect(boundaryOf(TYPE)).toBe(B);
    expect(boundaryOf(`Multipart/Form-Data; charset=utf-8; boundary="${B}"`)).toBe(B);
    expect(boundaryOf('application/json')).toBeNull();
    expect(boundaryOf('multipart/form-data')).toBeNull();
  });

  it('reads the same form whatever byte each piece ends on, the boundary split at every byte', () => {
    const body = form(
      [
        ['model', 'whisper-1'],
        ['timestamp_granularities[]', 'segment'],
      ],
      {
        name: 'a.wav',
        type: 'audio/wav',
        data: AUDIO,
      },
    );
    const whole = readForm(body, B, caps);
    expect(whole.ok).toBe(true);
    for (let cut = 1; cut < body.length; cut++) {
      const r = new MultipartReader(B, caps);
      r.push(body.subarray(0, cut));
      r.push(body.subarray(cut));
      expect(r.end(), `cut at ${cut}`).toEqual(whole);
    }
    // And one byte at a time, as a slow chunked upload arrives.
    const r = new MultipartReader(B, caps);
    for (const byte of body) r.push(Buffer.of(byte));
    expect(r.end()).toEqual(whole);
    if (!whole.ok) return;
    expect(whole.parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['model', null, null],
      ['timestamp_granularities[]', null, null],
      ['file', 'a.wav', 'audio/wav'],
    ]);
    expect(whole.parts[2]!.data.equals(AUDIO)).toBe(true);
  });

  it('takes a file part with no Content-Type and a name like unknown_file', () => {
    const r = readForm(form([], { name: 'unknown_file', data: AUDIO }), B, caps);
    expect(r).toMatchObject({ ok: true, parts: [{ name: 'file', filename: 'unknown_file', contentType: null }] });
  });

  it('refuses a form whose contents pass the cap as soon as they do, before the rest is read', () => {
    const r = new MultipartReader(B, { maxBytes: 100, maxParts: 16 });
    const body = form([], { name: 'a.wav', data: Buffer.alloc(5000, 7) });
    r.push(body.subarray(0, 400));
    expect(r.end()).toMatchObject({ ok: false, problem: 'too_large' });
  });

  it('refuses a form cut before its closing boundary, and a part without a name', () => {
    const body = form([['model', 'm']]);
    expect(readForm(body.subarray(0, body.length - 6), B, caps)).toMatchObject({ ok: false, problem: 'malformed' });
    const nameless = Buffer.from(`--${B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${B}--\r\n`);
    expect(readForm(nameless, B, caps)).toMatchObject({ ok: false, problem: 'malformed' });
  });
});

describe('a transcription request', () => {
  it('becomes the transcribe payload: audio in base64, an empty model none, numbers parsed, json by default', () => {
    const body = form(
      [
        ['model', ''],
        ['language', 'de'],
        ['temperature', '0.2'],
      ],
      { name: 'voice.webm', type: 'audio/webm', data: AUDIO },
    );
    const r = transcriptionAsk(TYPE, body);
    expect(r).toEqual({
      ok: true,
      ask: {
        route: 'openai.transcription',
        intent: 'urn:iicp:intent:audio:transcribe:v1',
        model: null,
        payload: {
          audio: AUDIO.toString('base64'),
          filename: 'voice.webm',
          language: 'de',
          response_format: 'json',
          temperature: 0.2,
        },
        reply: { transcriptFormat: 'json' },
        uncounted: 'audio',
        answerBound: transcriptBound(AUDIO),
      },
    });
  });

  it('refuses a form without a file, an unknown field in OpenAI’s words, words timestamps and a stream', () => {
    expect(transcriptionAsk(TYPE, form([['model', 'whisper-1']]))).toMatchObject({ status: 400, param: 'file' });
    const file = { name: 'a.wav', data: AUDIO };
    expect(transcriptionAsk(TYPE, form([['include[]', 'logprobs']], file))).toMatchObject({
      status: 400,
      code: 'unsupported_field',
      message: 'Unrecognized request argument supplied: include[]',
      param: 'include[]',
    });
    expect(transcriptionAsk(TYPE, form([['timestamp_granularities[]', 'word']], file))).toMatchObject({
      code: 'unsupported_field',
      param: 'timestamp_granularities[]',
    });
    expect(transcriptionAsk(TYPE, form([['stream', 'true']], file))).toMatchObject({ param: 'stream' });
    expect(transcriptionAsk(TYPE, form([['stream', 'false']], file)).ok).toBe(true);
    expect(transcriptionAsk(TYPE, form([['response_format', 'diarized_json']], file))).toMatchObject({
      param: 'response_format',
    });
    expect(transcriptionAsk(TYPE, form([['temperature', 'hot']], file))).toMatchObject({ param: 'temperature' });
    expect(transcriptionAsk('application/json', Buffer.from('{}'))).toMatchObject({ status: 400 });
  });

  it('plans a transcript’s length from a WAV header’s seconds, else from the audio’s bytes', () => {
    const wav = Buffer.alloc(44 + 320_000);
    wav.write('RIFF', 0, 'latin1');
    wav.write('WAVEfmt ', 8, 'latin1');
    wav.writeUInt32LE(16, 16);
    wav.writeUInt32LE(32_000, 28);
    wav.write('data', 36, 'latin1');
    wav.writeUInt32LE(320_000, 40);
    expect(wavSeconds(wav)).toBe(10);
    expect(transcriptBound(wav)).toBe(10 * 5 + 32);
    wav.writeUInt32LE(0xffffffff, 40); // a streaming writer's unknown size: the bytes that came
    expect(wavSeconds(wav)).toBe(10);
    expect(wavSeconds(Buffer.from('OggS not a wav at all'))).toBeNull();
    expect(transcriptBound(Buffer.alloc(1500))).toBe(10 + 32);
  });

  it('refuses an upload over the cap with 413 about the file', () => {
    const big = form([], { name: 'a.wav', data: Buffer.alloc(4 * 1024 * 1024 + 1) });
    expect(transcriptionAsk(TYPE, big)).toMatchObject({ ok: false, status: 413, param: 'file' });
  });
});
