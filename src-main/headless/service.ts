/**
 * `npm run headless -- --install-service` / `--uninstall-service`: runs the headless host as a per-user service
 * (systemd --user on Linux, a launchd agent on macOS) with the options it was given, a fixed dashboard port and a
 * fixed token file, so the node comes back after a reboot without anyone at the keyboard.
 */
import { ConfigError, HELP, readHeadlessFlags } from './config';
import { SERVICE_EXIT, type ServiceDeps, type ServiceIo } from './service-deps';
import { installLaunchd, uninstallLaunchd } from './service-launchd';
import { planService } from './service-plan';
import { keepUrlCredentials, ServiceSecretsError } from './service-secrets';
import { installSystemd, uninstallSystemd } from './service-systemd';
import { ServiceTextError } from './service-unit';

export { SERVICE_EXIT, systemServiceDeps, type ServiceDeps, type ServiceIo } from './service-deps';

export const consoleIo: ServiceIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Returns the exit code; see SERVICE_EXIT. Never throws. */
export async function runServiceCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: ServiceIo,
  deps: ServiceDeps,
): Promise<number> {
  try {
    const flags = readHeadlessFlags(argv);
    if (flags.help) {
      io.out(HELP);
      return SERVICE_EXIT.ok;
    }
    if (!flags['install-service'] && !flags['uninstall-service'])
      throw new ConfigError('Give --install-service or --uninstall-service.');
    if (flags['install-service'] && flags['uninstall-service']) {
      throw new ConfigError('--install-service and --uninstall-service exclude each other; give one.');
    }
    if (deps.platform !== 'linux' && deps.platform !== 'darwin') {
      io.err(
        `iicp-provider: installing the headless host as a service is supported on Linux (systemd) and macOS (launchd), not on ${deps.platform}. ` +
          (deps.platform === 'win32'
            ? 'On Windows, use the desktop app (it can start at login), or Task Scheduler to run `npm run headless` at logon.\n'
            : '\n'),
      );
      return SERVICE_EXIT.usage;
    }
    if (flags['uninstall-service']) {
      return deps.platform === 'linux' ? await uninstallSystemd(env, io, deps) : await uninstallLaunchd(io, deps);
    }
    const plan = planService(argv, env, deps.cwd);
    // Before the service file exists: a service whose credentials could not be kept would call its servers without
    // them.
    plan.notes.push(...keepUrlCredentials(plan));
    return deps.platform === 'linux' ? await installSystemd(plan, env, io, deps) : await installLaunchd(plan, io, deps);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ServiceTextError) {
      io.err(`iicp-provider: ${err.message}\n(run with --help for the options)\n`);
      return SERVICE_EXIT.usage;
    }
    if (err instanceof ServiceSecretsError) {
      io.err(`iicp-provider: ${err.message}\nThe service was not installed.\n`);
      return SERVICE_EXIT.failed;
    }
    io.err(`iicp-provider: ${err instanceof Error ? err.message : String(err)}\n`);
    return SERVICE_EXIT.failed;
  }
}
