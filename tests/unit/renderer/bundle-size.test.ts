/**
 * The dashboard's initial JavaScript stays within 300 KB gzipped (the app's footprint target). A size, not a time:
 * deterministic for a given build. It reads the built renderer (`npm test` builds before vitest runs);
 * without a build it is skipped and says why. The full footprint report: `npm run bench -- footprint`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_INITIAL_JS_TARGET_BYTES, rendererInitialJs } from '../../bench/footprint/renderer-size';

const RENDERER = join(process.cwd(), 'out/renderer');
const built = existsSync(join(RENDERER, 'index.html'));

describe('renderer bundle size', () => {
  if (!built)
    console.warn(
      `renderer-bundle-size: skipped, ${RENDERER}/index.html does not exist — run \`npm run build\` first (npm test does)`,
    );

  it.skipIf(!built)(
    `initial JS is at most ${RENDERER_INITIAL_JS_TARGET_BYTES / 1024} KB gzipped${built ? '' : ' (skipped: out/renderer not built — run npm run build)'}`,
    () => {
      const js = rendererInitialJs(RENDERER);
      expect(js.files.length, 'index.html loads no script').toBeGreaterThan(0);
      const list = js.files.map((f) => `${f.file} ${(f.gzipBytes / 1024).toFixed(1)} KB`).join(', ');
      expect(js.gzipBytes, `initial JS ${(js.gzipBytes / 1024).toFixed(1)} KB gzipped: ${list}`).toBeLessThanOrEqual(
        RENDERER_INITIAL_JS_TARGET_BYTES,
      );
    },
  );
});
