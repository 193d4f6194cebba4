export const SPEECH_LIMITS = {
  transcribe: { maxAudioBytes: 4 * 1024 * 1024, maxAudioMs: 10 * 60_000 },
  speech: { maxInputBytes: 4096 },
  moderate: { maxInputBytes: 64 * 1024, maxItems: 32 },
} as const;
