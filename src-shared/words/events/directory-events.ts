/** The IICP directory: registering, heartbeats, leaving, the access token. */
import type { EngineEventName } from './event-names';
import { sayNow } from '../../i18n/current';
import { bad, duration, good, inParens, type Details, type Entry } from './sentence-parts';

/** What went wrong between the node and the directory, from the details the directory link logs. */
type DirectoryTrouble =
  | { kind: 'network'; words: string | null }
  | { kind: 'slow_down'; waitMs: number | undefined }
  | {
      kind:
        | 'server'
        | 'forgot'
        | 'ownership'
        | 'liveness'
        | 'private_address'
        | 'refused'
        | 'no_token'
        | 'name_taken'
        | 'operator_revoked';
    }
  | { kind: 'membership'; has: boolean }
  | { kind: 'not_saved'; words: string | null };

function directoryTrouble(d: Details): DirectoryTrouble {
  // not-shown: the directory link's own details, matched
  if (d.raw.startsWith('no node_token')) return { kind: 'no_token' };
  // not-shown: the directory link's own details, matched
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
  const say = sayNow();
  const t = directoryTrouble(d);
  switch (t.kind) {
    case 'network':
      return say(again ? 'events.directory.registerAgainUnreachable' : 'events.directory.registerUnreachable', {
        why: inParens(t.words),
      });
    case 'slow_down':
      return t.waitMs
        ? say(again ? 'events.directory.registerAgainSlowDownIn' : 'events.directory.registerSlowDownIn', {
            wait: duration(t.waitMs),
          })
        : say(again ? 'events.directory.registerAgainSlowDown' : 'events.directory.registerSlowDown');
    case 'server':
      return say('events.directory.registerServer');
    case 'membership':
      return membershipWords(t.has);
    case 'ownership':
      return say('events.directory.ownership');
    case 'liveness':
      return say('events.directory.liveness');
    case 'private_address':
      return say('events.directory.privateAddress');
    case 'forgot':
      return say(again ? 'events.directory.registerAgainForgot' : 'events.directory.registerForgot');
    case 'no_token':
      return say('events.directory.noToken');
    case 'not_saved':
      return say('events.directory.signInNotSavedRetry', {
        why: inParens(t.words ?? say('events.directory.folderFull')),
      });
    case 'name_taken':
      return say('events.directory.nameTaken');
    case 'operator_revoked':
      return say('events.directory.operatorRevoked');
    case 'refused':
      return say('events.directory.refused');
  }
}

function membershipWords(has: boolean): string {
  return sayNow()(has ? 'events.directory.membershipRefused' : 'events.directory.membershipMissing');
}

function heartbeatFailed(d: Details): string {
  const say = sayNow();
  if (d.raw.includes('re-register'))
    return say(d.num('status') === 401 ? 'events.directory.tokenForgotten' : 'events.directory.nodeForgotten');
  const t = directoryTrouble(d);
  switch (t.kind) {
    case 'network':
      return say('events.directory.heartbeatUnreachable', { why: inParens(t.words) });
    case 'slow_down':
      return t.waitMs
        ? say('events.directory.heartbeatSlowDownIn', { wait: duration(t.waitMs) })
        : say('events.directory.heartbeatSlowDown');
    case 'server':
      return say('events.directory.heartbeatServer');
    case 'membership':
      return membershipWords(t.has);
    case 'liveness':
      return say('events.directory.heartbeatLiveness');
    default:
      return say('events.directory.heartbeatRefused');
  }
}

function deregisterFailed(d: Details): string {
  const say = sayNow();
  const t = directoryTrouble(d);
  if (t.kind === 'network') return say('events.directory.deregisterUnreachable', { why: inParens(t.words) });
  if (t.kind === 'forgot') return say('events.directory.deregisterForgot');
  return say('events.directory.deregisterFailed');
}

export const DIRECTORY_EVENTS = {
  register_ok: {
    label: 'events.label.registerOk',
    say: (d) => {
      const models = d.num('models');
      return good(
        models !== undefined
          ? sayNow()('events.directory.registeredModels', { count: models })
          : sayNow()('events.directory.registered'),
      );
    },
  },
  register_fail: { label: 'events.label.registerFail', say: (d) => bad(registerFailed(d, false)) },
  reregister_ok: {
    label: 'events.label.reregisterOk',
    say: (d) => {
      const models = d.num('models');
      return good(
        models !== undefined
          ? sayNow()('events.directory.registeredAgainModels', { count: models })
          : sayNow()('events.directory.registeredAgain'),
      );
    },
  },
  reregister_fail: { label: 'events.label.reregisterFail', say: (d) => bad(registerFailed(d, true)) },
  heartbeat_ok: { label: 'events.label.heartbeatOk', say: () => good(sayNow()('events.directory.checkedIn')) },
  heartbeat_fail: { label: 'events.label.heartbeatFail', say: (d) => bad(heartbeatFailed(d)) },
  token_refused: {
    label: 'events.label.tokenRefused',
    say: () => bad(sayNow()('events.directory.tokenRefused')),
  },
  deregister_ok: { label: 'events.label.deregisterOk', say: () => sayNow()('events.directory.removed') },
  deregister_fail: { label: 'events.label.deregisterFail', say: (d) => bad(deregisterFailed(d)) },
  secrets_not_saved: {
    label: 'events.label.secretsNotSaved',
    say: (d) =>
      bad(
        sayNow()('events.directory.signInNotSaved', {
          why: inParens(d.why() ?? sayNow()('events.directory.folderFull')),
        }),
      ),
  },
  directory_turn_failed: {
    label: 'events.label.directoryTurnFailed',
    say: () => bad(sayNow()('events.directory.turnFailed')),
  },
  directory_loop_crashed: {
    label: 'events.label.directoryLoopCrashed',
    say: () => bad(sayNow()('events.directory.loopCrashed')),
  },
} satisfies { readonly [K in EngineEventName]?: Entry };
