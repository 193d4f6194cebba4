/**
 * The largest speech and moderation task the node takes, advertised as each capability's `limits` and held by the
 * task path. One place, so what the node advertises and what it refuses cannot drift apart.
 *
 * The sealed transport bounds the audio: a transcription's audio is base64 in the payload (×4/3), and the sealed
 * plaintext is base64url again inside an 8 MiB ciphertext, so about 4.5 MiB of raw audio is the most a sealed task
 * carries; 4 MiB leaves room for the other fields.
 */
export const SPEECH_LIMITS = Object.freeze({
  transcribe: Object.freeze({
    /** Decoded audio bytes. */
    maxAudioBytes: 4 * 1024 * 1024,
    /** Audio length: ten minutes. */
    maxAudioMs: 10 * 60 * 1000,
  }),
  speech: Object.freeze({
    /** UTF-8 bytes of the text to speak. */
    maxInputBytes: 4096,
  }),
  moderate: Object.freeze({
    /** UTF-8 bytes of all the texts together. */
    maxInputBytes: 64 * 1024,
    /** Texts in one request. */
    maxItems: 32,
  }),
});
