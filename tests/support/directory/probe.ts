import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

/** PHP `NodeRegistry::LIVENESS_TIMEOUT_S`. */
export const LIVENESS_TIMEOUT_MS = 5_000;

export interface ProbeResult {
  url: string;
  ok: boolean;
  status?: number;
  error?: string;
}

/**
 * `GET {endpoint}/iicp/health`. The path is appended literally, as PHP does, so a trailing slash in
 * the endpoint produces `//iicp/health` there too. HTTPS certificates are verified, as PHP does.
 */
export function probeHealth(endpoint: string, timeoutMs = LIVENESS_TIMEOUT_MS): Promise<ProbeResult> {
  const url = `${endpoint}/iicp/health`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve({ url, ok: false, error: 'invalid_url' });
  }
  const get = parsed.protocol === 'https:' ? httpsGet : parsed.protocol === 'http:' ? httpGet : null;
  if (!get) return Promise.resolve({ url, ok: false, error: 'unsupported_scheme' });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    // A fresh agent per probe: pooled keep-alive sockets would keep test servers from closing.
    const req = get(
      parsed,
      { agent: false, headers: { accept: 'application/json', 'user-agent': 'iicp-test-directory' } },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        finish({ url, ok: status >= 200 && status < 300, status });
      },
    );
    const timer = setTimeout(() => {
      finish({ url, ok: false, error: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err) => finish({ url, ok: false, error: (err as NodeJS.ErrnoException).code ?? err.message }));
  });
}
