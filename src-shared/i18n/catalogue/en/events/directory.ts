/** The English words of events: the directory's and the operator's events. */
export const messages = {
  'events.directory.registerUnreachable': 'Could not reach the IICP directory to register{why}; the node tries again.',
  'events.directory.registerAgainUnreachable':
    'Could not reach the IICP directory to register again{why}; the node tries again.',
  'events.directory.registerSlowDownIn':
    'The IICP directory asked the node to slow down; it tries to register in {wait}.',
  'events.directory.registerAgainSlowDownIn':
    'The IICP directory asked the node to slow down; it tries to register again in {wait}.',
  'events.directory.registerSlowDown':
    'The IICP directory asked the node to slow down; it tries to register a little later.',
  'events.directory.registerAgainSlowDown':
    'The IICP directory asked the node to slow down; it tries to register again a little later.',
  'events.directory.registerServer':
    'The IICP directory had a problem of its own and could not take the registration; the node tries again.',
  'events.directory.ownership':
    'The IICP directory asked for proof that this computer owns the node, because the saved sign-in was not accepted.',
  'events.directory.liveness':
    'The IICP directory could not reach this node from the internet, so it did not take the registration. Check the port forwarding or the public address.',
  'events.directory.privateAddress':
    'The IICP directory refused the address: it is private or local, so the internet cannot reach it.',
  'events.directory.registerForgot':
    "The IICP directory did not accept the node's sign-in; the node tries to register with a fresh one.",
  'events.directory.registerAgainForgot':
    "The IICP directory did not accept the node's sign-in; the node tries to register again with a fresh one.",
  'events.directory.noToken':
    'The IICP directory accepted the registration but sent no sign-in token; the node tries again.',
  'events.directory.signInNotSavedRetry': 'The node could not save its new directory sign-in{why}; it tries again.',
  'events.directory.folderFull': 'the data folder is read-only or full',
  'events.directory.nameTaken':
    'The IICP directory refused the registration: another operator already uses your operator display name. Choose another one under Your operator identity in Settings.',
  'events.directory.operatorRevoked':
    'The IICP directory refused the registration: your operator identity was rotated or revoked there. Make a new one or import your current one under Your operator identity in Settings.',
  'events.directory.refused': 'The IICP directory refused the registration; the Dashboard says why.',
  'events.directory.membershipRefused':
    "This directory admits members only and did not accept the node's membership; enter a new one in Settings.",
  'events.directory.membershipMissing':
    'This directory admits members only, and the node has no membership yet; enter one in Settings.',
  'events.directory.tokenForgotten': "The IICP directory no longer knew this node's token, so it signed in again.",
  'events.directory.nodeForgotten': 'The IICP directory no longer knew this node, so it registered again.',
  'events.directory.heartbeatUnreachable':
    'Could not reach the IICP directory{why}; the node keeps serving and tries again.',
  'events.directory.heartbeatSlowDownIn':
    'The IICP directory asked the node to slow down; it checks in again in {wait}.',
  'events.directory.heartbeatSlowDown':
    'The IICP directory asked the node to slow down; it checks in again a little later.',
  'events.directory.heartbeatServer':
    'The IICP directory had a problem of its own when the node checked in; the node keeps serving and tries again.',
  'events.directory.heartbeatLiveness':
    'The IICP directory could not reach this node from the internet when it checked in.',
  'events.directory.heartbeatRefused': "The IICP directory refused the node's check-in; the node tries again.",
  'events.directory.deregisterUnreachable':
    'Could not reach the IICP directory to remove this node{why}; the node is still registered.',
  'events.directory.deregisterForgot':
    "The IICP directory did not take the removal with the node's current sign-in; the node signs in again and retries.",
  'events.directory.deregisterFailed': 'The IICP directory did not remove this node; it is still registered.',
  'events.directory.registeredModels':
    'Registered with the IICP directory, offering {count, plural, one {# model} other {# models}}.',
  'events.directory.registered': 'Registered with the IICP directory.',
  'events.directory.registeredAgainModels':
    'Registered again with the IICP directory, offering {count, plural, one {# model} other {# models}}.',
  'events.directory.registeredAgain': 'Registered again with the IICP directory.',
  'events.directory.checkedIn': 'The node checked in with the IICP directory.',
  'events.directory.tokenRefused':
    'The IICP directory keeps refusing the sign-in it has just issued; the node tries again after a pause.',
  'events.directory.removed': 'This node was removed from the IICP directory.',
  'events.directory.signInNotSaved': 'The node could not save its directory sign-in{why}.',
  'events.directory.turnFailed':
    'Talking to the IICP directory failed because of an error in this app; the node tries again.',
  'events.directory.loopCrashed':
    'The link to the IICP directory stopped because of an error in this app; restart the app to bring it back.',
  'events.operator.createdPrint':
    'You made your operator identity (fingerprint {fingerprint}). Every node that uses it counts as yours at the IICP directory.',
  'events.operator.created':
    'You made your operator identity. Every node that uses it counts as yours at the IICP directory.',
  'events.operator.renamedPrint':
    'You changed your operator display name (fingerprint {fingerprint}); the node tells the IICP directory when it next registers.',
  'events.operator.renamed':
    'You changed your operator display name; the node tells the IICP directory when it next registers.',
  'events.operator.exportedPrint':
    'You saved your operator identity to a file sealed with your passphrase (fingerprint {fingerprint}). Keep the file and the passphrase apart.',
  'events.operator.exported':
    'You saved your operator identity to a file sealed with your passphrase. Keep the file and the passphrase apart.',
  'events.operator.importedReplacedPrint':
    'You imported an operator identity from a file (fingerprint {fingerprint}); it replaced the one this computer had.',
  'events.operator.importedReplaced':
    'You imported an operator identity from a file; it replaced the one this computer had.',
  'events.operator.importedPrint':
    "You imported your operator identity from a file (fingerprint {fingerprint}); this computer's nodes now count as yours.",
  'events.operator.imported':
    "You imported your operator identity from a file; this computer's nodes now count as yours.",
  'events.operator.rotatedPrint':
    'You gave your operator identity a new key (fingerprint {fingerprint}); the old key was deleted and signs nothing any more.',
  'events.operator.rotated':
    'You gave your operator identity a new key; the old key was deleted and signs nothing any more.',
  'events.operator.boundPrint':
    'The IICP directory confirmed this node as yours (fingerprint {fingerprint}): it counts toward your operator wallet.',
  'events.operator.bound': 'The IICP directory confirmed this node as yours: it counts toward your operator wallet.',
  'events.operator.unverified':
    "The IICP directory registered this node but did not confirm your operator identity. Check this computer's date and time.",
} as const;
