/**
 * The wizard's search finds speech servers beside the LLM servers: each named by what it answers, whatever port its
 * label says (whisper.cpp and llama.cpp both use 8080), with its models and their kinds; Kokoro's usual port is
 * among the ones looked at.
 */
import { describe, expect, it } from 'vitest';
import { detectBackends, WELL_KNOWN_BACKENDS } from '@engine/backends/detect';
import { startFakeBackend, startSpeechServer } from '../../../support/backends';
import { cleanupAfterEach } from '../../../support/cleanup';

const after = cleanupAfterEach();

describe('speech servers in the search', () => {
  it('finds whisper.cpp on llama.cpp’s label and Kokoro beside an LLM server, with their models’ kinds', async () => {
    const whisper = after.close(await startSpeechServer('whispercpp', { inferencePath: '/v1/audio/transcriptions' }));
    const kokoro = after.close(await startSpeechServer('kokoro'));
    const ollama = after.close(await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] }));
    const { candidates } = await detectBackends({
      wellKnown: [
        { url: ollama.url, label: 'ollama' },
        { url: whisper.url, label: 'llamacpp' },
        { url: kokoro.url, label: 'kokoro' },
      ],
    });
    const at = (url: string) => candidates.find((c) => c.url === url);
    expect(at(whisper.url)).toMatchObject({
      found: true,
      flavour: 'whispercpp',
      problem: null,
      models: [{ name: 'whisper-1', kind: 'transcribe', loaded: true }],
    });
    expect(at(kokoro.url)).toMatchObject({ found: true, flavour: 'kokoro', problem: null });
    expect(at(kokoro.url)?.models.map((m) => [m.name, m.kind])).toEqual([
      ['tts-1', 'speech'],
      ['tts-1-hd', 'speech'],
      ['kokoro', 'speech'],
      ['gpt-4o-mini-tts', 'speech'],
    ]);
    expect(at(ollama.url)).toMatchObject({ flavour: 'ollama', models: [{ name: 'qwen2.5:7b', kind: 'chat' }] });
  });

  it('looks at Kokoro-FastAPI’s usual port', () => {
    expect(WELL_KNOWN_BACKENDS.map((b) => b.url)).toContain('http://127.0.0.1:8880');
  });
});
