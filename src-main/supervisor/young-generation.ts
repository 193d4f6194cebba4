/**
 * Our processes' young generation sized for their work, not for their launch
 * (docs/adr/0027-engine-young-generation.md).
 *
 * V8 grows the young generation's semi-spaces from 1 MB up to 16 MB when many objects survive a scavenge, as they do
 * while modules load and the node starts. The grown space stays resident until V8's memory reducer runs, 15–30 s into
 * an idle period: about 15 MB an idle engine, and a few more its headless host, carry for nothing. So each process's
 * entry holds the young generation at its starting size before it loads anything, and lets it grow again, as V8
 * would, once it runs: a loaded node sizes it as V8 does and gives it back when idle.
 *
 * `--semi-space-growth-factor` is read each time V8 considers growing, so a change at run time takes effect at the
 * next scavenge. It cannot be given on the command line: V8 raises a factor below 2 back to 2 as the heap is set up.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's own growth factor (2 in the V8 of Node 22 and since). */
const V8_GROWTH_FACTOR = 2;

/** Called first in a process's entry: the young generation keeps its starting size while the process starts. */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** Called once the process runs: from now on the young generation grows with the work, as V8 sizes it. */
export function letYoungGenerationGrow(): void {
  setFlagsFromString(`--semi-space-growth-factor=${V8_GROWTH_FACTOR}`);
}
