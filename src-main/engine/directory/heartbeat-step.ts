/**
 * One HEARTBEAT: the node's load and availability, a metrics batch, the answer to the directory's last liveness
 * challenge. A 200 brings the next challenge, the interval and the reputation; a refused token asks for a
 * re-registration, paced once the directory keeps refusing tokens it has just issued. Returns how long to wait
 * before the next turn.
 */
import { said } from '@shared/i18n/said';
import { failureSaid, failureDetails, isRestrictedDomainDenial, type DirectoryFailure } from './errors';
import { hmacHex } from './hmac';
import type { DirectoryResponse } from './http';
import type { HeartbeatState } from './link-options';
import { errText, type LinkSession } from './link-session';
import { heartbeatIntervalFrom, tokenRefusalPause } from './link-timing';
import { metricsBody, type MetricsBatch } from './metrics-batch';

export async function heartbeatOnce(s: LinkSession, token: string): Promise<number> {
  let hb: HeartbeatState;
  try {
    hb = await s.o.heartbeatState();
  } catch {
    hb = { load: 0, activeJobs: 0, available: false };
  }
  const batch = s.o.metrics.forHeartbeat();
  const body = heartbeatBody(s, hb, batch);
  let res: DirectoryResponse;
  const sentAt = Date.now();
  try {
    res = await s.request({ method: 'POST', route: '/v1/heartbeat', token, body });
  } catch (err) {
    s.failed('unreachable', said('network.link.unreachableServing'), 'heartbeat_fail', errText(err));
    return s.backoff();
  }
  if (!res.ok) return refused(s, res.failure);
  s.o.metrics.acknowledge(batch?.id ?? null, res.body.metrics_batch_accepted);
  s.beatSinceRegister = true;
  s.freshTokenRefusals = 0;
  const challenge = res.body.challenge;
  s.challenge = typeof challenge === 'string' && /^[0-9a-f]{1,128}$/.test(challenge) ? challenge : null;
  if (typeof res.body.reputation_score === 'number') {
    s.st.reputationScore = res.body.reputation_score;
    s.st.reputationAsOf = sentAt;
  }
  s.st.heartbeatIntervalMs = heartbeatIntervalFrom(res.body.next_heartbeat_ms);
  s.st.lastHeartbeatAt = Date.now();
  s.st.consecutiveFailures = 0;
  s.lastRetryAfterMs = undefined;
  s.setLink('registered', null);
  s.o.log('info', 'heartbeat_ok', batch ? `batch=${batch.id}` : '', false);
  s.o.onHeartbeatAccepted?.(hb, res.body);
  return s.st.heartbeatIntervalMs;
}

function heartbeatBody(s: LinkSession, hb: HeartbeatState, batch: MetricsBatch | null): Record<string, unknown> {
  const body: Record<string, unknown> = {
    node_id: s.o.nodeId,
    load: Math.min(1, Math.max(0, hb.load)),
    active_jobs: hb.activeJobs,
    available: hb.available,
    metrics: metricsBody(batch),
    auto_update_enabled: false,
  };
  if (batch) body.metrics_batch_id = batch.id;
  const key = s.o.secrets.get('node_hmac_key');
  if (s.challenge && key) body.challenge_response = hmacHex(key, s.challenge);
  if (hb.healthModels !== undefined) body.health_models = hb.healthModels;
  if (hb.backendStability) body.backend_stability = hb.backendStability;
  if (hb.pricing) body.pricing = hb.pricing;
  return body;
}

/** A heartbeat the directory did not take: how long to wait, 0 when a re-registration is due at once. */
function refused(s: LinkSession, f: DirectoryFailure): number {
  if (isRestrictedDomainDenial(f)) {
    // The token is fine; the domain wants a membership. Re-registering would be refused the same way.
    s.restricted(f, 'heartbeat_fail');
    return s.retryDelay();
  }
  if (f.status === 401 || f.status === 404 || f.status === 410) {
    s.o.log('warn', 'heartbeat_fail', `status=${f.status} code=${f.code} → re-register`);
    s.reregisterReason = `heartbeat answered ${f.status}`;
    s.challenge = null;
    // A directory that refuses the token it has just issued would otherwise get REGISTER/HEARTBEAT pairs as
    // fast as the round trips allow. Once is normal (it forgot us); twice in a row is a problem to say and pace.
    if (!s.beatSinceRegister) s.freshTokenRefusals += 1;
    if (s.freshTokenRefusals >= 2) {
      s.failed(
        'rejected',
        said('network.link.freshTokenRefused'),
        'token_refused',
        `status=${f.status} code=${f.code}`,
        f,
      );
      // Registrations succeed in between and reset the failure count, so the pause grows with the refusals.
      return tokenRefusalPause(s.freshTokenRefusals, s.o.backoffBaseMs, s.o.random);
    }
    return 0;
  }
  s.failed(
    f.status === 422 ? 'rejected' : 'unreachable',
    failureSaid(f),
    'heartbeat_fail',
    failureDetails(f, s.credentials()),
    f,
  );
  return s.retryDelay();
}
