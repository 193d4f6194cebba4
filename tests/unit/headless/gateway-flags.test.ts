/** `--gateway` and `--gateway-port`: parsed, in the help, passed to the engine and carried into a service. */
import { describe, expect, it } from 'vitest';
import { ConfigError, FLAG_ENV, HELP, parseHeadlessConfig, type HeadlessConfig } from '@main/headless/config';
import { headlessNodeOptions } from '@main/headless/node-options';
import { planService } from '@main/headless/service-plan';

const home = '/home/test';
function parse(argv: string[], env: NodeJS.ProcessEnv = {}): HeadlessConfig {
  const c = parseHeadlessConfig(argv, { HOME: home, ...env });
  if (c === 'help') throw new Error('unexpected help');
  return c;
}

describe('--gateway', () => {
  it('is off unless asked for: the stored setting decides', () => {
    expect(parse([]).overrides).not.toHaveProperty('gateway');
    expect(parse([], { IICP_GATEWAY: '0' }).overrides).not.toHaveProperty('gateway');
    expect(parse([], { IICP_GATEWAY: '' }).overrides).not.toHaveProperty('gateway');
  });

  it('turns the gateway on for this run and fixes nothing else of it (limits, keys and origins stay as stored)', () => {
    expect(parse(['--gateway']).overrides).toEqual({ gateway: { enabled: true } });
    expect(parse([], { IICP_GATEWAY: '1' }).overrides).toEqual({ gateway: { enabled: true } });
  });

  it('takes no value', () => {
    expect(() => parse(['--gateway=yes'])).toThrow(ConfigError);
  });
});

describe('--gateway-port', () => {
  it('is unset by default, so the engine listens on the stored port', () => {
    expect(parse([])).not.toHaveProperty('gatewayPort');
    expect(headlessNodeOptions(parse([]), 'test')).not.toHaveProperty('gatewayPort');
  });

  it('reads the flag, else IICP_GATEWAY_PORT, and passes the port to the engine', () => {
    expect(parse(['--gateway-port', '9600'])).toMatchObject({ gatewayPort: 9600 });
    expect(parse([], { IICP_GATEWAY_PORT: '9601' })).toMatchObject({ gatewayPort: 9601 });
    expect(parse(['--gateway-port', '9602'], { IICP_GATEWAY_PORT: '9603' })).toMatchObject({ gatewayPort: 9602 });
    expect(headlessNodeOptions(parse(['--gateway', '--gateway-port', '9600']), 'test')).toMatchObject({
      gatewayPort: 9600,
      overrides: { gateway: { enabled: true } },
    });
  });

  it('takes 0 for any free port (tests)', () => {
    expect(parse(['--gateway-port', '0'])).toMatchObject({ gatewayPort: 0 });
    expect(headlessNodeOptions(parse(['--gateway-port', '0']), 'test')).toMatchObject({ gatewayPort: 0 });
  });

  it.each(['80', '1023', '65536', 'abc', '9600.5', '-1'])('refuses %s with a clear message', (value) => {
    expect(() => parse([`--gateway-port=${value}`])).toThrow(/gateway port/);
    expect(() => parse([], { IICP_GATEWAY_PORT: value })).toThrow(/gateway port/);
  });
});

describe('the gateway flags elsewhere', () => {
  it('are in the help with their environment variables', () => {
    expect(HELP).toMatch(/--gateway\s.*\n(.*\n)*.*\[IICP_GATEWAY=1\]/);
    expect(HELP).toMatch(/--gateway-port N\s.*1024–65535/);
    expect(HELP).toContain('[IICP_GATEWAY_PORT]');
    expect(FLAG_ENV['gateway-port']).toBe('IICP_GATEWAY_PORT');
  });

  it('are carried into a service, given by flag or environment', () => {
    expect(planService(['--gateway', '--gateway-port', '9600'], { HOME: home }, home).args).toEqual(
      expect.arrayContaining(['--gateway', '--gateway-port', '9600']),
    );
    const fromEnv = planService([], { HOME: home, IICP_GATEWAY: '1', IICP_GATEWAY_PORT: '9601' }, home).args;
    expect(fromEnv).toEqual(expect.arrayContaining(['--gateway', '--gateway-port', '9601']));
    expect(planService([], { HOME: home }, home).args.join(' ')).not.toMatch(/gateway/);
  });

  it('warn a service that its gateway port would change at every start', () => {
    expect(planService(['--gateway', '--gateway-port', '0'], { HOME: home }, home).notes.join(' ')).toMatch(
      /gateway port is 0/,
    );
  });
});
