/** The IICP directory: registering, heartbeats, leaving, the access token. */
import type { EngineEventName } from './event-names';
import { bad, count, duration, good, inParens, type Details, type Entry } from './sentence-parts';

/** What went wrong between the node and the directory, from the details the directory link logs. */
type DirectoryTrouble =
  | { kind: 'network'; words: string | null }
  | { kind: 'slow_down'; waitMs: number | undefined }
  | { kind: 'server' | 'forgot' | 'ownership' | 'liveness' | 'private_address' | 'refused' | 'no_token' | 'name_taken' | 'operator_revoked' }
  | { kind: 'membership'; has: boolean }
  | { kind: 'not_saved'; words: string | null };

function directoryTrouble(d: Details): DirectoryTrouble {
  if (d.raw.startsWith('no node_token')) return { kind: 'no_token' };
  if (d.raw.startsWith('secrets not saved')) return { kind: 'not_saved', words: d.why() };
  const status = d.num('status');
  const code = d.get('code') ?? '';
  if (status === undefined) return { kind: 'network', words: d.why() };
  if (code === 'restricted_domain_denied') return { kind: 'membership', has: d.get('membership') === 'refused' };
  if (status === 429) return { kind: 'slow_down', waitMs: d.num('retry_after_ms') };
  if (status >= 500) return { kind: 'server' };
  if (code === 'IICP-E049' || code === 'IICP-E050') return { kind: 'ownership' };
  if (/IICP-E036|liveness_failed/.test(d.raw)) return { kind: 'liveness' };
  if (/IICP-E035/.test(d.raw)) return { kind: 'private_address' };
  if (/IICP-E051/.test(d.raw)) return { kind: 'name_taken' };
  if (/IICP-E063/.test(d.raw)) return { kind: 'operator_revoked' };
  if (status === 401 || status === 404 || status === 410) return { kind: 'forgot' };
  return { kind: 'refused' };
}

/** The sentence for a failed REGISTER (`again`: a re-registration while the node holds credentials). */
function registerFailed(d: Details, again: boolean): string {
  const t = directoryTrouble(d);
  const what = again ? 'register again' : 'register';
  switch (t.kind) {
    case 'network':
      return `Could not reach the IICP directory to ${what}${inParens(t.words)}; the node tries again.`;
    case 'slow_down':
      return `The IICP directory asked the node to slow down; it tries to ${what} ${t.waitMs ? `in ${duration(t.waitMs)}` : 'a little later'}.`;
    case 'server':
      return `The IICP directory had a problem of its own and could not take the registration; the node tries again.`;
    case 'membership':
      return membershipWords(t.has);
    case 'ownership':
      return 'The IICP directory asked for proof that this computer owns the node, because the saved sign-in was not accepted.';
    case 'liveness':
      return 'The IICP directory could not reach this node from the internet, so it did not take the registration. Check the port forwarding or the public address.';
    case 'private_address':
      return 'The IICP directory refused the address: it is private or local, so the internet cannot reach it.';
    case 'forgot':
      return `The IICP directory did not accept the node's sign-in; the node tries to ${what} with a fresh one.`;
    case 'no_token':
      return 'The IICP directory accepted the registration but sent no sign-in token; the node tries again.';
    case 'not_saved':
      return `The node could not save its new directory sign-in${inParens(t.words ?? 'the data folder is read-only or full')}; it tries again.`;
    case 'name_taken':
      return 'The IICP directory refused the registration: another operator already uses your operator display name. Choose another one under Your operator identity in Settings.';
    case 'operator_revoked':
      return 'The IICP directory refused the registration: your operator identity was rotated or revoked there. Make a new one or import your current one under Your operator identity in Settings.';
    case 'refused':
      return 'The IICP directory refused the registration; the Dashboard says why.';
  }
}

function membershipWords(has: boolean): string {
  return has
    ? "This directory admits members only and did not accept the node's membership; enter a new one in Settings."
    : 'This directory admits members only, and the node has no membership yet; enter one in Settings.';
}

function heartbeatFailed(d: Details): string {
  if (d.raw.includes('re-register')) {
    return d.num('status') === 401
      ? "The IICP directory no longer knew this node's token, so it signed in again."
      : 'The IICP directory no longer knew this node, so it registered again.';
  }
  const t = directoryTrouble(d);
  switch (t.kind) {
    case 'network':
      return `Could not reach the IICP directory${inParens(t.words)}; the node keeps serving and tries again.`;
    case 'slow_down':
      return `The IICP directory asked the node to slow down; it checks in again ${t.waitMs ? `in ${duration(t.waitMs)}` : 'a little later'}.`;
    case 'server':
      return 'The IICP directory had a problem of its own when the node checked in; the node keeps serving and tries again.';
    case 'membership':
      return membershipWords(t.has);
    case 'liveness':
      return 'The IICP directory could not reach this node from the internet when it checked in.';
    default:
      return 'The IICP directory refused the node\'s check-in; the node tries again.';
  }
}

function deregisterFailed(d: Details): string {
  const t = directoryTrouble(d);
  if (t.kind === 'network') return `Could not reach the IICP directory to remove this node${inParens(t.words)}; the node is still registered.`;
  if (t.kind === 'forgot') return "The IICP directory did not take the removal with the node's current sign-in; the node signs in again and retries.";
  return 'The IICP directory did not remove this node; it is still registered.';
}

export const DIRECTORY_EVENTS = {
  register_ok: {
    label: 'Registered',
    say: (d) => {
      const models = d.num('models');
      return good(`Registered with the IICP directory${models !== undefined ? `, offering ${count(models, 'model')}` : ''}.`);
    },
  },
  register_fail: { label: 'Registration failed', say: (d) => bad(registerFailed(d, false)) },
  reregister_ok: {
    label: 'Registered again',
    say: (d) => {
      const models = d.num('models');
      return good(`Registered again with the IICP directory${models !== undefined ? `, offering ${count(models, 'model')}` : ''}.`);
    },
  },
  reregister_fail: { label: 'Registering again failed', say: (d) => bad(registerFailed(d, true)) },
  heartbeat_ok: { label: 'Checked in', say: () => good('The node checked in with the IICP directory.') },
  heartbeat_fail: { label: 'Check-in failed', say: (d) => bad(heartbeatFailed(d)) },
  token_refused: {
    label: 'Sign-in refused',
    say: () => bad('The IICP directory keeps refusing the sign-in it has just issued; the node tries again after a pause.'),
  },
  deregister_ok: { label: 'Removed from the directory', say: () => 'This node was removed from the IICP directory.' },
  deregister_fail: { label: 'Removal failed', say: (d) => bad(deregisterFailed(d)) },
  secrets_not_saved: {
    label: 'Sign-in not saved',
    say: (d) => bad(`The node could not save its directory sign-in${inParens(d.why() ?? 'the data folder is read-only or full')}.`),
  },
  directory_turn_failed: {
    label: 'Directory error',
    say: () => bad('Talking to the IICP directory failed because of an error in this app; the node tries again.'),
  },
  directory_loop_crashed: {
    label: 'Directory link stopped',
    say: () => bad('The link to the IICP directory stopped because of an error in this app; restart the app to bring it back.'),
  },

} satisfies { readonly [K in EngineEventName]?: Entry };
