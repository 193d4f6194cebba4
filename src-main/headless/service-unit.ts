/**
 * The text of the per-user service definitions `--install-service` writes: a systemd user unit (Linux) and a
 * launchd agent (macOS). Pure functions of the command line to run; service.ts does the writing.
 */

export const SYSTEMD_UNIT_NAME = 'iicp-provider.service';
export const LAUNCHD_LABEL = 'network.iicp.provider.headless';

/** run.ts: 64 bad flags, 73 the node is served by another process, 78 unusable data. A restart changes none of them. */
export const EXIT_CODES_NOT_WORTH_A_RESTART = [64, 73, 78] as const;

export interface ServiceCommand {
  /** Absolute path of the Node binary. */
  node: string;
  /** Everything after it: the built host's path and its flags. */
  args: string[];
}

export class ServiceTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceTextError';
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * systemd refuses to run an executable whose name holds quotes, a backslash or a control character ("Executable
 * name contains special characters"), however it is escaped; better said at install time than at every boot.
 */
export function systemdExecutableProblem(path: string): string | null {
  if (/["'\\]/.test(path) || CONTROL.test(path)) {
    return `systemd cannot run a program whose path contains quotes, backslashes or control characters: ${JSON.stringify(path)}`;
  }
  return null;
}

const hex2 = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/**
 * One word of an ExecStart= line (systemd.syntax, systemd.service "Command lines"): double-quoted so spaces stay
 * inside it; a backslash and a double quote escaped C-style, control characters as \xNN; `%` doubled, since
 * specifiers are expanded everywhere in a unit file. `$` is doubled only in arguments: systemd substitutes
 * variables there but not in the executable's name, where `$$` would stay two characters.
 */
export function systemdWord(value: string, role: 'executable' | 'argument'): string {
  let out = value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/%/g, '%%');
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\u0000-\u001f\u007f]/g, hex2);
  if (role === 'argument') out = out.replace(/\$/g, '$$$$');
  return `"${out}"`;
}

export function systemdExecStart(command: ServiceCommand): string {
  const problem = systemdExecutableProblem(command.node);
  if (problem) throw new ServiceTextError(problem);
  return [systemdWord(command.node, 'executable'), ...command.args.map((a) => systemdWord(a, 'argument'))].join(' ');
}

export function systemdUnit(command: ServiceCommand): string {
  return `# Written by \`npm run headless -- --install-service\`; the next install overwrites it, --uninstall-service removes it.
[Unit]
Description=IICP Provider (headless host)
# A crash loop (the backend or disk broken for good) ends after 5 failed starts in 5 minutes instead of running forever.
StartLimitIntervalSec=300
StartLimitBurst=5

[Service]
Type=exec
ExecStart=${systemdExecStart(command)}
Restart=on-failure
RestartSec=5
RestartPreventExitStatus=${EXIT_CODES_NOT_WORTH_A_RESTART.join(' ')}
SyslogIdentifier=iicp-provider

[Install]
WantedBy=default.target
`;
}

/**
 * Text content of an XML element. XML 1.0 cannot carry most control characters at all, not even as character
 * references, so they are refused; a carriage return is written as a reference, or a parser would turn it into a
 * line feed.
 */
export function xmlText(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(value)) {
    throw new ServiceTextError(
      `A value for the launchd agent contains a character XML cannot hold: ${JSON.stringify(value)}`,
    );
  }
  return value.replace(
    /[&<>"'\r]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c] ?? c,
  );
}

const string = (value: string) => `<string>${xmlText(value)}</string>`;

export interface LaunchdAgent extends ServiceCommand {
  stdoutPath: string;
  stderrPath: string;
}

/**
 * The launchd agent. KeepAlive with SuccessfulExit false restarts it after a failure but not after a clean stop;
 * launchd has no list of exit codes not to restart on, so ThrottleInterval spaces the retries of a failure that a
 * restart cannot fix (one a minute rather than launchd's 10 s).
 */
export function launchdPlist(agent: LaunchdAgent): string {
  const programArguments = [agent.node, ...agent.args].map((a) => `    ${string(a)}`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by the install-service option of the IICP Provider headless host; the next install overwrites it, the uninstall-service option removes it. -->
<plist version="1.0">
<dict>
  <key>Label</key>
  ${string(LAUNCHD_LABEL)}
  <key>ProgramArguments</key>
  <array>
${programArguments}
  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ThrottleInterval</key>
  <integer>60</integer>
  <key>StandardOutPath</key>
  ${string(agent.stdoutPath)}
  <key>StandardErrorPath</key>
  ${string(agent.stderrPath)}
</dict>
</plist>
`;
}
