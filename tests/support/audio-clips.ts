/** Small audio files built in memory: a WAV of a given length and an MP3 frame header, for the audio checks. */

/** A PCM WAV playing `ms` milliseconds at `byteRate` bytes a second (16 kHz mono 16-bit by default). */
export function wavClip(ms: number, byteRate = 32_000): Buffer {
  const data = Math.round((ms * byteRate) / 1000);
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8, 'latin1');
  b.write('fmt ', 12, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(byteRate / 2, 24); // sample rate
  b.writeUInt32LE(byteRate, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(data, 40);
  return b;
}

/** An MP3 of `bytes` bytes whose first frame says MPEG-1 Layer III (bitrate index 9: 128 kbit/s), behind an ID3 tag. */
export function mp3Clip(bytes: number, kbpsIndex = 9): Buffer {
  const b = Buffer.alloc(Math.max(bytes, 24));
  b.write('ID3', 0, 'latin1');
  b[3] = 4;
  b[9] = 10; // a 10-byte tag body
  const at = 20;
  b.writeUInt32BE(((0x7ff << 21) | (3 << 19) | (1 << 17) | (1 << 16) | (kbpsIndex << 12)) >>> 0, at);
  return b;
}
