import { createRequire } from 'node:module';
import type * as Undici from 'undici';

let loaded: typeof Undici | null = null;

/**
 * undici, loaded at its first call instead of with the net room: a host reads the room's address rules at launch
 * (the headless configuration) and never calls out itself, and undici is the costliest module it would load with them
 * (about 10 MB and a noticeable part of a launch, before the engine is even started). Loaded synchronously, so a
 * call's path stays as it was.
 */
export function undici(): typeof Undici {
  loaded ??= createRequire(import.meta.url)('undici') as typeof Undici;
  return loaded;
}
