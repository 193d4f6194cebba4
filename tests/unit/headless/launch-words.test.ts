/**
 * A launch words nothing before it has to. The first sentence a process formats loads its locale data (about 30 ms
 * here), so a module that formats words as it loads makes every launch of the host and of its engine pay for it.
 */
import type * as MessageFormat from 'intl-messageformat';
import { describe, expect, it, vi } from 'vitest';

const formatted = vi.hoisted(() => ({ count: 0 }));

vi.mock('intl-messageformat', async (importOriginal) => {
  const real = await importOriginal<typeof MessageFormat>();
  class CountedMessageFormat extends real.IntlMessageFormat {
    constructor(...args: ConstructorParameters<typeof real.IntlMessageFormat>) {
      super(...args);
      formatted.count += 1;
    }
  }
  return { ...real, IntlMessageFormat: CountedMessageFormat, default: CountedMessageFormat };
});

describe('launch', () => {
  it('loads the supervised host, the in-process host and the engine without formatting a sentence', async () => {
    await import('@main/headless/supervised-host');
    await import('@main/headless/host');
    await import('@main/headless/in-process-host');
    await import('@engine/index');
    expect(formatted.count).toBe(0);
  });

  it('counts a sentence once one is said (the check above can fail)', async () => {
    const { english } = await import('@shared/i18n/say');
    english('fleet.operator.nameTaken');
    expect(formatted.count).toBeGreaterThan(0);
  });
});
