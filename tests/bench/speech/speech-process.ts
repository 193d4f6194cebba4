/**
 * Child process of the speech bench: the stand-in speech server (vLLM's answers, one Whisper model), which reads the
 * whole upload and parses its form before it answers, as a real server must before it can decode the audio.
 *
 *   speech-process.ts
 */
import { startSpeechServer } from '../../support/backends';
import { serveChild } from '../lib/server-child';

export interface SpeechInfo {
  url: string;
}

serveChild<SpeechInfo>(async () => {
  const s = await startSpeechServer('vllm_whisper', { models: ['whisper-large-v3'] });
  return {
    info: { url: s.url },
    // The stand-in keeps every call it served (each with its audio): forgotten between rounds, so memory stays flat.
    handlers: { forget: () => void (s.calls.length = 0) },
    close: () => s.close(),
  };
});
