/**
 * Entry of `npm run headless` (bundled to out/main/headless.js). It refuses a Node older than the app needs in one
 * line first (see scripts/check-node.mjs): the database module's bundled binary crashes an older Node outright.
 * The host itself (run.ts) is loaded only after the check: a static import would be evaluated before it.
 * `--install-service` / `--uninstall-service` stop here (service.ts): they only write files and call the service
 * manager, and the Node that passed the check is the one the service will run.
 */
import { fileURLToPath } from 'node:url';
import { nodeVersionProblem } from '../../scripts/check-node.mjs';
import { holdYoungGeneration } from '../supervisor/young-generation';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
// Before anything else loads: the host's start would grow its young generation for the day (young-generation.ts).
holdYoungGeneration();
const argv = process.argv.slice(2);
if (argv.includes('--install-service') || argv.includes('--uninstall-service')) {
  const { consoleIo, runServiceCommand, systemServiceDeps } = await import('./service');
  process.exit(
    await runServiceCommand(
      argv,
      process.env,
      consoleIo,
      systemServiceDeps(process.env, fileURLToPath(import.meta.url)),
    ),
  );
}
await import('./run');
