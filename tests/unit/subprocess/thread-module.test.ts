import { afterEach, describe, expect, it, vi } from 'vitest';
import { threadModule } from '@engine/subprocess/thread-module';

describe('threadModule', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('built, loads the named entry beside the bundle, without tsx', () => {
    vi.stubEnv('IICP_THREAD_BUNDLE_DIR', '/somewhere/else');
    const m = threadModule('pinhole-xml-worker', './xml-worker.ts', 'file:///app/out/main/engine-Cod4.js');
    expect(m.url.href).toBe('file:///app/out/main/pinhole-xml-worker.js');
    expect(m.execArgv).toEqual([]);
  });

  it('from source, loads the TypeScript beside the caller through tsx', () => {
    vi.stubEnv('IICP_THREAD_BUNDLE_DIR', '');
    const m = threadModule(
      'pinhole-xml-worker',
      './xml-worker.ts',
      'file:///repo/src-main/engine/nat/pinhole/xml-reader.ts',
    );
    expect(m.url.href).toBe('file:///repo/src-main/engine/nat/pinhole/xml-worker.ts');
    expect(m.execArgv).toEqual(['--import', 'tsx']);
  });

  it('from source with a bundle of the threads, loads the bundle by the built name', () => {
    vi.stubEnv('IICP_THREAD_BUNDLE_DIR', '/repo/node_modules/.cache/iicp-engine-bundle/abc');
    const m = threadModule(
      'pinhole-xml-worker',
      './xml-worker.ts',
      'file:///repo/src-main/engine/nat/pinhole/xml-reader.ts',
    );
    expect(m.url.href).toBe('file:///repo/node_modules/.cache/iicp-engine-bundle/abc/pinhole-xml-worker.js');
    expect(m.execArgv).toEqual([]);
  });
});
