import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { removeIfExists, SERVICE_EXIT, type ServiceDeps, type ServiceIo, writeServiceFiles } from './service-deps';
import { SERVICE_TOKEN_FILE_NAME, type ServicePlan } from './service-plan';
import { LAUNCHD_LABEL, launchdPlist } from './service-unit';

export const launchdPaths = (home: string) => {
  const logDir = join(home, 'Library', 'Logs', 'IICP Provider');
  return {
    plist: join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`),
    logDir,
    stdout: join(logDir, 'headless.log'),
    stderr: join(logDir, 'headless.err.log'),
  };
};

const domain = (deps: ServiceDeps) => `gui/${deps.uid}`;
const service = (deps: ServiceDeps) => `${domain(deps)}/${LAUNCHD_LABEL}`;

/** Loaded now? (`launchctl print` fails for an unknown service.) */
async function loaded(deps: ServiceDeps): Promise<boolean> {
  return (await deps.run('launchctl', ['print', service(deps)])).code === 0;
}

export async function installLaunchd(plan: ServicePlan, io: ServiceIo, deps: ServiceDeps): Promise<number> {
  const paths = launchdPaths(deps.home);
  const text = launchdPlist({
    node: deps.node,
    args: [deps.entryScript, ...plan.args],
    stdoutPath: paths.stdout,
    stderrPath: paths.stderr,
  });
  const written = writeServiceFiles(plan, io, deps, {
    what: 'Agent file',
    path: paths.plist,
    text,
    ownerOnlyDirs: [paths.logDir],
  });
  if (!written) return SERVICE_EXIT.failed;
  const { url } = written;

  // bootstrap refuses a service that is loaded already; unloading first also makes an updated file count.
  if (await loaded(deps)) await deps.run('launchctl', ['bootout', service(deps)]);
  const boot = await deps.run('launchctl', ['bootstrap', domain(deps), paths.plist]);
  if (boot.code !== 0) {
    io.err(
      `iicp-provider: ${boot.missing ? 'launchctl was not found' : `\`launchctl bootstrap ${domain(deps)} …\` failed (exit ${boot.code ?? 'none'}): ${boot.output || 'no message'}`}.\n` +
        `The agent file is in place but not loaded. From a session logged in to the desktop, run:\n  launchctl bootstrap ${domain(deps)} "${paths.plist}"\n` +
        `Once it runs, the dashboard is at ${url}\n`,
    );
    return SERVICE_EXIT.managerUnavailable;
  }
  io.out(
    `launchctl bootstrap ${domain(deps)}: done\n` +
      `The IICP Provider agent was started, and starts again whenever you log in (if the dashboard does not answer, see the log).\n` +
      `Dashboard: ${url}\n` +
      `Logs: ${paths.stdout} and ${paths.stderr}\n` +
      `Remove it with: npm run headless -- --uninstall-service\n`,
  );
  return SERVICE_EXIT.ok;
}

export async function uninstallLaunchd(io: ServiceIo, deps: ServiceDeps): Promise<number> {
  const paths = launchdPaths(deps.home);
  if (!existsSync(paths.plist)) {
    io.out(`The IICP Provider agent is not installed (there is no ${paths.plist}).\n`);
    return SERVICE_EXIT.ok;
  }
  const wasLoaded = await loaded(deps);
  const stop = wasLoaded ? await deps.run('launchctl', ['bootout', service(deps)]) : null;
  removeIfExists(paths.plist);
  const kept = `Kept: the data folder, the dashboard token file (${SERVICE_TOKEN_FILE_NAME} in the data folder) and the logs in ${paths.logDir}; delete them yourself if you no longer need them.\n`;
  if (stop && stop.code !== 0) {
    io.err(
      `iicp-provider: \`launchctl bootout ${service(deps)}\` failed (exit ${stop.code ?? 'none'}): ${stop.output || 'no message'}.\n` +
        `Removed ${paths.plist}, but the agent may still be running until you log out, or run: launchctl bootout ${service(deps)}\n`,
    );
    io.out(kept);
    return SERVICE_EXIT.managerUnavailable;
  }
  io.out(`${wasLoaded ? 'Stopped the agent. ' : ''}Removed ${paths.plist}.\n${kept}`);
  return SERVICE_EXIT.ok;
}
