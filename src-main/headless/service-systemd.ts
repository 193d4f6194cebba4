import { lstatSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  type CommandResult,
  removeIfExists,
  SERVICE_EXIT,
  type ServiceDeps,
  type ServiceIo,
  writeServiceFiles,
} from './service-deps';
import { SERVICE_TOKEN_FILE_NAME, type ServicePlan } from './service-plan';
import { SYSTEMD_UNIT_NAME, systemdExecutableProblem, systemdUnit } from './service-unit';

/** Where `systemctl --user` looks for the person's own units. */
export function systemdUserDir(env: NodeJS.ProcessEnv, home: string): string {
  // The XDG spec ignores a relative XDG_CONFIG_HOME; so does systemd.
  const configHome =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(configHome, 'systemd', 'user');
}

const ENABLE_LATER = `systemctl --user daemon-reload && systemctl --user enable --now ${SYSTEMD_UNIT_NAME}`;

type Step = { args: string[]; result: CommandResult };

/** Runs `systemctl --user …` steps in order, stopping at the first that does not succeed. */
async function systemctl(deps: ServiceDeps, steps: string[][]): Promise<{ done: Step[]; failed: Step | null }> {
  const done: Step[] = [];
  for (const args of steps) {
    const result = await deps.run('systemctl', ['--user', ...args]);
    if (result.code !== 0) return { done, failed: { args, result } };
    done.push({ args, result });
  }
  return { done, failed: null };
}

const failure = (step: Step) =>
  step.result.missing
    ? 'systemctl was not found: this system does not seem to run systemd'
    : `\`systemctl --user ${step.args.join(' ')}\` failed (${step.result.code === null ? 'no exit code' : `exit ${step.result.code}`}): ${step.result.output || 'no message'}`;

export async function installSystemd(
  plan: ServicePlan,
  env: NodeJS.ProcessEnv,
  io: ServiceIo,
  deps: ServiceDeps,
): Promise<number> {
  const unrunnable = systemdExecutableProblem(deps.node);
  if (unrunnable) {
    io.err(`iicp-provider: ${unrunnable}\n`);
    return SERVICE_EXIT.usage;
  }
  const unitPath = join(systemdUserDir(env, deps.home), SYSTEMD_UNIT_NAME);
  const text = systemdUnit({ node: deps.node, args: [deps.entryScript, ...plan.args] });
  const written = writeServiceFiles(plan, io, deps, { what: 'Service file', path: unitPath, text });
  if (!written) return SERVICE_EXIT.failed;
  const { url, before } = written;

  // enable --now leaves a running service as it is; installing again is how a changed unit or a new build
  // (after a git pull) takes effect, so a reinstall restarts it.
  const steps = [
    ['daemon-reload'],
    before === null ? ['enable', '--now', SYSTEMD_UNIT_NAME] : ['enable', SYSTEMD_UNIT_NAME],
  ];
  if (before !== null) steps.push(['restart', SYSTEMD_UNIT_NAME]);
  const { done, failed } = await systemctl(deps, steps);
  for (const step of done) io.out(`systemctl --user ${step.args.join(' ')}: done\n`);
  if (failed) {
    io.err(
      `iicp-provider: ${failure(failed)}.\n` +
        `The service file is in place but the service is not ${failed.args[0] === 'restart' ? 'restarted' : 'enabled'}. ` +
        `From a login session of this account (not su or sudo), run:\n  ${failed.args[0] === 'restart' ? `systemctl --user restart ${SYSTEMD_UNIT_NAME}` : ENABLE_LATER}\n` +
        `Once it runs, the dashboard is at ${url}\n`,
    );
    return SERVICE_EXIT.managerUnavailable;
  }
  io.out(
    `The IICP Provider service was started, and starts again whenever you log in (if the dashboard does not answer, see the log).\n` +
      `To start it at boot without logging in, run once: loginctl enable-linger $USER\n` +
      `Dashboard: ${url}\n` +
      `Logs: journalctl --user -u iicp-provider\n` +
      `Remove it with: npm run headless -- --uninstall-service\n`,
  );
  return SERVICE_EXIT.ok;
}

function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export async function uninstallSystemd(env: NodeJS.ProcessEnv, io: ServiceIo, deps: ServiceDeps): Promise<number> {
  const unitDir = systemdUserDir(env, deps.home);
  const unitPath = join(unitDir, SYSTEMD_UNIT_NAME);
  // What `enable` links; left dangling if someone deleted the unit by hand.
  const wantsLink = join(unitDir, 'default.target.wants', SYSTEMD_UNIT_NAME);
  if (!isPresent(unitPath)) {
    const dangling = removeIfExists(wantsLink);
    io.out(
      `The IICP Provider service is not installed (there is no ${unitPath})${dangling ? `; removed the leftover link ${wantsLink}` : ''}.\n`,
    );
    return SERVICE_EXIT.ok;
  }
  const stop = await systemctl(deps, [['disable', '--now', SYSTEMD_UNIT_NAME]]);
  removeIfExists(unitPath);
  removeIfExists(wantsLink);
  if (!stop.failed) await systemctl(deps, [['daemon-reload']]);
  const kept = `Kept: the data folder and the dashboard token file (${SERVICE_TOKEN_FILE_NAME} in the data folder); delete them yourself if you no longer need them.\n`;
  if (stop.failed && !stop.failed.result.missing) {
    io.err(
      `iicp-provider: ${failure(stop.failed)}.\nRemoved ${unitPath}, but the service may still be running: from a login session of this account, run\n` +
        `  systemctl --user stop ${SYSTEMD_UNIT_NAME} && systemctl --user daemon-reload\n`,
    );
    io.out(kept);
    return SERVICE_EXIT.managerUnavailable;
  }
  io.out(
    `${stop.failed ? 'systemctl was not found, so nothing was running under systemd. ' : 'Stopped and disabled the service. '}Removed ${unitPath}.\n${kept}`,
  );
  return SERVICE_EXIT.ok;
}
