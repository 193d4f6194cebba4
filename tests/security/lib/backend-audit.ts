/**
 * Checks what a fake backend was asked, in batches: the recorded calls (with their bodies) are taken out
 * of the fake as they are checked, so a 100 000-request run does not keep gigabytes of request bodies.
 */
import { INFERENCE_PATHS, OLLAMA_ADMIN_PATHS, type FakeBackend } from '../../support/backends';

/** What the node itself asks a backend (src-main/engine/backends/probe.ts and detect/). */
export const PROBE_PATHS: ReadonlySet<string> = new Set([
  '/',
  '/api/tags',
  '/api/ps',
  '/api/version',
  '/api/v1/models',
  '/api/v0/models',
  '/v1/models',
  '/version',
  '/health',
  '/props',
]);

/** Request headers a consumer may send that must never travel on to the backend. */
const CONSUMER_HEADERS = [
  'authorization',
  'origin',
  'cookie',
  'traceparent',
  'tracestate',
  'x-iicp-consumer-token',
  'x-iicp-require-e2e',
  'x-fuzz-marker',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-original-url',
  'x-rewrite-url',
  'forwarded',
];

export class BackendAudit {
  inference = 0;
  probes = 0;
  readonly byPath: Record<string, number> = {};
  readonly violations: string[] = [];

  constructor(
    private readonly backend: FakeBackend,
    private readonly models: readonly string[],
  ) {}

  /** Takes every call recorded so far out of the fake and checks it. */
  drain(): void {
    for (const c of this.backend.calls.splice(0)) {
      const key = `${c.method} ${c.path}`;
      this.byPath[key] = (this.byPath[key] ?? 0) + 1;
      const isInference = c.method === 'POST' && (INFERENCE_PATHS as readonly string[]).includes(c.path);
      // Ollama describes a model only through POST /api/show: a read, like the GETs of a look.
      const isProbe =
        (c.method === 'GET' && PROBE_PATHS.has(c.path)) || (c.method === 'POST' && c.path === '/api/show');
      if (!isInference && !isProbe) this.violations.push(`backend asked ${key}`);
      if (c.path.includes('..') || /%2e/i.test(c.path) || OLLAMA_ADMIN_PATHS.some((p) => c.path.startsWith(p)))
        this.violations.push(`backend asked an admin or dot path: ${key}`);
      if (isProbe) this.probes += 1;
      if (!isInference) continue;
      this.inference += 1;
      const model = (c.body as { model?: unknown } | undefined)?.model;
      if (typeof model !== 'string' || !this.models.includes(model))
        this.violations.push(`${key} for model ${JSON.stringify(model)?.slice(0, 80)}`);
      const leaked = Object.keys(c.headers).filter((k) => CONSUMER_HEADERS.includes(k));
      if (leaked.length > 0) this.violations.push(`${key} carried consumer headers ${leaked.join(', ')}`);
      if (JSON.stringify(c.headers).includes('fuzz-marker-secret'))
        this.violations.push(`${key} carried a consumer's secret`);
    }
  }
}
