/**
 * A fetch whose line can be cut: while cut, every call fails as it would with no network at all. Given to a node as
 * the fetch it calls other machines with, it plays a crash or a power cut in-process: stopped while cut, the node's
 * last words (its goodbye to its siblings) never leave.
 */
export interface CuttableFetch {
  fetch: typeof fetch;
  cut(): void;
  mend(): void;
}

export function cuttableFetch(inner: typeof fetch = fetch): CuttableFetch {
  let cut = false;
  return {
    fetch: (input, init) => (cut ? Promise.reject(new TypeError('fetch failed: the line is cut')) : inner(input, init)),
    cut: () => void (cut = true),
    mend: () => void (cut = false),
  };
}
