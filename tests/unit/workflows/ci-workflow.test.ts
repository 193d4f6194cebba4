/**
 * The CI workflow (.github/workflows/ci.yml) runs only on GitHub, so what it must do is checked here: it parses, runs
 * `.ci/run` on every push and pull request with Node 22 and a time limit, and the `../shared` folder it checks out
 * is the one `.ci/run`'s working directory sees as `../shared`.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const WORKFLOW = join(ROOT, '.github', 'workflows', 'ci.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Job {
  'runs-on': string;
  'timeout-minutes'?: number;
  container?: { image?: string; options?: string };
  defaults?: { run?: { 'working-directory'?: string } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

function loadWorkflow(): Workflow {
  const doc = parseDocument(readFileSync(WORKFLOW, 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
}

const workflow = loadWorkflow();
const jobs = Object.values(workflow.jobs);
const ciJobs = jobs.filter((j) => j.steps.some((s) => s.run?.trim() === '.ci/run'));
const job = ciJobs[0]!;
const ciStep = job.steps.findIndex((s) => s.run?.trim() === '.ci/run');
/** Where a step's commands run, relative to the workspace. */
const workdir = (s: Step) => s['working-directory'] ?? job.defaults?.run?.['working-directory'] ?? '.';

describe('CI workflow', () => {
  it('runs on every push and pull request, with read-only permissions', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.on.push ?? null).toBeNull(); // every branch and tag, no filter
    expect(workflow.on.pull_request ?? null).toBeNull();
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('has one job that runs .ci/run once, on Ubuntu, within 45 minutes', () => {
    expect(ciJobs).toHaveLength(1);
    expect(jobs.flatMap((j) => j.steps).filter((s) => s.run?.includes('.ci/run'))).toHaveLength(1);
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(job['timeout-minutes']).toBe(45);
  });

  it('sets up Node 22 and checks out the project before .ci/run', () => {
    const setupNode = job.steps.findIndex((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode).toBeGreaterThanOrEqual(0);
    expect(String(job.steps[setupNode]!.with?.['node-version'])).toBe('22');
    expect(setupNode).toBeLessThan(ciStep);
    const project = job.steps.findIndex(
      (s) => s.uses?.startsWith('actions/checkout@') && s.with?.repository === undefined,
    );
    expect(project).toBeGreaterThanOrEqual(0);
    expect(project).toBeLessThan(ciStep);
    // .ci/run runs in the project's checkout.
    expect(posix.normalize(workdir(job.steps[ciStep]!))).toBe(
      posix.normalize(String(job.steps[project]!.with?.path ?? '.')),
    );
  });

  it("checks the fixtures folder out where .ci/run's tests look for ../shared", () => {
    const shared = job.steps.findIndex(
      (s) => s.uses?.startsWith('actions/checkout@') && s.with?.repository !== undefined,
    );
    expect(shared).toBeGreaterThanOrEqual(0);
    expect(shared).toBeLessThan(ciStep);
    expect(posix.normalize(String(job.steps[shared]!.with?.path))).toBe(
      posix.join(workdir(job.steps[ciStep]!), '..', 'shared'),
    );
  });

  it('runs in a privileged Debian container (Debian packages; namespaces for the router and fault tests)', () => {
    expect(job.container?.image).toMatch(/^debian:/);
    expect(job.container?.options).toContain('--privileged');
  });
});
