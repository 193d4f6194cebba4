#!/usr/bin/env node
/**
 * Refuses a Node.js older than the app needs, in one line, before anything loads better-sqlite3 (whose bundled
 * binary is built for Node 22: an older Node crashes on it with "Segmentation fault" instead of an error).
 *
 * Run first by the npm scripts (`node scripts/check-node.mjs && …`) and imported by the headless entry. Written for
 * old Node (no dependencies, nothing newer than Node 12 syntax) so that old Node can run it to say it is too old.
 * Prints nothing and exits 0 on a Node that is new enough.
 */

/** Same as package.json "engines". */
export const MINIMUM_NODE = '22.12.0';

function parts(version) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version).trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** True when `version` ("22.12.0" or "v22.12.0") is at least `minimum`; false for anything unreadable. */
export function isSupportedNode(version, minimum) {
  const have = parts(version);
  const need = parts(minimum === undefined ? MINIMUM_NODE : minimum);
  if (!have || !need) return false;
  for (let i = 0; i < 3; i++) {
    if (have[i] !== need[i]) return have[i] > need[i];
  }
  return true;
}

/** The one line a too-old Node gets, or null when `version` is fine. */
export function nodeVersionProblem(version) {
  if (isSupportedNode(version)) return null;
  const need = MINIMUM_NODE.replace(/\.0$/, '');
  const have = String(version).replace(/^v/, '');
  return 'IICP Provider needs Node ' + need + ' or newer; you have ' + have + ' — see README (Requirements).';
}

// Run as a script (not when imported, e.g. by the headless entry, which makes its own call).
const invoked = typeof process.argv[1] === 'string' && /(^|[\\/])check-node\.mjs$/.test(process.argv[1]);
if (invoked) {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem) {
    process.stderr.write(problem + '\n');
    process.exit(1);
  }
}
