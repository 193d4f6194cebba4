/**
 * Child process of the load bench: the slow fake LLM server and the test directory, together (both see
 * little traffic: at most `capacity` inference calls at once and one heartbeat every couple of seconds),
 * in a process of their own so that neither the node nor the load generator delays them.
 *
 *   support-process.ts <latencyMs> <heartbeatIntervalMs>
 *
 * On top of the fake's own exact `maxInFlight` (updated on every arrival) it samples the in-flight count
 * every 5 ms, so the report can say how full the backend was kept, not only that it was never over-full.
 */
import { startFakeBackend } from '../../support/backends';
import { startTestDirectory } from '../../support/directory';
import { serveChild } from '../lib/server-child';

export interface SupportInfo {
  backendUrl: string;
  directoryUrl: string;
  model: string;
  latencyMs: number;
  heartbeatIntervalMs: number;
}

export interface InFlightWindow {
  /** The fake's exact maximum of concurrent inference calls since `windowStart`. */
  maxInFlight: number;
  /** Inference calls that arrived inside the window. */
  calls: number;
  /** Time-weighted mean of the 5 ms samples of the in-flight count. */
  meanInFlight: number;
  /** Share of samples per in-flight count (index = count). */
  histogram: number[];
  samples: number;
}

export interface HeartbeatSeen {
  at: number;
  status: number;
}

const INFERENCE = new Set(['/v1/chat/completions', '/v1/completions', '/v1/embeddings']);

const latencyMs = Number(process.argv[2] ?? 300);
const heartbeatIntervalMs = Number(process.argv[3] ?? 2000);

serveChild<SupportInfo>(async () => {
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['llama3.2:3b'], latencyMs });
  // Loopback endpoints are not routable: the production rule is off, as in every local test. The liveness
  // probe stays on, so the node registers exactly as it would with the real directory.
  const directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs });

  let windowCalls = 0;
  let histogram: number[] = [];
  let samples = 0;
  let sampler: NodeJS.Timeout | null = null;
  const inferenceCalls = () => backend.calls.reduce((n, c) => n + (INFERENCE.has(c.path) ? 1 : 0), 0);
  // The fake keeps every call with its headers and body; the bench only needs counts, so it trims them.
  let trimmedInference = 0;
  const trim = setInterval(() => {
    if (backend.calls.length < 5000) return;
    trimmedInference += inferenceCalls();
    backend.calls.length = 0;
  }, 1000);
  const totalInference = () => trimmedInference + inferenceCalls();

  return {
    info: {
      backendUrl: backend.url,
      directoryUrl: directory.url,
      model: 'llama3.2:3b',
      latencyMs,
      heartbeatIntervalMs,
    },
    handlers: {
      windowStart: () => {
        backend.maxInFlight = backend.inFlight;
        windowCalls = totalInference();
        histogram = [];
        samples = 0;
        if (sampler) clearInterval(sampler);
        sampler = setInterval(() => {
          const n = backend.inFlight;
          while (histogram.length <= n) histogram.push(0);
          histogram[n]! += 1;
          samples += 1;
        }, 5);
        return true;
      },
      windowEnd: (): InFlightWindow => {
        if (sampler) clearInterval(sampler);
        sampler = null;
        const mean = samples === 0 ? 0 : histogram.reduce((a, count, n) => a + count * n, 0) / samples;
        return {
          maxInFlight: backend.maxInFlight,
          calls: totalInference() - windowCalls,
          meanInFlight: mean,
          histogram: histogram.map((c) => (samples === 0 ? 0 : c / samples)),
          samples,
        };
      },
      inFlight: () => backend.inFlight,
      maxInFlightEver: () => backend.maxInFlight,
      heartbeats: (): HeartbeatSeen[] => directory.state.heartbeats.map((h) => ({ at: h.at, status: h.status })),
      registrations: () => directory.state.registrations.filter((r) => r.status === 201 || r.status === 200).length,
    },
    close: async () => {
      clearInterval(trim);
      if (sampler) clearInterval(sampler);
      await directory.close();
      await backend.close();
    },
  };
});
