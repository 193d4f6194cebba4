import { describe, expect, it } from 'vitest';
import { decodedSize, judgeAudio, mp3DurationMs, sniffContainer, wavDurationMs } from '@engine/backends/audio-bounds';
import { mp3Clip, wavClip } from '../../support/audio-clips';

const CAPS = { maxAudioBytes: 4 * 1024 * 1024, maxAudioMs: 10 * 60_000 };

describe('audio bounds', () => {
  it('reads the decoded size from the base64 length, padding included', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000, 1001, 1002]) {
      const b64 = Buffer.alloc(n, 7).toString('base64');
      expect(decodedSize(b64)).toBe(n);
    }
  });

  it('refuses audio over the byte cap from its length alone, before looking at a single character', () => {
    // Not base64 at all: a size refusal that decoded first would say "not valid base64" instead.
    const huge = '!'.repeat(Math.ceil((CAPS.maxAudioBytes + 3) / 3) * 4);
    const v = judgeAudio(huge, CAPS);
    expect(v).toMatchObject({ ok: false, tooLarge: true });
  });

  it('refuses base64 that is not strict (wrong alphabet, missing padding, whitespace)', () => {
    for (const bad of ['abc', 'ab=c', 'a b=', 'YWJj\n', '****'])
      expect(judgeAudio(bad, CAPS)).toMatchObject({ ok: false, tooLarge: false });
  });

  it('tells the containers apart by their first bytes, whatever the file is called', () => {
    const head = (s: string) => Buffer.concat([Buffer.from(s, 'latin1'), Buffer.alloc(12)]);
    expect(sniffContainer(wavClip(10))).toBe('wav');
    expect(sniffContainer(mp3Clip(100))).toBe('mp3');
    expect(sniffContainer(Buffer.from([0xff, 0xfb, 0x90, 0x00]))).toBe('mp3');
    expect(sniffContainer(head('OggS'))).toBe('ogg');
    expect(sniffContainer(head('fLaC'))).toBe('flac');
    expect(sniffContainer(head('\0\0\0\x20ftypM4A '))).toBe('mp4');
    expect(sniffContainer(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0]))).toBe('webm');
    expect(sniffContainer(Buffer.from('hello there'))).toBe('unknown');
  });

  it('measures a WAV exactly from its byte rate and data size', () => {
    expect(wavDurationMs(wavClip(1500))).toBe(1500);
    expect(wavDurationMs(wavClip(250, 48_000))).toBe(250);
  });

  it('estimates an MP3 from its first frame bitrate, past the ID3 tag', () => {
    // 128 kbit/s = 16 000 bytes a second: 16 020 bytes, 20 of them the tag, play one second.
    expect(mp3DurationMs(mp3Clip(16_020))).toBe(1000);
    expect(mp3DurationMs(Buffer.from('ID3\x04\0\0\0\0\0\0nothing', 'latin1'))).toBeNull();
  });

  it('counts a variable-bitrate MP3 by the frames its Xing, Info or VBRI header says, not its first bitrate', () => {
    // The first frame says 320 kbit/s, MPEG-1 at 44.1 kHz: 1 152 samples a frame.
    const xing = mp3Clip(4_000, 14);
    xing.write('Xing', 20 + 4 + 32, 'latin1');
    xing.writeUInt32BE(1, 20 + 4 + 32 + 4); // flags: frames present
    xing.writeUInt32BE(44_100, 20 + 4 + 32 + 8);
    expect(mp3DurationMs(xing)).toBe(1152 * 1000);
    const info = Buffer.from(xing);
    info.write('Info', 56, 'latin1');
    expect(mp3DurationMs(info)).toBe(1152 * 1000);
    // No frame count in the flags: the bitrate estimate, 3 980 bytes at 40 000 bytes a second.
    info.writeUInt32BE(0, 60);
    expect(mp3DurationMs(info)).toBe(99.5);
    const vbri = mp3Clip(4_000, 14);
    vbri.write('VBRI', 20 + 4 + 32, 'latin1');
    vbri.writeUInt32BE(441, 20 + 4 + 32 + 14);
    expect(mp3DurationMs(vbri)).toBe(11_520);
  });

  it('refuses a variable-bitrate MP3 whose frame count plays over the cap, whatever its first frame claims', () => {
    const clip = mp3Clip(4_000, 14);
    clip.write('Xing', 56, 'latin1');
    clip.writeUInt32BE(1, 60);
    clip.writeUInt32BE(30_000, 64); // 30 000 frames of 1 152 samples at 44.1 kHz: about 784 s
    const v = judgeAudio(clip.toString('base64'), CAPS);
    expect(v).toMatchObject({ ok: false, tooLarge: true });
    expect(v.ok ? '' : v.message).toMatch(/783673 ms/);
  });

  it('refuses a WAV that plays longer than the cap though its bytes are within it', () => {
    // At 1 000 bytes a second, 11 minutes take 660 kB: far within the byte cap, over the duration cap.
    const clip = wavClip(11 * 60_000, 1_000);
    expect(clip.length).toBeLessThan(CAPS.maxAudioBytes);
    const v = judgeAudio(clip.toString('base64'), CAPS);
    expect(v).toMatchObject({ ok: false, tooLarge: true });
    expect(v.ok ? '' : v.message).toMatch(/660000 ms/);
  });

  it('passes audio within the caps with what it found', () => {
    const v = judgeAudio(wavClip(2000).toString('base64'), CAPS);
    expect(v).toMatchObject({ ok: true, audio: { container: 'wav', durationMs: 2000 } });
    const other = judgeAudio(Buffer.from('OggS and more bytes').toString('base64'), CAPS);
    expect(other).toMatchObject({ ok: true, audio: { container: 'ogg', durationMs: null } });
  });
});
