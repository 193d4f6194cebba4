import { describe, expect, it } from 'vitest';
import { isConsumerFault } from '@engine/backends/upstream-error';

describe("the server's own words for an input over its context", () => {
  it.each([
    [500, 'input is too large to process. increase the physical batch size'],
    [500, 'input is larger than the max context size. skipping'],
  ])(
    'HTTP %i "%s" is the consumer’s to fix, as its 400 for a prompt over the context is; another 500 is the server’s',
    (status, detail) => {
      expect(isConsumerFault(status, detail)).toBe(true);
      expect(
        isConsumerFault(
          400,
          'the request exceeds the available context size. try increasing the context size or enable context shift',
        ),
      ).toBe(true);
      expect(isConsumerFault(500, 'Only one completion choice is allowed')).toBe(false);
    },
  );
});
