/**
 * Pulling a model onto the fake Ollama, whose stream goes backwards: three layers one after the other, and halfway
 * through each a line that says less than the one before. What the pages are told never goes back, and the bytes of
 * every layer count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PullInfo } from '@shared/contract';
import { createSay, english } from '@shared/i18n/say';
import { ModelPuller } from '@engine/backends/model-pull';
import type { TimerFns } from '@engine/net/timers';
import { startFakeBackend, type FakeBackend } from '../../support/backends';
import { eventually } from '../../support/eventually';

const LAYERS = [3_000_000_000, 600_000_000, 12_000];

/** The tell of every chunk of the stream, right after it was read: every step the pages could be shown. */
const atOnce: TimerFns = {
  setTimeout: (fn) => {
    queueMicrotask(fn);
    return {};
  },
  clearTimeout: () => undefined,
};

let fake: FakeBackend | null = null;
let puller: ModelPuller | null = null;

afterEach(async () => {
  puller?.stop();
  await fake?.close();
  fake = null;
});

describe('ModelPuller', () => {
  it('tells a figure that never goes back while layers start and a layer says less', async () => {
    fake = await startFakeBackend({
      flavour: 'ollama',
      models: [],
      pull: { layers: LAYERS, steps: 10, stepMs: 2, setback: true },
    });
    const told: PullInfo[] = [];
    const pulled: string[] = [];
    puller = new ModelPuller({
      onChange: () => told.push({ ...puller!.info! }),
      onPulled: (s) => pulled.push(s),
      timers: atOnce,
    });
    puller.start({ id: 'main', url: fake.url }, null, 'llava:7b');
    await eventually(() => expect(pulled).toEqual(['main']));

    const running = told.filter((t) => t.state === 'running' && t.completed !== null);
    // The stream was told in each of its layers, not only at its end.
    expect(new Set(running.map((t) => t.status).filter((s) => /^pulling [0-9a-f]{12}$/.test(s ?? ''))).size).toBe(
      LAYERS.length,
    );
    for (let i = 1; i < running.length; i++) {
      const [before, now] = [running[i - 1]!, running[i]!];
      expect(now.completed!, `told ${i}`).toBeGreaterThanOrEqual(before.completed!);
      expect(now.total!, `told ${i}`).toBeGreaterThanOrEqual(before.total!);
      expect(now.fraction!, `told ${i}`).toBeGreaterThanOrEqual(before.fraction!);
      expect(now.fraction!).toBeLessThanOrEqual(0.99);
    }
    const last = running.at(-1)!;
    expect(last.completed).toBe(LAYERS.reduce((a, b) => a + b));
    expect(last.total).toBe(LAYERS.reduce((a, b) => a + b));
    expect(puller.info).toMatchObject({ state: 'done', status: 'success' });
    // Our sentences travel by id, so the page says them in its language; the English is what it always was.
    expect(english.said(told[0]!.words)).toBe('Downloading llava:7b…');
    expect(english.said(puller.info!.words)).toBe(
      'llava:7b is on the server now; the node offers it with the next look.',
    );
    expect(createSay('de').said(puller.info!.words)).toBe(
      '„llava:7b“ ist jetzt auf dem Server; der Knoten bietet es beim nächsten Nachsehen an.',
    );
  });
});
