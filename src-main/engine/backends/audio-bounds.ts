/**
 * A transcription's audio judged before the speech server sees it: its decoded size from the base64 length alone
 * (no decoding of an oversized upload), the base64 itself, the container from its first bytes, and how long it plays:
 * exact for WAV and for an MP3 whose first frame counts its frames, else estimated from that frame's bitrate; other
 * containers are judged by their bytes only.
 */

/** What the audio is, once judged. `durationMs` is null when the container does not say cheaply. */
export interface JudgedAudio {
  bytes: Buffer;
  container: AudioContainer;
  durationMs: number | null;
}

export type AudioContainer = 'wav' | 'mp3' | 'ogg' | 'flac' | 'mp4' | 'webm' | 'unknown';

export type AudioVerdict = { ok: true; audio: JudgedAudio } | { ok: false; tooLarge: boolean; message: string };

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes a base64 text decodes to, from its length: `ceil(len / 4) * 3 - padding`. */
export function decodedSize(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.ceil(b64.length / 4) * 3 - padding);
}

/** Size first (from the length), then the alphabet, then the container and its duration. */
export function judgeAudio(b64: string, caps: { maxAudioBytes: number; maxAudioMs: number }): AudioVerdict {
  const size = decodedSize(b64);
  if (size > caps.maxAudioBytes)
    return { ok: false, tooLarge: true, message: `audio is ${size} bytes, over this node's ${caps.maxAudioBytes}` };
  if (b64.length === 0 || b64.length % 4 !== 0 || !STRICT_BASE64.test(b64))
    return { ok: false, tooLarge: false, message: 'audio is not valid base64' };
  const bytes = Buffer.from(b64, 'base64');
  const container = sniffContainer(bytes);
  const durationMs = container === 'wav' ? wavDurationMs(bytes) : container === 'mp3' ? mp3DurationMs(bytes) : null;
  if (durationMs !== null && durationMs > caps.maxAudioMs)
    return {
      ok: false,
      tooLarge: true,
      message: `audio plays ${Math.round(durationMs)} ms, over this node's ${caps.maxAudioMs} ms`,
    };
  return { ok: true, audio: { bytes, container, durationMs } };
}

/** The container by its magic bytes: a consumer's file name or type is never trusted for it. */
export function sniffContainer(b: Buffer): AudioContainer {
  const ascii = (at: number, s: string): boolean => b.length >= at + s.length && b.toString('latin1', at, at + 4) === s;
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return 'wav';
  if (ascii(0, 'OggS')) return 'ogg';
  if (ascii(0, 'fLaC')) return 'flac';
  if (ascii(4, 'ftyp')) return 'mp4';
  if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (b.length >= 3 && b.toString('latin1', 0, 3) === 'ID3') return 'mp3';
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) return 'mp3';
  return 'unknown';
}

/**
 * A WAV's duration: its `data` chunk's size over the `fmt ` chunk's byte rate. A data size past the end (streamed WAVs
 * write 0xFFFFFFFF) counts the bytes actually there. Null when either chunk is missing or the byte rate is 0.
 */
export function wavDurationMs(b: Buffer): number | null {
  let byteRate = 0;
  let at = 12;
  while (at + 8 <= b.length) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ' && body + 12 <= b.length) byteRate = b.readUInt32LE(body + 8);
    if (id === 'data') {
      if (byteRate === 0) return null;
      const dataBytes = Math.min(size, b.length - body);
      return (dataBytes * 1000) / byteRate;
    }
    // Chunks are padded to an even size.
    at = body + size + (size % 2);
  }
  return null;
}

/** Layer III bitrates in kbit/s by index: MPEG-1, then MPEG-2 and 2.5. */
const MP3_KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
const MP3_KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0];

/**
 * An MP3's duration: exact from the frame count a variable-bitrate encoder writes in its first frame (a Xing, Info or
 * VBRI header), else estimated from the first frame's bitrate over the bytes after the ID3 tag (exact for constant
 * bitrate). A variable-bitrate file's first frame may claim any rate, so only the count is trusted when there is one.
 * Null when no Layer III frame header is found where the first frame should be.
 */
export function mp3DurationMs(b: Buffer): number | null {
  let at = 0;
  if (b.length >= 10 && b.toString('latin1', 0, 3) === 'ID3') {
    // The tag's size is syncsafe (7 bits a byte); a footer adds 10 more.
    const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
    at = 10 + size + ((b[5]! & 0x10) !== 0 ? 10 : 0);
  }
  if (at + 4 > b.length) return null;
  const header = b.readUInt32BE(at);
  if (header >>> 21 !== 0x7ff) return null;
  const version = (header >>> 19) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved
  const layer = (header >>> 17) & 3; // 1 = Layer III
  if (version === 1 || layer !== 1) return null;
  const rate = MP3_SAMPLE_RATES[version]![(header >>> 10) & 3]!;
  const frames = mp3FrameCount(b, at, version, (header >>> 6) & 3);
  if (frames !== null && rate > 0) return (frames * (version === 3 ? 1152 : 576) * 1000) / rate;
  const kbps = (version === 3 ? MP3_KBPS_V1 : MP3_KBPS_V2)[(header >>> 12) & 15]!;
  if (kbps === 0) return null;
  return ((b.length - at) * 8) / kbps;
}

/** Sample rates in Hz by version (index 0 = MPEG-2.5, 2 = MPEG-2, 3 = MPEG-1) and rate index; 0 is reserved. */
const MP3_SAMPLE_RATES: Record<number, number[]> = {
  0: [11025, 12000, 8000, 0],
  2: [22050, 24000, 16000, 0],
  3: [44100, 48000, 32000, 0],
};

/**
 * The frame count of a Xing/Info header (after the side information, whose size depends on version and channels) or
 * a VBRI header (32 bytes after the frame header), when the first frame carries one; else null.
 */
function mp3FrameCount(b: Buffer, frame: number, version: number, channelMode: number): number | null {
  const mono = channelMode === 3;
  const sideInfo = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const xing = frame + 4 + sideInfo;
  const tag = (at: number): string => (at + 4 <= b.length ? b.toString('latin1', at, at + 4) : '');
  if ((tag(xing) === 'Xing' || tag(xing) === 'Info') && xing + 12 <= b.length) {
    // Flag bit 0: the frame count follows the flags.
    return (b.readUInt32BE(xing + 4) & 1) !== 0 ? b.readUInt32BE(xing + 8) : null;
  }
  const vbri = frame + 4 + 32;
  if (tag(vbri) === 'VBRI' && vbri + 18 <= b.length) return b.readUInt32BE(vbri + 14);
  return null;
}
