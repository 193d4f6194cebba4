/**
 * Entry of `npm run headless` (bundled to out/main/headless.js). It refuses a Node older than the app needs in one
 * line first (see scripts/check-node.mjs): the database module's bundled binary crashes an older Node outright.
 * The host itself (run.ts) is loaded only after the check: a static import would be evaluated before it.
 */
import { nodeVersionProblem } from '../../scripts/check-node.mjs';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
await import('./run');
