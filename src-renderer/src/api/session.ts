/** The headless host's token check, done over plain HTTP before opening the bridge socket. */
import { sayNow } from '@shared/i18n/current';

export type SessionCheck =
  | { kind: 'ok'; apiVersion: number }
  | { kind: 'unauthorized'; message: string }
  /** The host did not answer usefully (down, restarting, a proxy error); worth trying again later. */
  | { kind: 'unreachable'; message: string };

export const SESSION_PATH = '/api/v1/session';

function errorMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null || !('message' in error)) return null;
  const message = (error as { message: unknown }).message;
  return typeof message === 'string' ? message : null;
}

export async function checkSession(token: string, fetchImpl: typeof fetch = fetch): Promise<SessionCheck> {
  let response: Response;
  try {
    response = await fetchImpl(SESSION_PATH, {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    return { kind: 'unreachable', message: sayNow()('common.link.noAnswer') };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401) {
    return { kind: 'unauthorized', message: errorMessage(body) ?? sayNow()('common.link.badToken') };
  }
  if (!response.ok) {
    return {
      kind: 'unreachable',
      message: errorMessage(body) ?? sayNow()('common.link.httpStatus', { status: String(response.status) }),
    };
  }
  const apiVersion =
    typeof body === 'object' && body !== null && 'apiVersion' in body
      ? (body as { apiVersion: unknown }).apiVersion
      : null;
  if (typeof apiVersion !== 'number') {
    return { kind: 'unreachable', message: sayNow()('common.link.notUnderstood') };
  }
  return { kind: 'ok', apiVersion };
}
