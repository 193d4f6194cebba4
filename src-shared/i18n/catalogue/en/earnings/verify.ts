/** The English words of earnings: trust, differences and verifying the books. */
export const messages = {
  'earnings.trust.failed': 'The new key could not be trusted: {message}',
  'earnings.trust.open': 'Trust the new key',
  'earnings.trust.title': 'Trust the directory’s new key?',
  'earnings.trust.yes': 'Yes, trust the new key',
  'earnings.trust.busy': 'Trusting…',
  'earnings.trust.only':
    'Do this only if the directory’s operators announced a new key, ideally with this fingerprint: <code></code>.',
  'earnings.trust.then':
    'Awards signed with the new key then count as verified, and the key this node trusted until now (<code></code>) no longer does.',
  'earnings.differences.task': 'Task',
  'earnings.differences.time': 'Time',
  'earnings.differences.claimed': 'Claimed',
  'earnings.differences.signed': 'Signed award',
  'earnings.differences.what': 'What differs',
  'earnings.differences.notClaimed': 'not claimed',
  'earnings.differences.none': 'none',
  'earnings.differences.failed': 'The differing tasks could not be read: {error}',
  'earnings.differences.title': 'Tasks that differ',
  'earnings.differences.loading': 'Reading the tasks that differ…',
  'earnings.differences.empty': 'No task differs from the signed record.',
  'earnings.differences.shown':
    '{shown} of {total, plural, one {{totalCount} task} other {{totalCount} tasks}} shown, newest first.',
  'earnings.differences.more': 'Show {count} more',
  'earnings.verify.starting': 'Starting the check…',
  'earnings.verify.progress':
    'Checking again: {events, plural, one {{eventCount} event} other {{eventCount} events}} read so far.',
  'earnings.verify.title': 'Verified against the directory’s signed record',
  'earnings.verify.checkedAt': 'Checked at <time>{at}</time>.',
  'earnings.verify.lastFailed': 'The last check could not finish: {error}.',
  'earnings.verify.lastFailedNoAnswer': 'The last check could not finish: the directory did not answer.',
  'earnings.verify.recordProblems': 'The directory’s signed record has problems',
  'earnings.verify.couldNotStart': 'The check could not start: {error}',
  'earnings.verify.reading': 'Reading the record…',
  'earnings.verify.now': 'Verify now',
  'earnings.verify.readInAll':
    '{events, plural, one {{eventCount} event} other {{eventCount} events}} of the record read in all.',
  'earnings.verify.key': 'Directory key <code>{fingerprint}</code>, trusted since {since}.',
  'earnings.awardNote.unattributed': 'Awarded for a request that named no node of the network as the one asking.',
  'earnings.awardNote.crossOperator': 'Awarded for a request from a node of another verified operator.',
  'earnings.awardNote.unverifiedOperator': 'Awarded for a request from another node whose operator is not verified.',
  'earnings.awardNote.filedAs': 'Awarded; the directory filed it as “{value}”.',
  'earnings.awardNote.excluded':
    'Not paid: the request came from this node or another of your own machines, and the directory does not pay for those.',
  'earnings.verifyWords.label.verified': 'Verified',
  'earnings.verifyWords.why.verified': 'The directory’s signed record shows this award with a valid signature.',
  'earnings.verifyWords.label.notAwardedYet': 'Not awarded yet',
  'earnings.verifyWords.why.notAwardedYet': 'The directory has not answered this claim yet.',
  'earnings.verifyWords.label.awardedLess': 'Awarded less',
  'earnings.verifyWords.why.awardedLess': 'The signed record pays less than the node claimed.',
  'earnings.verifyWords.label.awardedMore': 'Awarded more',
  'earnings.verifyWords.why.awardedMore': 'The signed record pays more than the node claimed.',
  'earnings.verifyWords.label.notInLog': 'Not in the signed record',
  'earnings.verifyWords.why.notInLog':
    'The directory said it awarded this task, but its signed record has no such award.',
  'earnings.verifyWords.label.signatureInvalid': 'Signature invalid',
  'earnings.verifyWords.why.signatureInvalid':
    'The award is in the record, but its signature does not match the directory’s key.',
  'earnings.verifyWords.label.chainBroken': 'Chain broken',
  'earnings.verifyWords.why.chainBroken':
    'The award does not link to the event before it, so the record was changed around it.',
  'earnings.verifyWords.label.keyChanged': 'Key changed',
  'earnings.verifyWords.why.keyChanged': 'The award is signed with a new directory key that you have not accepted yet.',
  'earnings.verifyWords.label.otherNode': 'Credited to another node',
  'earnings.verifyWords.why.otherNode': 'The signed award for this node’s task names another node.',
  'earnings.verifyWords.label.neverClaimed': 'Never claimed',
  'earnings.verifyWords.why.neverClaimed': 'The signed record shows an award to this node for a task it never served.',
  'earnings.verifyWords.label.paidTwice': 'Paid twice by the directory',
  'earnings.verifyWords.why.paidTwice': 'The signed record pays this task a second time; only its first award counts.',
  'earnings.verifyWords.label.repeatedSeq': 'Repeated sequence number',
  'earnings.verifyWords.why.repeatedSeq':
    'The signed record lists this award under a sequence number it had already used, so it is not counted.',
  'earnings.verifyWords.credits': '{value, plural, one {{amount} credit} other {{amount} credits}}',
  'earnings.verifyWords.off':
    'Awards can be checked against the directory’s signed record once the node is registered.',
  'earnings.verifyWords.never': 'Awards have not been checked against the directory’s signed record yet.',
  'earnings.verifyWords.reading':
    'Checking the directory’s signed record: {count, plural, one {{shown} event} other {{shown} events}} so far.',
  'earnings.verifyWords.failed': 'The directory’s signed record could not be checked: {error}.',
  'earnings.verifyWords.failedNoAnswer': 'The directory’s signed record could not be checked: it did not answer.',
  'earnings.verifyWords.failure.keyUnreadable': 'the directory’s key could not be read',
  'earnings.verifyWords.failure.keyInvalid': 'the directory’s key is not one the node can use',
  'earnings.verifyWords.failure.logUnreadable': 'the record could not be read from the directory',
  'earnings.verifyWords.failure.logInvalid': 'the directory sent the record in a form the node cannot read',
  'earnings.verifyWords.failure.onThisComputer': 'the check failed on this computer (the Logs page says why)',
  'earnings.verifyWords.failure.nodeStopped': 'the node stopped',
  'earnings.verifyWords.partialAllMatch':
    '{checked} of {total, plural, one {{totalShown} award} other {{totalShown} awards}} checked against the directory’s signed record: {credits}, all match.',
  'earnings.verifyWords.partialDiffer':
    '{checked} of {total, plural, one {{totalShown} award} other {{totalShown} awards}} checked against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}} verified ({credits}); {differing, plural, one {{differingShown} task differs} other {{differingShown} tasks differ}}.',
  'earnings.verifyWords.partialProblems':
    '{checked} of {total, plural, one {{totalShown} award} other {{totalShown} awards}} checked against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}} verified ({credits}); the record itself has problems.',
  'earnings.verifyWords.allMatch':
    'Verified against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}}, {credits} — all match.',
  'earnings.verifyWords.differ':
    'Verified against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}}, {credits}; {differing, plural, one {{differingShown} task differs} other {{differingShown} tasks differ}}.',
  'earnings.verifyWords.problems':
    'Verified against the directory’s signed record: {verified, plural, one {{verifiedShown} award} other {{verifiedShown} awards}}, {credits}; the record itself has problems.',
  'earnings.verifyWords.unchecked':
    '{count, plural, one {{shown} newer award is} other {{shown} newer awards are}} not checked yet ({credits}); the next check includes them.',
  'earnings.verifyWords.difference': '{count, plural, one {{shown} task} other {{shown} tasks}}: {kind} ({credits}).',
  'earnings.verifyWords.waiting':
    '{count, plural, one {{shown} claim is} other {{shown} claims are}} not awarded yet ({credits}).',
  'earnings.verifyWords.stoppedNoProgress':
    'The directory’s log did not end: this check stopped after {pages, plural, one {{shown} page} other {{shown} pages}}, as page after page held none of this node’s awards; the next check goes on from there.',
  'earnings.verifyWords.stoppedLimit':
    'This check read as much of the directory’s log as one check may ({pages, plural, one {{shown} page} other {{shown} pages}}); the next check goes on from there.',
  'earnings.verifyWords.keyChanged':
    'The directory now signs with a different key ({newKey}) than the one this node trusted ({oldKey}); awards signed with it are not counted until you accept it.',
  'earnings.verifyWords.rewritten':
    'The directory’s signed record changed after this node verified it: events it had already checked are now different.',
  'earnings.verifyWords.chainBroken':
    'The signed record’s chain is broken in {count, plural, one {{shown} place} other {{shown} places}}: events were removed, reordered or changed.',
  'earnings.verifyWords.badSignatures':
    '{count, plural, one {{shown} event has} other {{shown} events have}} an invalid signature in the directory’s record.',
  'earnings.verifyWords.noticeTitle': 'Your earnings do not match the directory’s signed record',
} as const;
